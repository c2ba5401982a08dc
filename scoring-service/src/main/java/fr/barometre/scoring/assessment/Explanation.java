package fr.barometre.scoring.assessment;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.barometre.scoring.engine.Scoring;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;

/** Why the scores are what they are: each item's contribution to its theme, and the next steps. */
@Schema(name = "Explanation")
public record Explanation(List<ThemeDetail> themes, List<Scoring.NextStep> nextSteps) {

    @Schema(name = "ThemeExplanation")
    public record ThemeDetail(String theme, List<Item> items) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "ItemContribution", description = "A scored item: its level, score, weight and the points it brings to its theme's score; an abstention is listed and left out.")
    public record Item(@Schema(example = "DIA-PLAN-FORMATION") String question, Integer level, String abstention,
                       @Schema(example = "50") Integer score, @Schema(example = "1") BigDecimal weight,
                       @Schema(description = "weight × score / the theme's total weight, two decimals", example = "12.5") BigDecimal contribution) {
    }

    static Explanation of(Scoring scoring) {
        List<ThemeDetail> themes = scoring.themes().stream()
                .map(t -> new ThemeDetail(t.theme(), t.items().stream()
                        .map(i -> new Item(i.question(), i.level(), i.abstention(), i.score(), i.weight(),
                                i.contribution() == null ? null : i.contribution().rounded()))
                        .toList()))
                .toList();
        return new Explanation(themes, scoring.nextSteps());
    }
}
