package fr.barometre.scoring.engine;

import fr.barometre.scoring.model.Band;
import fr.barometre.scoring.model.ModelDefinition;
import fr.barometre.scoring.questionnaire.Questionnaire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** barometre-v1 to the letter. */
class ScorerTest {

    static final List<Band> V1_BANDS = List.of(
            new Band(0, new BigDecimal("0"), new BigDecimal("12.5")),
            new Band(1, new BigDecimal("12.5"), new BigDecimal("37.5")),
            new Band(2, new BigDecimal("37.5"), new BigDecimal("62.5")),
            new Band(3, new BigDecimal("62.5"), new BigDecimal("87.5")),
            new Band(4, new BigDecimal("87.5"), new BigDecimal("100")));
    static final ModelDefinition V1 = new ModelDefinition(Map.of(), Map.of(), V1_BANDS, 3);

    /** One theme T of the given maturity items, plus a second theme U of four items. */
    static Questionnaire questionnaire(String... items) {
        List<Questionnaire.Question> t = new ArrayList<>();
        for (String code : items) {
            t.add(new Questionnaire.Question(code, "MATURITY"));
        }
        t.add(new Questionnaire.Question("T-CHOICE", "SINGLE_CHOICE"));
        List<Questionnaire.Question> u = List.of(new Questionnaire.Question("U1", "MATURITY"), new Questionnaire.Question("U2", "MATURITY"),
                new Questionnaire.Question("U3", "MATURITY"), new Questionnaire.Question("U4", "MATURITY"));
        return new Questionnaire("test", List.of(), List.of(new Questionnaire.Theme("T", t), new Questionnaire.Theme("U", u)));
    }

    static Answer level(String q, int level) {
        return new Answer(q, level, null, null);
    }

    static Answer abstain(String q, String code) {
        return new Answer(q, null, code, null);
    }

    private static Scoring.ThemeScore theme(Scoring s, String code) {
        return s.themes().stream().filter(t -> t.theme().equals(code)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "exact score {0} → level {1}")
    @CsvSource({
            "0, 0", "12.4999, 0", "12.5, 1", "37.4999, 1", "37.5, 2", "62.4999, 2", "62.5, 3", "87.4999, 3", "87.5, 4", "100, 4"})
    void eachBandBoundBelongsToTheUpperBand(String score, int level) {
        assertEquals(level, Scorer.levelOf(Ratio.of(new BigDecimal(score)), V1_BANDS));
    }

    @Test
    void aMeanOfExactly62point5IsLevel3AndEngaged() {
        // (3 + 2) / 2 × 25 = 62.5 exactly
        Scoring s = Scorer.score(questionnaire("T1", "T2"), List.of(level("T1", 3), level("T2", 2)), V1);
        assertEquals(new BigDecimal("62.50"), theme(s, "T").score().rounded());
        assertEquals(3, theme(s, "T").level());
        assertTrue(theme(s, "T").engaged());
    }

    @Test
    void aMeanAHairBelowABoundIsDecidedOnTheExactValue() {
        // levels 3,3,2 with weights 1,1,1 → 8/3 × 25 = 66.67 (level 3); weights 1, 1, 1.0001 on the 2 →
        // (75 + 75 + 50.005) / 3.0001 = 66.666... still 3. A true hair below 62.5: 2 × 62.5 − ε.
        ModelDefinition weighted = new ModelDefinition(Map.of("T1", new BigDecimal("1"), "T2", new BigDecimal("1.0001")), Map.of(), V1_BANDS, 3);
        // (75 × 1 + 50 × 1.0001) / 2.0001 = 125.005 / 2.0001 = 62.4994... → level 2, not engaged, though it shows as 62.50
        Scoring s = Scorer.score(questionnaire("T1", "T2"), List.of(level("T1", 3), level("T2", 2)), weighted);
        assertEquals(2, theme(s, "T").level());
        assertFalse(theme(s, "T").engaged());
        assertEquals(new BigDecimal("62.50"), theme(s, "T").score().rounded());
    }

    @Test
    void eachBoundOnBothSidesThroughRealAnswers() {
        // one item at level L gives 25 L; two items give means at 12.5 steps
        record Case(int a, int b, int level) {
        }
        for (Case c : List.of(new Case(0, 0, 0), new Case(0, 1, 1), new Case(1, 1, 1), new Case(1, 2, 2), new Case(2, 2, 2),
                new Case(2, 3, 3), new Case(3, 3, 3), new Case(3, 4, 4), new Case(4, 4, 4))) {
            Scoring s = Scorer.score(questionnaire("T1", "T2"), List.of(level("T1", c.a()), level("T2", c.b())), V1);
            assertEquals(c.level(), theme(s, "T").level(), c.toString());
            assertEquals(c.level() >= 3, theme(s, "T").engaged(), c.toString());
        }
    }

    @Test
    void abstentionsAreLeftOutOfScoresAndMeans() {
        Scoring s = Scorer.score(questionnaire("T1", "T2", "T3"),
                List.of(level("T1", 4), abstain("T2", "NSP"), abstain("T3", "NA")), V1);
        assertEquals(new BigDecimal("100.00"), theme(s, "T").score().rounded());
        assertEquals(4, theme(s, "T").level());
        assertEquals(3, theme(s, "T").items().size());
        assertNull(theme(s, "T").items().get(1).score());
    }

    @Test
    void aThemeWithNothingScoredHasNoScoreNoLevelAndIsNotEngaged() {
        Scoring s = Scorer.score(questionnaire("T1", "T2"), List.of(abstain("T1", "NSP"), level("U1", 4)), V1);
        Scoring.ThemeScore t = theme(s, "T");
        assertNull(t.score());
        assertNull(t.level());
        assertFalse(t.engaged());
        // the index is the mean of the themes that have a score: U alone
        assertEquals(new BigDecimal("100.00"), s.index().rounded());
    }

    @Test
    void nothingScoredAnywhereMeansNoIndex() {
        Scoring s = Scorer.score(questionnaire("T1"), List.of(), V1);
        assertNull(s.index());
        assertTrue(s.nextSteps().isEmpty());
    }

    @Test
    void itemWeightsMakeAWeightedMean() {
        ModelDefinition m = new ModelDefinition(Map.of("T1", new BigDecimal("3"), "ABSENT", new BigDecimal("9")), Map.of(), V1_BANDS, 3);
        // (3 × 100 + 1 × 0) / 4 = 75
        Scoring s = Scorer.score(questionnaire("T1", "T2"), List.of(level("T1", 4), level("T2", 0)), m);
        assertEquals(new BigDecimal("75.00"), theme(s, "T").score().rounded());
        assertEquals(3, theme(s, "T").level());
        // contributions: 3 × 100 / 4 = 75 and 0
        assertEquals(new BigDecimal("75.00"), theme(s, "T").items().get(0).contribution().rounded());
        assertEquals(new BigDecimal("0.00"), theme(s, "T").items().get(1).contribution().rounded());
    }

    @Test
    void theIndexIsTheThemeWeightedMeanOfThemeScores() {
        List<Answer> answers = List.of(level("T1", 4), level("U1", 1), level("U2", 1), level("U3", 1), level("U4", 1));
        // T = 100, U = 25: unweighted index 62.5; with U weighing 3: (100 + 75) / 4 = 43.75
        assertEquals(new BigDecimal("62.50"), Scorer.score(questionnaire("T1"), answers, V1).index().rounded());
        ModelDefinition m = new ModelDefinition(Map.of(), Map.of("U", new BigDecimal("3")), V1_BANDS, 3);
        assertEquals(new BigDecimal("43.75"), Scorer.score(questionnaire("T1"), answers, m).index().rounded());
    }

    @Test
    void nonMaturityAnswersAreNotScored() {
        Scoring s = Scorer.score(questionnaire("T1"),
                List.of(level("T1", 2), new Answer("T-CHOICE", null, null, com.fasterxml.jackson.databind.node.TextNode.valueOf("X"))), V1);
        assertEquals(1, theme(s, "T").items().size());
        assertEquals(new BigDecimal("50.00"), theme(s, "T").score().rounded());
    }

    @Test
    void theEngagedLevelIsTheModels() {
        ModelDefinition strict = new ModelDefinition(Map.of(), Map.of(), V1_BANDS, 4);
        Scoring s = Scorer.score(questionnaire("T1"), List.of(level("T1", 3)), strict);
        assertEquals(3, theme(s, "T").level());
        assertFalse(theme(s, "T").engaged());
    }

    @Test
    void nextStepsAreTheFiveLowestByThemeScoreThenLevelThenCode() {
        // T: T1=1, T2=0, T3=4 → (25 + 0 + 100) / 3 = 41.67; U: U1=3, U2=2, U3=3, U4=4 → 75
        List<Answer> answers = List.of(level("T1", 1), level("T2", 0), level("T3", 4),
                level("U1", 3), level("U2", 2), level("U3", 3), level("U4", 4));
        Scoring s = Scorer.score(questionnaire("T1", "T2", "T3"), answers, V1);
        List<String> steps = s.nextSteps().stream().map(Scoring.NextStep::question).toList();
        // T first (lower score): T2 (level 0), T1 (level 1); T3 is at 4: not a step. Then U: U2 (2), U1 (3), U3 (3, by code)
        assertEquals(List.of("T2", "T1", "U2", "U1", "U3"), steps);
    }

    @Test
    void aScoreOutsideEveryBandHasNoLevel() {
        assertThrows(IllegalArgumentException.class, () -> Scorer.levelOf(Ratio.of(new BigDecimal("100.01")), V1_BANDS));
        assertThrows(IllegalArgumentException.class, () -> Scorer.levelOf(Ratio.of(new BigDecimal("-0.01")), V1_BANDS));
    }

    @Test
    void aThemeWhoseScoredItemsAllWeighZeroHasNoScoreButKeepsItsItems() {
        ModelDefinition m = new ModelDefinition(Map.of("T1", BigDecimal.ZERO, "T2", BigDecimal.ZERO), Map.of(), V1_BANDS, 3);
        Scoring s = Scorer.score(questionnaire("T1", "T2"), List.of(level("T1", 1), level("T2", 2), level("U1", 4)), m);
        Scoring.ThemeScore t = theme(s, "T");
        assertNull(t.score());
        assertNull(t.level());
        assertFalse(t.engaged());
        // the items are still shown with their own score, but contribute nothing
        assertEquals(List.of(25, 50), t.items().stream().map(Scoring.ItemScore::score).toList());
        assertNull(t.items().get(0).contribution());
        // the index is U's alone, and an unscored theme proposes no next step
        assertEquals(new BigDecimal("100.00"), s.index().rounded());
        assertTrue(s.nextSteps().isEmpty());
    }

    @Test
    void themesWeighingZeroAreLeftOutOfTheIndex() {
        ModelDefinition m = new ModelDefinition(Map.of(), Map.of("T", BigDecimal.ZERO), V1_BANDS, 3);
        // T alone has a score, and it weighs 0: no index (not 0, not T's score)
        Scoring alone = Scorer.score(questionnaire("T1"), List.of(level("T1", 2)), m);
        assertEquals(new BigDecimal("50.00"), theme(alone, "T").score().rounded());
        assertNull(alone.index());
        // with U: the index is U's score, T's 100 ignored
        Scoring both = Scorer.score(questionnaire("T1"), List.of(level("T1", 4), level("U1", 1)), m);
        assertEquals(new BigDecimal("25.00"), both.index().rounded());
    }

    @Test
    void theIndexOfThemesWithTheSameItemCountIsTheirMean() {
        // T = (4+4+4+4)/4 × 25 = 100, U = (1+1+1+1)/4 × 25 = 25: both kept over 4, index 62.5
        List<Answer> answers = List.of(level("T1", 4), level("T2", 4), level("T3", 4), level("T4", 4),
                level("U1", 1), level("U2", 1), level("U3", 1), level("U4", 1));
        assertEquals(new BigDecimal("62.50"), Scorer.score(questionnaire("T1", "T2", "T3", "T4"), answers, V1).index().rounded());
    }

    @Test
    void itemsKeepTheQuestionnaireOrderWhateverTheirAnswer() {
        Scoring s = Scorer.score(questionnaire("T1", "T2", "T3"), List.of(level("T1", 4), abstain("T2", "NSP"), level("T3", 1)), V1);
        assertEquals(List.of("T1", "T2", "T3"), theme(s, "T").items().stream().map(Scoring.ItemScore::question).toList());
    }

    @Test
    void nextStepsStartWithTheLowestThemeEvenWhenItsItemsAreHigher() {
        // T: 0, 4, 4 → 66.67; U: 1, 1, 1, 1 → 25. U's items (level 1) come before T1 (level 0).
        List<Answer> answers = List.of(level("T1", 0), level("T2", 4), level("T3", 4),
                level("U1", 1), level("U2", 1), level("U3", 1), level("U4", 1));
        Scoring s = Scorer.score(questionnaire("T1", "T2", "T3"), answers, V1);
        assertEquals(List.of("U1", "U2", "U3", "U4", "T1"), s.nextSteps().stream().map(Scoring.NextStep::question).toList());
    }

    @Test
    void nextStepsOfEqualThemeScoreAndLevelGoByQuestionCode() {
        // the questionnaire lists T-B before T-A; both at level 2 in the same theme: T-A first
        Scoring s = Scorer.score(questionnaire("T-B", "T-A"), List.of(level("T-B", 2), level("T-A", 2)), V1);
        assertEquals(List.of("T-A", "T-B"), s.nextSteps().stream().map(Scoring.NextStep::question).toList());
    }
}
