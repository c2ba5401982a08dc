package fr.barometre.survey.feed;

import fr.barometre.survey.response.Answer;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * A submitted revision as sent to scoring-service and served by the feed: the body of
 * {@code POST /internal/assessments}. Answers to TEXT questions are never part of it. Its
 * {@code traceparent} is the W3C trace context of the submitting request (null outside any trace):
 * whoever takes the submission in, by delivery or by the feed, continues that trace.
 */
@Schema(name = "SubmissionMessage")
public record SubmissionMessage(
        @Schema(example = "2025") String campaign,
        @Schema(example = "216901231") String siren,
        @Schema(example = "1") int revision,
        @Schema(example = "2025.1") String questionnaireVersion,
        Instant submittedAt,
        Profile profile,
        List<Answer> answers,
        @Schema(description = "W3C trace context of the submission (optional)",
                example = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01") String traceparent) {

    /** The same message within another trace context. */
    public SubmissionMessage withTraceparent(String traceparent) {
        return new SubmissionMessage(campaign, siren, revision, questionnaireVersion, submittedAt, profile, answers, traceparent);
    }

    /** The key receivers are idempotent on. */
    public String key() {
        return campaign + ":" + siren + ":" + revision;
    }
}
