package fr.barometre.survey.feed;

import fr.barometre.survey.response.Answer;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * A submitted revision as sent to scoring-service and served by the feed: the body of
 * {@code POST /internal/assessments}. Answers to TEXT questions are never part of it.
 */
@Schema(name = "SubmissionMessage")
public record SubmissionMessage(
        @Schema(example = "2025") String campaign,
        @Schema(example = "216901231") String siren,
        @Schema(example = "1") int revision,
        @Schema(example = "2025.1") String questionnaireVersion,
        Instant submittedAt,
        Profile profile,
        List<Answer> answers) {

    /** The key receivers are idempotent on. */
    public String key() {
        return campaign + ":" + siren + ":" + revision;
    }
}
