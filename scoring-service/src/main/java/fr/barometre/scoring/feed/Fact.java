package fr.barometre.scoring.feed;

import fr.barometre.scoring.engine.Answer;
import fr.barometre.scoring.engine.Scoring;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/**
 * An assessment as reporting-service receives it: the body of {@code POST /internal/facts} and an
 * item of the feed. Scores carry two decimals for display; levels and engaged flags were decided on
 * exact values. Its {@code traceparent} is the trace context current when the assessment was made
 * (an ingest's continues the submission's trace), so that reporting-service continues it.
 */
@Schema(name = "Fact")
public record Fact(
        @Schema(example = "2025") String campaign,
        @Schema(example = "216901231") String siren,
        @Schema(example = "1") int revision,
        @Schema(example = "2025.1") String questionnaireVersion,
        Profile profile,
        List<Answer> answers,
        @Schema(example = "3") int assessmentVersion,
        @Schema(example = "barometre-v1") String model,
        @Schema(example = "57.14") BigDecimal index,
        List<ThemeFact> themes,
        @Schema(description = "W3C trace context of the assessment (optional)",
                example = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01") String traceparent) {

    @Schema(name = "ThemeFact")
    public record ThemeFact(@Schema(example = "DONNEES_IA") String theme, @Schema(example = "62.5") BigDecimal score,
                            @Schema(example = "3") Integer level, boolean engaged) {

        /** Each theme's result as it travels: the score rounded for display, level and flag as decided. */
        public static List<ThemeFact> of(Scoring scoring) {
            return scoring.themes().stream()
                    .map(t -> new ThemeFact(t.theme(), t.hasScore() ? t.score().rounded() : null, t.level(), t.engaged()))
                    .toList();
        }
    }

    /** The same fact within another trace context. */
    public Fact withTraceparent(String traceparent) {
        return new Fact(campaign, siren, revision, questionnaireVersion, profile, answers, assessmentVersion, model, index,
                themes, traceparent);
    }

    public String key() {
        return campaign + ":" + siren + ":" + assessmentVersion;
    }
}
