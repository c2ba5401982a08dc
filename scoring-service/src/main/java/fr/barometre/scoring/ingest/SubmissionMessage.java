package fr.barometre.scoring.ingest;

import fr.barometre.scoring.assessment.Submission;
import fr.barometre.scoring.engine.Answer;
import fr.barometre.scoring.feed.Profile;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * A submitted revision, as survey-service delivers it (its outbox) and serves it (its feed).
 * A message breaking these constraints, or an answer breaking the maturity scale's rules
 * ({@link Answer#problem}), is refused with a 422 listing every problem, before anything is asked of
 * survey-service or stored ({@link SubmissionIngest}). Its optional {@code traceparent} is the
 * submission's trace context: a value that is not a W3C traceparent is refused like any broken field
 * (only survey-service writes it, from its OpenTelemetry context, so a wrong one is a fault to see).
 */
@Schema(name = "SubmissionMessage")
public record SubmissionMessage(
        @NotBlank(message = "is required") @Schema(required = true, example = "2025") String campaign,
        @NotNull(message = "must be 9 digits") @Pattern(regexp = "\\d{9}", message = "must be 9 digits")
        @Schema(required = true, example = "216901231") String siren,
        @NotNull(message = "must be 1 or more") @Min(value = 1, message = "must be 1 or more")
        @Schema(required = true, example = "1") Integer revision,
        @NotBlank(message = "is required") @Schema(required = true, example = "2025.1") String questionnaireVersion,
        Instant submittedAt,
        Profile profile,
        List<@NotNull(message = "is required") @Valid Answer> answers,
        @Pattern(regexp = TRACEPARENT, message = "must be a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>)")
        @Schema(description = "W3C trace context of the submission (optional)",
                example = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01") String traceparent) implements Submission {

    /** The W3C trace context, version 00, lower-case hex as the specification writes it. */
    public static final String TRACEPARENT = "^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$";
}
