package fr.barometre.reporting.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/**
 * An assessment as scoring-service sends it: the body of {@code POST /internal/facts} and an item of
 * scoring-service's feed (same shape). Scores carry two decimals for display; levels and engaged
 * flags were decided by the sender on exact values.
 *
 * <p>The constraints here are the message's shape, checked by Bean Validation; what needs the
 * barometer's rules (theme codes, the maturity scale, what an answer holds, the questionnaire) is
 * checked by {@link FactIntake#prepare}, and both are answered together in one 422.
 *
 * <p>The optional {@code traceparent} is the assessment's trace context (the catch-up continues it);
 * a value that is not a W3C traceparent is refused like any broken field: only scoring-service writes
 * it, from its OpenTelemetry context, so a wrong one is a fault to see, not to pass over.
 */
@Schema(name = "Fact")
public record Fact(
        @NotBlank(message = REQUIRED_32) @Size(max = 32, message = REQUIRED_32)
        @Schema(required = true, example = "2025") String campaign,
        @NotNull(message = NINE_DIGITS) @Pattern(regexp = "\\d{9}", message = NINE_DIGITS)
        @Schema(required = true, example = "216901231") String siren,
        @NotNull(message = ONE_OR_MORE) @Min(value = 1, message = ONE_OR_MORE)
        @Schema(required = true, example = "1") Integer revision,
        @NotBlank(message = REQUIRED)
        @Schema(required = true, example = "2025.1") String questionnaireVersion,
        @NotNull(message = REQUIRED) @Valid
        @Schema(required = true) Profile profile,
        List<@Valid Answer> answers,
        @NotNull(message = ONE_OR_MORE) @Min(value = 1, message = ONE_OR_MORE)
        @Schema(required = true, example = "3") Integer assessmentVersion,
        @NotBlank(message = REQUIRED)
        @Schema(required = true, example = "barometre-v1") String model,
        @DecimalMin(value = "0", message = PERCENT) @DecimalMax(value = "100", message = PERCENT)
        @Schema(example = "57.14") BigDecimal index,
        @NotNull(message = REQUIRED)
        @Schema(required = true) List<@Valid ThemeFact> themes,
        @Pattern(regexp = TRACEPARENT, message = "must be a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>)")
        @Schema(description = "W3C trace context of the assessment (optional)",
                example = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01") String traceparent) {

    static final String REQUIRED = "is required";
    static final String REQUIRED_32 = "is required (at most 32 characters)";
    static final String NINE_DIGITS = "must be 9 digits";
    static final String ONE_OR_MORE = "must be 1 or more";
    static final String PERCENT = "must be between 0 and 100";
    /** The W3C trace context, version 00, lower-case hex as the specification writes it. */
    static final String TRACEPARENT = "^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$";

    public Fact {
        answers = answers == null ? List.of() : List.copyOf(answers);
    }

    /** The authority's profile snapshotted at submission. */
    @Schema(name = "Profile")
    public record Profile(@Schema(example = "COMMUNE") String kind, @Schema(example = "519127") Integer population,
                          @Pattern(regexp = "S[1-6]", message = "must be S1 to S6") @Schema(example = "S6") String stratum,
                          @Schema(example = "69") String departement, @Schema(example = "84") String region, List<String> networks) {
        public Profile {
            networks = networks == null ? List.of() : List.copyOf(networks);
        }
    }

    /** One answer: a maturity {@code level}, an {@code abstention}, or the {@code value} of a non-scored question. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Answer")
    public record Answer(@NotBlank(message = REQUIRED) @Schema(example = "DIA-PLAN-FORMATION") String question,
                         @Schema(minimum = "0", maximum = "4", example = "2") Integer level,
                         @Schema(enumeration = {"NSP", "NA"}) String abstention,
                         @Schema(description = "A choice code, a list of choice codes, a number or a boolean") JsonNode value) {
    }

    /** A theme's result; a theme with nothing scored has score and level null and is not engaged. */
    @Schema(name = "ThemeFact")
    public record ThemeFact(@Schema(example = "DONNEES_IA") String theme,
                            @DecimalMin(value = "0", message = PERCENT) @DecimalMax(value = "100", message = PERCENT)
                            @Schema(example = "62.5") BigDecimal score,
                            @Schema(example = "3") Integer level,
                            @NotNull(message = REQUIRED) @Schema(required = true) Boolean engaged) {
    }

    public Fact withAnswers(List<Answer> kept) {
        return new Fact(campaign, siren, revision, questionnaireVersion, profile, kept, assessmentVersion, model, index, themes,
                traceparent);
    }
}
