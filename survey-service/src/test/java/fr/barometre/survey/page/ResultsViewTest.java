package fr.barometre.survey.page;

import fr.barometre.survey.client.Assessment;
import fr.barometre.survey.client.Benchmark;
import fr.barometre.survey.client.Fetched;
import fr.barometre.survey.client.ResultsSources;
import fr.barometre.survey.questionnaire.Questionnaire;
import fr.barometre.survey.questionnaire.QuestionType;
import fr.barometre.survey.registry.Stratum;
import fr.barometre.survey.response.Participation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The results and participation pages' figures, as text: labels from the questionnaire, French formatting. */
class ResultsViewTest {

    private static final Questionnaire QUESTIONNAIRE = new Questionnaire("t.1", List.of(), List.of(
            new Questionnaire.Theme("DONNEES_IA", Map.of("fr", "Données et IA"), List.of(
                    new Questionnaire.Question("DIA-PLAN-FORMATION", QuestionType.MATURITY, true,
                            Map.of("fr", "Plan de formation"), null, null, null, null, null, null)))));

    private static ResultsSources.Results results(Fetched<Assessment> assessment, Fetched<Benchmark> benchmark) {
        return new ResultsSources.Results(assessment, benchmark);
    }

    @Test
    void scoresHaveTwoDecimalsWithADecimalCommaAndLevelsTheirNames() {
        assertEquals("62,50", ResultsView.score(new BigDecimal("62.5")));
        assertEquals("57,14", ResultsView.score(new BigDecimal("57.142857")));
        assertEquals("100,00", ResultsView.score(new BigDecimal("100")));
        assertEquals("Non évalué", ResultsView.score(null));
        assertEquals("0 – Pas engagé", ResultsView.level(0));
        assertEquals("4 – Effectif et en amélioration continue", ResultsView.level(4));
        assertEquals("Non évalué", ResultsView.level(null));
        assertEquals("Non évalué", ResultsView.level(5));
        assertEquals("75\u00a0%", ResultsView.percent(new BigDecimal("0.7500")));
        assertEquals("0\u00a0%", ResultsView.percent(BigDecimal.ZERO));
    }

    @Test
    void labelsComeFromTheQuestionnaireAndUnknownCodesStayCodes() {
        Assessment assessment = new Assessment("c", "216901231", 1, 1, "barometre-v1", new BigDecimal("50"),
                List.of(new Assessment.ThemeResult("DONNEES_IA", new BigDecimal("75"), 3, true),
                        new Assessment.ThemeResult("AUTRE", new BigDecimal("25"), 1, false)),
                new Assessment.Explanation(List.of(new Assessment.NextStep("DIA-PLAN-FORMATION", "DONNEES_IA", 3),
                        new Assessment.NextStep("X-INCONNUE", "AUTRE", 0))));
        ResultsView view = ResultsView.of("c", "Lyon", "216901231", QUESTIONNAIRE, results(Fetched.found(assessment), Fetched.computing()));

        assertEquals(ResultsView.Part.SHOWN, view.assessment());
        assertEquals(ResultsView.Part.COMPUTING, view.position());
        assertEquals("Données et IA", view.themes().get(0).label());
        assertEquals("AUTRE", view.themes().get(1).label());
        assertEquals(List.of("Données et IA"), view.engagedThemes());
        assertEquals(new ResultsView.NextStepRow("DIA-PLAN-FORMATION", "Plan de formation", "Données et IA", "3 – Actions formalisées"),
                view.nextSteps().get(0));
        assertEquals("X-INCONNUE", view.nextSteps().get(1).label());
    }

    @Test
    void positionsSayWhyTheyAreNotShown() {
        Benchmark benchmark = new Benchmark(new Benchmark.Edition("c", "LIVE", 5), "216901231", "S6", 1,
                new Benchmark.Position(new BigDecimal("50"), new BigDecimal("0.3333"), 4L, false, null),
                List.of(new Benchmark.ThemePosition("DONNEES_IA", new BigDecimal("75"), 3, true, null, null, true, "fewer than 5 authorities"),
                        new Benchmark.ThemePosition("CYBERSECURITE", null, null, false, null, null, false, null),
                        new Benchmark.ThemePosition("INCLUSION", new BigDecimal("25"), 1, false, null, null, false, null)));
        ResultsView view = ResultsView.of("c", "Lyon", "216901231", QUESTIONNAIRE, results(Fetched.unavailable(), Fetched.found(benchmark)));

        assertEquals(ResultsView.Part.UNAVAILABLE, view.assessment());
        assertNull(view.index());
        assertEquals(new ResultsView.PositionRow("INDEX", "Indice de maturité", "50,00", "33\u00a0%", "4", ""), view.indexPosition());
        assertEquals("Non communiquée (secret statistique : moins de 5 collectivités comparables)", view.themePositions().get(0).note());
        assertEquals("—", view.themePositions().get(0).percentRank());
        assertEquals("Pas de score sur ce thème", view.themePositions().get(1).note());
        assertEquals("Pas encore de comparaison possible", view.themePositions().get(2).note());
    }

    @Test
    void strataAreNamedByTheirBounds() {
        assertEquals("S1 · moins de 3\u00a0500 habitants", ParticipationView.label(Stratum.S1));
        assertEquals("S2 · 3\u00a0500 à 19\u00a0999 habitants", ParticipationView.label(Stratum.S2));
        assertEquals("S5 · 100\u00a0000 à 199\u00a0999 habitants", ParticipationView.label(Stratum.S5));
        assertEquals("S6 · 200\u00a0000 habitants et plus", ParticipationView.label(Stratum.S6));
    }

    @Test
    void aStratumWithoutAudienceHasAnEmptyBarAndNoRate() {
        Participation p = new Participation("c", new Participation.Counts(4, 1, 1, 2, 0.5),
                List.of(new Participation.StratumCounts(Stratum.S1, new Participation.Counts(4, 1, 1, 2, 0.5)),
                        new Participation.StratumCounts(Stratum.S2, new Participation.Counts(0, 0, 0, 0, 0))));
        ParticipationView view = ParticipationView.of(p);
        assertEquals("50,0\u00a0%", view.byStratum().get(0).rate());
        assertEquals("—", view.byStratum().get(1).rate());
        ParticipationView.Bar s1 = view.chart().bars().get(0);
        assertEquals(ParticipationView.BAR_WIDTH / 2.0, s1.submittedWidth());
        assertEquals(ParticipationView.BAR_X + ParticipationView.BAR_WIDTH / 2.0, s1.draftsX());
        assertEquals(ParticipationView.BAR_WIDTH / 4.0, s1.draftsWidth());
        assertEquals(0.0, view.chart().bars().get(1).submittedWidth());
        assertEquals("aucune collectivité invitée", view.chart().bars().get(1).caption());
    }
}
