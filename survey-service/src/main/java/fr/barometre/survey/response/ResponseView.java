package fr.barometre.survey.response;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

@Schema(name = "Response", description = "An authority's response to a campaign.")
public record ResponseView(
        @Schema(example = "2025") String campaign,
        @Schema(example = "216901231") String siren,
        ResponseStatus status,
        @Schema(description = "1 for the first submission; an admin's reopening starts the next", example = "1") int revision,
        List<Answer> answers,
        Instant createdAt,
        Instant updatedAt,
        Instant submittedAt) {
}
