package fr.barometre.survey.questionnaire;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.questionnaire.Questionnaire.Choice;
import fr.barometre.survey.questionnaire.Questionnaire.Condition;
import fr.barometre.survey.questionnaire.Questionnaire.Question;
import fr.barometre.survey.questionnaire.Questionnaire.Theme;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuestionnaireRulesTest {

    private static final Map<String, String> LABEL = Map.of("fr", "Libellé", "en", "Label");

    static Question maturity(String code) {
        return new Question(code, QuestionType.MATURITY, true, LABEL, null, null, null, null, null, null);
    }

    static Question single(String code, String... choices) {
        List<Choice> list = new ArrayList<>();
        for (String c : choices) {
            list.add(new Choice(c, LABEL));
        }
        return new Question(code, QuestionType.SINGLE_CHOICE, true, LABEL, null, list, null, null, null, null);
    }

    /** Seven themes of four maturity items each: the smallest valid questionnaire. */
    static List<Theme> sevenThemes() {
        List<Theme> themes = new ArrayList<>();
        for (ThemeCode code : ThemeCode.values()) {
            List<Question> questions = new ArrayList<>();
            for (int i = 1; i <= ThemeCode.MIN_MATURITY_ITEMS; i++) {
                questions.add(maturity(code.name() + "-" + i));
            }
            themes.add(new Theme(code.name(), LABEL, questions));
        }
        return themes;
    }

    private static List<String> fields(Questionnaire q) {
        return QuestionnaireRules.check(q).stream().map(FieldError::field).toList();
    }

    @Test
    void theShippedDefaultQuestionnaireIsValidAndHasWhatTheBarometerNeeds() throws Exception {
        try (InputStream in = QuestionnaireRulesTest.class.getResourceAsStream("/questionnaire/default-questionnaire.json")) {
            Questionnaire q = new ObjectMapper().findAndRegisterModules().readValue(in, Questionnaire.class);
            assertEquals(List.of(), QuestionnaireRules.check(q));
            assertTrue(q.questionsByCode().containsKey("DIA-PLAN-FORMATION"));
            assertEquals(QuestionType.MATURITY, q.questionsByCode().get("DIA-PLAN-FORMATION").type());
            assertTrue(q.allQuestions().stream().anyMatch(x -> x.condition() != null));
            assertTrue(q.themes().stream().filter(t -> t.code().equals("CYBERSECURITE")).findFirst().orElseThrow()
                    .questions().stream().anyMatch(x -> x.code().startsWith("CYB-NIS2")));
            assertTrue(q.general().stream().anyMatch(x -> x.code().startsWith("GOV-")));
            assertTrue(q.general().stream().anyMatch(x -> x.code().startsWith("BUD-")));
            q.allQuestions().forEach(x -> assertTrue(x.label().containsKey("en"), x.code() + " lacks English"));
        }
    }

    @Test
    void sevenThemesOfFourItemsAreEnough() {
        assertEquals(List.of(), QuestionnaireRules.check(new Questionnaire("v1", List.of(), sevenThemes())));
    }

    @Test
    void aThemeWithThreeMaturityItemsIsRefused() {
        List<Theme> themes = sevenThemes();
        Theme first = themes.get(0);
        themes.set(0, new Theme(first.code(), LABEL, first.questions().subList(0, 3)));
        assertEquals(List.of("themes[0].questions"), fields(new Questionnaire("v1", List.of(), themes)));
    }

    @Test
    void aMissingOrUnknownOrRepeatedThemeIsRefused() {
        List<Theme> themes = sevenThemes();
        Theme last = themes.remove(6);
        assertEquals(List.of("themes"), fields(new Questionnaire("v1", List.of(), themes)));
        themes.add(new Theme("CULTURE", LABEL, last.questions()));
        assertTrue(fields(new Questionnaire("v1", List.of(), themes)).contains("themes[6].code"));
        themes.set(6, new Theme("NUMERIQUE_RESPONSABLE", LABEL, renamed(last.questions(), "X")));
        assertTrue(fields(new Questionnaire("v1", List.of(), themes)).contains("themes[6].code"));
    }

    @Test
    void maturityQuestionsDoNotBelongToGeneral() {
        assertEquals(List.of("general[0].type"),
                fields(new Questionnaire("v1", List.of(maturity("GEN-1")), sevenThemes())));
    }

    @Test
    void questionCodesAreUnique() {
        assertEquals(List.of("themes[0].questions[0].code"),
                fields(new Questionnaire("v1", List.of(single("NUMERIQUE_RESPONSABLE-1", "A")), sevenThemes())));
    }

    @Test
    void choiceQuestionsNeedDistinctChoices() {
        assertEquals(List.of("general[0].choices"), fields(new Questionnaire("v1", List.of(single("G-1")), sevenThemes())));
        assertEquals(List.of("general[0].choices[1].code"),
                fields(new Questionnaire("v1", List.of(single("G-1", "A", "A")), sevenThemes())));
    }

    @Test
    void conditionsNameAnEarlierChoiceQuestionAndItsCodes() {
        Question target = single("G-1", "OUI", "NON");
        Question ok = new Question("G-2", QuestionType.TEXT, false, LABEL, null, null, null, null, 100, new Condition("G-1", List.of("OUI")));
        assertEquals(List.of(), fields(new Questionnaire("v1", List.of(target, ok), sevenThemes())));

        Question later = new Question("G-0", QuestionType.TEXT, false, LABEL, null, null, null, null, 100, new Condition("G-1", List.of("OUI")));
        assertEquals(List.of("general[0].condition.question"), fields(new Questionnaire("v1", List.of(later, target), sevenThemes())));

        Question unknownCode = new Question("G-2", QuestionType.TEXT, false, LABEL, null, null, null, null, 100, new Condition("G-1", List.of("PEUT-ETRE")));
        assertEquals(List.of("general[1].condition.in"), fields(new Questionnaire("v1", List.of(target, unknownCode), sevenThemes())));

        Question onText = new Question("G-3", QuestionType.TEXT, false, LABEL, null, null, null, null, 100, new Condition("G-2", List.of("x")));
        assertEquals(List.of("general[2].condition.question"), fields(new Questionnaire("v1", List.of(target, ok, onText), sevenThemes())));
    }

    @Test
    void numberBoundsAndTextLengthAreConsistent() {
        Question inverted = new Question("G-1", QuestionType.NUMBER, false, LABEL, null, null, BigDecimal.TEN, BigDecimal.ONE, null, null);
        Question textWithoutLength = new Question("G-2", QuestionType.TEXT, false, LABEL, null, null, null, null, null, null);
        assertEquals(List.of("general[0].min", "general[1].maxLength"),
                fields(new Questionnaire("v1", List.of(inverted, textWithoutLength), sevenThemes())));
    }

    @Test
    void versionAndFrenchLabelsAreRequired() {
        Question unlabelled = new Question("G-1", QuestionType.BOOLEAN, false, Map.of("en", "Only English"), null, null, null, null, null, null);
        assertEquals(List.of("version", "general[0].label.fr"),
                fields(new Questionnaire(" ", List.of(unlabelled), sevenThemes())));
    }

    private static List<Question> renamed(List<Question> questions, String prefix) {
        return questions.stream().map(q -> maturity(prefix + q.code())).toList();
    }

    // ---------------------------------------------------------------------------------------------
    // Each rule on both sides of its bound, and parts left out (null) named rather than crashing
    // ---------------------------------------------------------------------------------------------

    private static Question of(String code, QuestionType type, List<Choice> choices, BigDecimal min, BigDecimal max,
                               Integer maxLength, Condition condition) {
        return new Question(code, type, false, LABEL, null, choices, min, max, maxLength, condition);
    }

    private static List<String> generalFields(Question... general) {
        return fields(new Questionnaire("v1", List.of(general), sevenThemes()));
    }

    @Test
    void generalQuestionsAndThemeQuestionsMayBeLeftOut() {
        assertEquals(List.of(), QuestionnaireRules.check(new Questionnaire("v1", null, sevenThemes())));
        List<Theme> themes = sevenThemes();
        themes.set(0, new Theme(themes.get(0).code(), LABEL, null));
        assertEquals(List.of("themes[0].questions"), fields(new Questionnaire("v1", List.of(), themes)));
        assertEquals(List.of("themes"), fields(new Questionnaire("v1", List.of(), null)));
    }

    @Test
    void theVersionHasAtMost64Characters() {
        assertEquals(List.of(), fields(new Questionnaire("v".repeat(64), List.of(), sevenThemes())));
        assertEquals(List.of("version"), fields(new Questionnaire("v".repeat(65), List.of(), sevenThemes())));
        assertEquals(List.of("version"), fields(new Questionnaire(null, List.of(), sevenThemes())));
    }

    @Test
    void onlyMaturityQuestionsCountTowardsATheme() {
        List<Theme> themes = sevenThemes();
        List<Question> questions = new ArrayList<>(themes.get(0).questions().subList(0, 3));
        questions.add(single("NR-CHOICE", "A"));
        questions.add(of("NR-BOOL", QuestionType.BOOLEAN, null, null, null, null, null));
        themes.set(0, new Theme(themes.get(0).code(), LABEL, questions));
        assertEquals(List.of("themes[0].questions"), fields(new Questionnaire("v1", List.of(), themes)));
    }

    @Test
    void aThemeNeedsAKnownCodeAndAFrenchLabel() {
        List<Theme> themes = sevenThemes();
        themes.set(0, new Theme(null, LABEL, themes.get(0).questions()));
        assertTrue(fields(new Questionnaire("v1", List.of(), themes)).contains("themes[0].code"));
        themes = sevenThemes();
        themes.set(0, new Theme(themes.get(0).code(), Map.of("en", "Only English"), themes.get(0).questions()));
        assertEquals(List.of("themes[0].label.fr"), fields(new Questionnaire("v1", List.of(), themes)));
    }

    @Test
    void aFrenchLabelIsNeitherMissingNorBlank() {
        assertEquals(List.of("general[0].label.fr"),
                generalFields(new Question("G-1", QuestionType.BOOLEAN, false, null, null, null, null, null, null, null)));
        assertEquals(List.of("general[0].label.fr"),
                generalFields(new Question("G-1", QuestionType.BOOLEAN, false, Map.of("fr", " "), null, null, null, null, null, null)));
    }

    @Test
    void aQuestionCodeIsUpperCaseLettersDigitsDashesAndUnderscores() {
        assertEquals(List.of(), generalFields(of("G_1-A", QuestionType.BOOLEAN, null, null, null, null, null)));
        assertEquals(List.of("general[0].code"), generalFields(of(null, QuestionType.BOOLEAN, null, null, null, null, null)));
        assertEquals(List.of("general[0].code"), generalFields(of("g-1", QuestionType.BOOLEAN, null, null, null, null, null)));
        assertEquals(List.of("general[0].code"), generalFields(of("-G1", QuestionType.BOOLEAN, null, null, null, null, null)));
    }

    @Test
    void aQuestionHasAType() {
        assertEquals(List.of("general[0].type"), generalFields(of("G-1", null, null, null, null, null, null)));
    }

    @Test
    void choicesAreRequiredForChoiceQuestionsOnly() {
        assertEquals(List.of("general[0].choices"), generalFields(of("G-1", QuestionType.MULTIPLE_CHOICE, null, null, null, null, null)));
        assertEquals(List.of("general[0].choices"),
                generalFields(of("G-1", QuestionType.BOOLEAN, List.of(new Choice("A", LABEL)), null, null, null, null)));
        assertEquals(List.of(), generalFields(of("G-1", QuestionType.BOOLEAN, List.of(), null, null, null, null)));
    }

    @Test
    void eachChoiceHasAValidCode() {
        List<Choice> choices = new ArrayList<>();
        choices.add(new Choice("A", LABEL));
        choices.add(null);
        choices.add(new Choice(null, LABEL));
        choices.add(new Choice("b", LABEL));
        assertEquals(List.of("general[0].choices[1].code", "general[0].choices[2].code", "general[0].choices[3].code"),
                generalFields(of("G-1", QuestionType.SINGLE_CHOICE, choices, null, null, null, null)));
    }

    @Test
    void numberBoundsMayBeEqualAndBelongToNumberQuestionsOnly() {
        assertEquals(List.of(), generalFields(of("G-1", QuestionType.NUMBER, null, BigDecimal.ONE, BigDecimal.ONE, null, null)));
        assertEquals(List.of(), generalFields(of("G-1", QuestionType.NUMBER, null, BigDecimal.ONE, null, null, null)));
        assertEquals(List.of(), generalFields(of("G-1", QuestionType.NUMBER, null, null, BigDecimal.ONE, null, null)));
        assertEquals(List.of("general[0].min"), generalFields(of("G-1", QuestionType.BOOLEAN, null, BigDecimal.ONE, null, null, null)));
        assertEquals(List.of("general[0].min"), generalFields(of("G-1", QuestionType.BOOLEAN, null, null, BigDecimal.ONE, null, null)));
    }

    @Test
    void aTextQuestionAllowsAtLeastOneCharacter() {
        assertEquals(List.of(), generalFields(of("G-1", QuestionType.TEXT, null, null, null, 1, null)));
        assertEquals(List.of("general[0].maxLength"), generalFields(of("G-1", QuestionType.TEXT, null, null, null, 0, null)));
    }

    @Test
    void aConditionNamesATypedTargetAndAtLeastOneOfItsAnswers() {
        Question untyped = of("G-1", null, null, null, null, null, null);
        Question onUntyped = of("G-2", QuestionType.BOOLEAN, null, null, null, null, new Condition("G-1", List.of("A")));
        assertEquals(List.of("general[0].type", "general[1].condition.question"), generalFields(untyped, onUntyped));

        Question target = single("G-1", "OUI");
        assertEquals(List.of("general[1].condition.in"),
                generalFields(target, of("G-2", QuestionType.BOOLEAN, null, null, null, null, new Condition("G-1", null))));
        assertEquals(List.of("general[1].condition.in"),
                generalFields(target, of("G-2", QuestionType.BOOLEAN, null, null, null, null, new Condition("G-1", List.of()))));
        assertEquals(List.of("general[0].condition.question"),
                generalFields(of("G-2", QuestionType.BOOLEAN, null, null, null, null, new Condition(null, List.of("OUI")))));
    }

    @Test
    void aConditionOnABooleanTestsTrueOrFalse() {
        Question target = of("G-1", QuestionType.BOOLEAN, null, null, null, null, null);
        assertEquals(List.of(), generalFields(target,
                of("G-2", QuestionType.BOOLEAN, null, null, null, null, new Condition("G-1", List.of("true", "false")))));
        assertEquals(List.of("general[1].condition.in"), generalFields(target,
                of("G-2", QuestionType.BOOLEAN, null, null, null, null, new Condition("G-1", List.of("OUI")))));
    }

    @Test
    void aConditionOnAChoiceQuestionWithoutChoicesIsRefusedNotACrash() {
        Question target = of("G-1", QuestionType.SINGLE_CHOICE, null, null, null, null, null);
        assertEquals(List.of("general[0].choices", "general[1].condition.in"), generalFields(target,
                of("G-2", QuestionType.BOOLEAN, null, null, null, null, new Condition("G-1", List.of("A")))));
    }
}
