package fr.barometre.scoring.assessment;

import fr.barometre.scoring.engine.Answer;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A submitted revision, as survey-service delivers it. */
@Schema(name = "SubmissionMessage")
public record SubmissionMessage(
        @Schema(required = true, example = "2025") String campaign,
        @Schema(required = true, example = "216901231") String siren,
        @Schema(required = true, example = "1") Integer revision,
        @Schema(required = true, example = "2025.1") String questionnaireVersion,
        Instant submittedAt,
        Profile profile,
        List<Answer> answers) {
}
