package fr.barometre.scoring.engine;

import fr.barometre.scoring.model.Band;
import fr.barometre.scoring.model.ModelDefinition;
import fr.barometre.scoring.questionnaire.Questionnaire;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The barometer's scoring, exact:
 * <ul>
 *   <li>item score = level × 25 (0–100); NSP and NA are left out;</li>
 *   <li>theme score = weighted mean of the theme's scored items;</li>
 *   <li>theme level = the level whose band holds the exact, unrounded score;</li>
 *   <li>engaged ⇔ level ≥ the model's engaged level;</li>
 *   <li>a theme with no scored item has no score, no level, is not engaged;</li>
 *   <li>maturity index = weighted mean of the scores of the themes that have one.</li>
 * </ul>
 */
public final class Scorer {

    public static final int POINTS_PER_LEVEL = 25;
    public static final int MAX_LEVEL = 4;
    public static final int NEXT_STEPS = 5;

    private Scorer() {
    }

    public static Scoring score(Questionnaire questionnaire, List<Answer> answers, ModelDefinition model) {
        Map<String, Answer> byQuestion = new HashMap<>();
        answers.forEach(a -> byQuestion.put(a.question(), a));
        List<Scoring.ThemeScore> themes = new ArrayList<>();
        Ratio indexSum = null;
        BigDecimal indexWeight = BigDecimal.ZERO;
        for (Questionnaire.Theme theme : questionnaire.themes()) {
            Scoring.ThemeScore result = scoreTheme(theme, byQuestion, model);
            themes.add(result);
            BigDecimal weight = model.themeWeight(theme.code());
            if (result.hasScore() && weight.signum() > 0) {
                Ratio weighted = result.score().times(weight);
                indexSum = indexSum == null ? weighted : indexSum.plus(weighted);
                indexWeight = indexWeight.add(weight);
            }
        }
        Ratio index = indexSum == null ? null : indexSum.dividedBy(indexWeight);
        return new Scoring(themes, index, nextSteps(themes));
    }

    private static Scoring.ThemeScore scoreTheme(Questionnaire.Theme theme, Map<String, Answer> answers, ModelDefinition model) {
        BigDecimal weightedSum = BigDecimal.ZERO;
        BigDecimal totalWeight = BigDecimal.ZERO;
        List<Answer> scored = new ArrayList<>();
        List<Scoring.ItemScore> items = new ArrayList<>();
        for (Questionnaire.Question q : theme.questions()) {
            if (!q.isMaturity()) {
                continue;
            }
            Answer a = answers.get(q.code());
            if (a == null) {
                continue;
            }
            if (a.level() == null) {
                items.add(new Scoring.ItemScore(q.code(), null, a.abstention(), null, null, null));
                continue;
            }
            BigDecimal weight = model.itemWeight(q.code());
            weightedSum = weightedSum.add(weight.multiply(BigDecimal.valueOf((long) a.level() * POINTS_PER_LEVEL)));
            totalWeight = totalWeight.add(weight);
            scored.add(a);
        }
        if (scored.isEmpty() || totalWeight.signum() == 0) {
            List<Scoring.ItemScore> unscored = new ArrayList<>(items);
            for (Answer a : scored) {
                unscored.add(new Scoring.ItemScore(a.question(), a.level(), null, model.itemWeight(a.question()), a.level() * POINTS_PER_LEVEL, null));
            }
            return new Scoring.ThemeScore(theme.code(), null, null, false, order(theme, unscored));
        }
        for (Answer a : scored) {
            BigDecimal weight = model.itemWeight(a.question());
            int score = a.level() * POINTS_PER_LEVEL;
            items.add(new Scoring.ItemScore(a.question(), a.level(), null, weight, score,
                    new Ratio(weight.multiply(BigDecimal.valueOf(score)), totalWeight)));
        }
        Ratio score = new Ratio(weightedSum, totalWeight);
        int level = levelOf(score, model.bands());
        return new Scoring.ThemeScore(theme.code(), score, level, level >= model.engagedLevel(), order(theme, items));
    }

    /** The level whose band holds the exact score: from ≤ score < to, the last band including its upper bound. */
    public static int levelOf(Ratio score, List<Band> bands) {
        for (int i = 0; i < bands.size(); i++) {
            Band band = bands.get(i);
            boolean last = i == bands.size() - 1;
            if (score.atLeast(band.from()) && (last ? score.atMost(band.to()) : score.below(band.to()))) {
                return band.level();
            }
        }
        throw new IllegalArgumentException("No band holds the score " + score.rounded());
    }

    private static List<Scoring.ItemScore> order(Questionnaire.Theme theme, List<Scoring.ItemScore> items) {
        List<String> codes = theme.questions().stream().map(Questionnaire.Question::code).toList();
        return items.stream().sorted(Comparator.comparingInt(i -> codes.indexOf(i.question()))).toList();
    }

    /** Scored items below level 4, by their theme's score (lowest first), their level, their code; the first five. */
    private static List<Scoring.NextStep> nextSteps(List<Scoring.ThemeScore> themes) {
        record Candidate(Ratio themeScore, Scoring.NextStep step) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (Scoring.ThemeScore theme : themes) {
            if (!theme.hasScore()) {
                continue;
            }
            for (Scoring.ItemScore item : theme.items()) {
                if (item.level() != null && item.level() < MAX_LEVEL) {
                    candidates.add(new Candidate(theme.score(), new Scoring.NextStep(item.question(), theme.theme(), item.level())));
                }
            }
        }
        return candidates.stream()
                .sorted(Comparator.comparing(Candidate::themeScore)
                        .thenComparingInt(c -> c.step().level())
                        .thenComparing(c -> c.step().question()))
                .limit(NEXT_STEPS)
                .map(Candidate::step)
                .toList();
    }
}
