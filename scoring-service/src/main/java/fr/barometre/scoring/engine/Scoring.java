package fr.barometre.scoring.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.math.BigDecimal;
import java.util.List;

/** The outcome of scoring one answer set under one model, exact values kept. */
public record Scoring(List<ThemeScore> themes, Ratio index, List<NextStep> nextSteps) {

    /** A theme's result; without a scored item, no score, no level, not engaged. */
    public record ThemeScore(String theme, Ratio score, Integer level, boolean engaged, List<ItemScore> items) {
        @JsonIgnore
        public boolean hasScore() {
            return score != null;
        }
    }

    /**
     * An item of a theme: its level or abstention; when scored, its score, weight and the points it
     * contributes to the theme score (weight × score / total weight of the theme's scored items).
     */
    public record ItemScore(String question, Integer level, String abstention, BigDecimal weight, Integer score, Ratio contribution) {
    }

    /** A scored item below level 4: where progress is to be made. */
    public record NextStep(String question, String theme, int level) {
    }
}
