package fr.barometre.reporting.fact;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/**
 * An assessment as scoring-service sends it: the body of {@code POST /internal/facts} and an item of
 * scoring-service's feed (same shape). Scores carry two decimals for display; levels and engaged
 * flags were decided by the sender on exact values.
 */
@Schema(name = "Fact")
public record Fact(
        @Schema(required = true, example = "2025") String campaign,
        @Schema(required = true, example = "216901231") String siren,
        @Schema(required = true, example = "1") Integer revision,
        @Schema(required = true, example = "2025.1") String questionnaireVersion,
        @Schema(required = true) Profile profile,
        List<Answer> answers,
        @Schema(required = true, example = "3") Integer assessmentVersion,
        @Schema(required = true, example = "barometre-v1") String model,
        @Schema(example = "57.14") BigDecimal index,
        @Schema(required = true) List<ThemeFact> themes) {

    public Fact {
        answers = answers == null ? List.of() : List.copyOf(answers);
    }

    /** The authority's profile snapshotted at submission. */
    @Schema(name = "Profile")
    public record Profile(@Schema(example = "COMMUNE") String kind, @Schema(example = "519127") Integer population,
                          @Schema(example = "S6") String stratum, @Schema(example = "69") String departement,
                          @Schema(example = "84") String region, List<String> networks) {
        public Profile {
            networks = networks == null ? List.of() : List.copyOf(networks);
        }
    }

    /** One answer: a maturity {@code level}, an {@code abstention}, or the {@code value} of a non-scored question. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Answer")
    public record Answer(@Schema(example = "DIA-PLAN-FORMATION") String question,
                         @Schema(minimum = "0", maximum = "4", example = "2") Integer level,
                         @Schema(enumeration = {"NSP", "NA"}) String abstention,
                         @Schema(description = "A choice code, a list of choice codes, a number or a boolean") JsonNode value) {
    }

    /** A theme's result; a theme with nothing scored has score and level null and is not engaged. */
    @Schema(name = "ThemeFact")
    public record ThemeFact(@Schema(example = "DONNEES_IA") String theme, @Schema(example = "62.5") BigDecimal score,
                            @Schema(example = "3") Integer level, @Schema(required = true) Boolean engaged) {
    }

    public Fact withAnswers(List<Answer> kept) {
        return new Fact(campaign, siren, revision, questionnaireVersion, profile, kept, assessmentVersion, model, index, themes);
    }
}
