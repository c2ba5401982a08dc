package fr.barometre.scoring.feed;

import fr.barometre.scoring.engine.Answer;
import fr.barometre.scoring.engine.Scoring;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/**
 * An assessment as reporting-service receives it: the body of {@code POST /internal/facts} and an
 * item of the feed. Scores carry two decimals for display; levels and engaged flags were decided on
 * exact values.
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
        List<ThemeFact> themes) {

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

    public String key() {
        return campaign + ":" + siren + ":" + assessmentVersion;
    }
}
