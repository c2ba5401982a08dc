package fr.barometre.survey.response;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(name = "ResponseSummary")
public record ResponseSummary(@Schema(example = "216901231") String siren, @Schema(example = "Lyon") String name,
                              ResponseStatus status, int revision, Instant updatedAt, Instant submittedAt) {
}
