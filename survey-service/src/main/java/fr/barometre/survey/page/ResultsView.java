package fr.barometre.survey.page;

import fr.barometre.survey.client.Assessment;
import fr.barometre.survey.client.Benchmark;
import fr.barometre.survey.client.Fetched;
import fr.barometre.survey.client.ResultsSources;
import fr.barometre.survey.questionnaire.Questionnaire;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The page "Vos résultats" of one authority, as text ready to show: its assessment (scoring-service)
 * and its position among the authorities of its stratum (reporting-service), each part either
 * shown, "en cours de calcul" (not computed yet) or "momentanément indisponible". Labels come from
 * the campaign's questionnaire document, never from the codes alone.
 */
public record ResultsView(String campaign, String authorityName, String siren, Part assessment, Part position,
                          String index, List<ThemeRow> themes, List<String> engagedThemes, List<NextStepRow> nextSteps,
                          String stratum, PositionRow indexPosition, List<PositionRow> themePositions) {

    /** The state of one part of the page. */
    public enum Part {
        SHOWN, COMPUTING, UNAVAILABLE;

        static Part of(Fetched<?> fetched) {
            return switch (fetched.state()) {
                case FOUND -> SHOWN;
                case COMPUTING -> COMPUTING;
                case UNAVAILABLE -> UNAVAILABLE;
            };
        }

        public boolean isShown() {
            return this == SHOWN;
        }

        public boolean isComputing() {
            return this == COMPUTING;
        }

        public boolean isUnavailable() {
            return this == UNAVAILABLE;
        }
    }

    /** A theme's score (two decimals), level and whether the authority is engaged on it. */
    public record ThemeRow(String code, String label, String score, String level, String engaged) {
    }

    /** A next step: the item, its theme and the level reached. */
    public record NextStepRow(String question, String label, String theme, String level) {
    }

    /** The position on a theme or the index: the share of the peers with a lower score, or why it is not shown. */
    public record PositionRow(String code, String label, String score, String percentRank, String peers, String note) {
    }

    static final String NOT_SCORED = "Non évalué";

    public static ResultsView of(String campaign, String authorityName, String siren, Questionnaire questionnaire,
                                 ResultsSources.Results results) {
        Map<String, String> themeLabels = new LinkedHashMap<>();
        questionnaire.themes().forEach(t -> themeLabels.put(t.code(), french(t.label(), t.code())));
        Map<String, Questionnaire.Question> questions = questionnaire.questionsByCode();

        Part assessmentPart = Part.of(results.assessment());
        String index = null;
        List<ThemeRow> themes = List.of();
        List<String> engaged = List.of();
        List<NextStepRow> nextSteps = List.of();
        if (results.assessment().isFound()) {
            Assessment a = results.assessment().value();
            index = score(a.index());
            themes = new ArrayList<>();
            engaged = new ArrayList<>();
            for (Assessment.ThemeResult t : a.themes()) {
                String label = themeLabels.getOrDefault(t.theme(), t.theme());
                themes.add(new ThemeRow(t.theme(), label, score(t.score()), level(t.level()), t.engaged() ? "Oui" : "Non"));
                if (t.engaged()) {
                    engaged.add(label);
                }
            }
            nextSteps = a.nextSteps().stream()
                    .map(s -> new NextStepRow(s.question(),
                            Optional.ofNullable(questions.get(s.question())).map(q -> french(q.label(), s.question())).orElse(s.question()),
                            themeLabels.getOrDefault(s.theme(), s.theme()), level(s.level())))
                    .toList();
        }

        Part positionPart = Part.of(results.benchmark());
        String stratum = null;
        PositionRow indexPosition = null;
        List<PositionRow> positions = List.of();
        if (results.benchmark().isFound()) {
            Benchmark b = results.benchmark().value();
            stratum = b.stratum();
            Integer threshold = b.edition() == null ? null : b.edition().confidentialityThreshold();
            indexPosition = b.index() == null ? null : position("INDEX", "Indice de maturité", b.index(), threshold);
            positions = b.themes().stream()
                    .map(t -> position(t.theme(), themeLabels.getOrDefault(t.theme(), t.theme()), t.position(), threshold))
                    .toList();
        }
        return new ResultsView(campaign, authorityName, siren, assessmentPart, positionPart, index, themes, engaged, nextSteps,
                stratum, indexPosition, positions);
    }

    private static PositionRow position(String code, String label, Benchmark.Position p, Integer threshold) {
        if (p.score() == null) {
            return new PositionRow(code, label, NOT_SCORED, "—", "—", "Pas de score sur ce thème");
        }
        if (p.withheld()) {
            return new PositionRow(code, label, score(p.score()), "—", "—",
                    "Non communiquée (secret statistique" + (threshold == null ? "" : " : moins de " + threshold + " collectivités comparables") + ")");
        }
        if (p.percentRank() == null) {
            return new PositionRow(code, label, score(p.score()), "—", "—", "Pas encore de comparaison possible");
        }
        return new PositionRow(code, label, score(p.score()), percent(p.percentRank()),
                p.peers() == null ? "—" : String.valueOf(p.peers()), "");
    }

    /** A score as shown: two decimals, French decimal comma; none when the theme has no scored item. */
    static String score(BigDecimal score) {
        return score == null ? NOT_SCORED : FrenchFormat.decimal(score, 2);
    }

    /** A share 0–1 as a whole percentage, French style ("75 %"). */
    static String percent(BigDecimal share) {
        return FrenchFormat.percent(share, 0);
    }

    static String level(Integer level) {
        return level == null || level < 0 || level >= MaturityScale.LEVELS.size() ? NOT_SCORED : level + " – " + MaturityScale.LEVELS.get(level);
    }

    private static String french(Map<String, String> label, String fallback) {
        return label == null ? fallback : label.getOrDefault("fr", fallback);
    }
}
