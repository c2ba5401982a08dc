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
}
