package fr.barometre.survey.response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.questionnaire.QuestionType;
import fr.barometre.survey.questionnaire.Questionnaire;
import fr.barometre.survey.questionnaire.Questionnaire.Choice;
import fr.barometre.survey.questionnaire.Questionnaire.Condition;
import fr.barometre.survey.questionnaire.Questionnaire.Question;
import fr.barometre.survey.questionnaire.Questionnaire.Theme;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks of answers against a questionnaire, on a small questionnaire built in code. */
class AnswerRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /*
     * general:  G-CHOICE (SINGLE_CHOICE A/B/C, required), G-MULTI (MULTIPLE_CHOICE X/Y/Z, required),
     *           G-NUM (NUMBER 0..100), G-BOOL (BOOLEAN, required), G-TEXT (TEXT, maxLength 10),
     *           G-IF-BOOL (SINGLE_CHOICE, required, asked when G-BOOL is true),
     *           G-IF-MULTI (NUMBER, required, asked when G-MULTI holds Y)
     * theme:    M1..M4 (MATURITY, required), GATE (SINGLE_CHOICE OUI/NON, required),
     *           DEP (SINGLE_CHOICE P/Q, required, asked when GATE is OUI),
     *           CHAIN (BOOLEAN, required, asked when DEP is P), M-OPT (MATURITY, not required)
     */
    static final Questionnaire QUESTIONNAIRE = new Questionnaire("test.1",
            List.of(
                    question("G-CHOICE", QuestionType.SINGLE_CHOICE, true, choices("A", "B", "C"), null),
                    question("G-MULTI", QuestionType.MULTIPLE_CHOICE, true, choices("X", "Y", "Z"), null),
                    new Question("G-NUM", QuestionType.NUMBER, false, label(), null, null,
                            BigDecimal.ZERO, new BigDecimal("100"), null, null),
                    question("G-BOOL", QuestionType.BOOLEAN, true, null, null),
                    new Question("G-TEXT", QuestionType.TEXT, false, label(), null, null, null, null, 10, null),
                    question("G-IF-BOOL", QuestionType.SINGLE_CHOICE, true, choices("A", "B"),
                            new Condition("G-BOOL", List.of("true"))),
                    question("G-IF-MULTI", QuestionType.NUMBER, true, null, new Condition("G-MULTI", List.of("Y")))),
            List.of(new Theme("CYBERSECURITE", label(), List.of(
                    question("M1", QuestionType.MATURITY, true, null, null),
                    question("M2", QuestionType.MATURITY, true, null, null),
                    question("M3", QuestionType.MATURITY, true, null, null),
                    question("M4", QuestionType.MATURITY, true, null, null),
                    question("GATE", QuestionType.SINGLE_CHOICE, true, choices("OUI", "NON"), null),
                    question("DEP", QuestionType.SINGLE_CHOICE, true, choices("P", "Q"), new Condition("GATE", List.of("OUI"))),
                    question("CHAIN", QuestionType.BOOLEAN, true, null, new Condition("DEP", List.of("P"))),
                    question("M-OPT", QuestionType.MATURITY, false, null, null)))));

    // ---------------------------------------------------------------------------------------------
    // Per-answer checks (saving a draft): MATURITY
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void levelsZeroToFourAreAccepted(int level) {
        AnswerRules.Parsed parsed = parse("[{\"question\": \"M1\", \"level\": " + level + "}]");
        assertEquals(List.of(), parsed.errors());
        assertEquals(List.of(new Answer("M1", level, null, null)), parsed.answers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "-1", "2.5", "\"2\"", "true", "4294967298"})
    void levelOutOfRangeOrNotAnIntegerIsRefused(String level) {
        assertOnlyProblemWith("M1", parse("[{\"question\": \"M1\", \"level\": " + level + "}]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NSP", "NA"})
    void abstentionsNspAndNaAreAccepted(String abstention) {
        AnswerRules.Parsed parsed = parse("[{\"question\": \"M1\", \"abstention\": \"" + abstention + "\"}]");
        assertEquals(List.of(), parsed.errors());
        assertEquals(List.of(new Answer("M1", null, abstention, null)), parsed.answers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"NR\"", "\"nsp\"", "\"\"", "1"})
    void anyOtherAbstentionIsRefused(String abstention) {
        assertOnlyProblemWith("M1", parse("[{\"question\": \"M1\", \"abstention\": " + abstention + "}]"));
    }

    @Test
    void levelAndAbstentionTogetherAreRefused() {
        assertOnlyProblemWith("M1", parse("[{\"question\": \"M1\", \"level\": 2, \"abstention\": \"NSP\"}]"));
    }

    @Test
    void valueOnAMaturityQuestionIsRefused() {
        assertOnlyProblemWith("M1", parse("[{\"question\": \"M1\", \"value\": 2}]"));
        assertOnlyProblemWith("M2", parse("[{\"question\": \"M2\", \"level\": 2, \"value\": \"A\"}]"));
    }

    @Test
    void levelOnAnotherTypeIsRefused() {
        assertOnlyProblemWith("G-CHOICE", parse("[{\"question\": \"G-CHOICE\", \"level\": 2}]"));
        assertOnlyProblemWith("G-BOOL", parse("[{\"question\": \"G-BOOL\", \"abstention\": \"NSP\", \"value\": true}]"));
    }

    // ---------------------------------------------------------------------------------------------
    // Choice questions
    // ---------------------------------------------------------------------------------------------

    @Test
    void knownChoiceIsAccepted() {
        AnswerRules.Parsed parsed = parse("[{\"question\": \"G-CHOICE\", \"value\": \"B\"}]");
        assertEquals(List.of(), parsed.errors());
        assertEquals("B", parsed.answers().get(0).value().asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"D\"", "\"b\"", "1", "[\"A\"]"})
    void unknownSingleChoiceIsRefused(String value) {
        assertOnlyProblemWith("G-CHOICE", parse("[{\"question\": \"G-CHOICE\", \"value\": " + value + "}]"));
    }

    @Test
    void knownMultipleChoicesAreAccepted() {
        AnswerRules.Parsed parsed = parse("[{\"question\": \"G-MULTI\", \"value\": [\"X\", \"Z\"]}]");
        assertEquals(List.of(), parsed.errors());
        assertEquals(2, parsed.answers().get(0).value().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[\"X\", \"X\"]", "[\"X\", \"W\"]", "\"X\"", "[1]"})
    void emptyDuplicateOrUnknownMultipleChoiceIsRefused(String value) {
        assertOnlyProblemWith("G-MULTI", parse("[{\"question\": \"G-MULTI\", \"value\": " + value + "}]"));
    }

    // ---------------------------------------------------------------------------------------------
    // NUMBER, BOOLEAN, TEXT
    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"0", "100", "0.0", "42.5", "100.00"})
    void numberWithinInclusiveBoundsIsAccepted(String value) {
        AnswerRules.Parsed parsed = parse("[{\"question\": \"G-NUM\", \"value\": " + value + "}]");
        assertEquals(List.of(), parsed.errors());
        assertEquals(0, new BigDecimal(value).compareTo(parsed.answers().get(0).value().decimalValue()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-0.01", "100.01", "101", "\"50\"", "true"})
    void numberOutsideBoundsOrNotANumberIsRefused(String value) {
        assertOnlyProblemWith("G-NUM", parse("[{\"question\": \"G-NUM\", \"value\": " + value + "}]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false"})
    void booleanIsAccepted(String value) {
        AnswerRules.Parsed parsed = parse("[{\"question\": \"G-BOOL\", \"value\": " + value + "}]");
        assertEquals(List.of(), parsed.errors());
        assertEquals(Boolean.parseBoolean(value), parsed.answers().get(0).value().booleanValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "1", "0", "\"OUI\""})
    void nonBooleanIsRefused(String value) {
        assertOnlyProblemWith("G-BOOL", parse("[{\"question\": \"G-BOOL\", \"value\": " + value + "}]"));
    }

    @Test
    void textUpToMaxLengthIsAccepted() {
        AnswerRules.Parsed parsed = parse("[{\"question\": \"G-TEXT\", \"value\": \"éèàçù12345\"}]");
        assertEquals(List.of(), parsed.errors());
    }

    @Test
    void textOverMaxLengthIsRefused() {
        assertOnlyProblemWith("G-TEXT", parse("[{\"question\": \"G-TEXT\", \"value\": \"12345678901\"}]"));
        assertOnlyProblemWith("G-TEXT", parse("[{\"question\": \"G-TEXT\", \"value\": 12}]"));
    }

    // ---------------------------------------------------------------------------------------------
    // The request as a whole; removals
    // ---------------------------------------------------------------------------------------------

    @Test
    void unknownQuestionIsRefused() {
        AnswerRules.Parsed parsed = parse("[{\"question\": \"NOPE\", \"level\": 2}, {\"question\": \"M1\", \"level\": 2}]");
        assertEquals(List.of("NOPE"), questionsOf(parsed.errors()));
        assertEquals(List.of("M1"), parsed.answers().stream().map(Answer::question).toList());
    }

    @Test
    void unknownFieldInAnAnswerIsRefusedRatherThanIgnored() {
        // a typo must not turn a PATCH entry into a removal
        AnswerRules.Parsed parsed = AnswerRules.parse(QUESTIONNAIRE, json("[{\"question\": \"M1\", \"levle\": 3}]"), true);
        assertEquals(List.of("answers[0]"), parsed.errors().stream().map(FieldError::field).toList());
        assertTrue(parsed.removals().isEmpty());
    }

    @Test
    void sameQuestionTwiceIsRefused() {
        AnswerRules.Parsed parsed = parse("[{\"question\": \"M1\", \"level\": 2}, {\"question\": \"M1\", \"level\": 3}]");
        assertEquals(List.of("M1"), questionsOf(parsed.errors()));
        assertTrue(parsed.errors().get(0).message().contains("twice"), parsed.errors().toString());
    }

    @Test
    void everyProblemIsListedNotOnlyTheFirst() {
        AnswerRules.Parsed parsed = parse("""
                [{"question": "M1", "level": 5}, {"question": "M2", "level": 1},
                 {"question": "G-CHOICE", "value": "Z"}, {"question": "G-NUM", "value": 101},
                 {"question": "NOPE", "value": 1}]""");
        assertEquals(List.of("M1", "G-CHOICE", "G-NUM", "NOPE"), questionsOf(parsed.errors()));
    }

    @Test
    void entryWithoutQuestionOrNotAnObjectNamesItsPlace() {
        AnswerRules.Parsed parsed = parse("[{\"level\": 2}, 3]");
        assertEquals(List.of("answers[0].question", "answers[1]"), parsed.errors().stream().map(FieldError::field).toList());
        AnswerRules.Parsed notArray = parse("{\"question\": \"M1\", \"level\": 2}");
        assertEquals(List.of("answers"), notArray.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void entriesWithOnlyTheQuestionAreRemovalsWhenAllowed() {
        JsonNode answers = json("[{\"question\": \"M1\"}, {\"question\": \"M2\", \"level\": null},"
                + " {\"question\": \"G-CHOICE\", \"value\": null}, {\"question\": \"M3\", \"level\": 1}]");
        AnswerRules.Parsed patch = AnswerRules.parse(QUESTIONNAIRE, answers, true);
        assertEquals(List.of(), patch.errors());
        assertEquals(Set.of("M1", "M2", "G-CHOICE"), patch.removals());
        assertEquals(List.of(new Answer("M3", 1, null, null)), patch.answers());
    }

    @Test
    void entriesWithOnlyTheQuestionAreRefusedWhenRemovalsAreNot() {
        JsonNode answers = json("[{\"question\": \"M1\"}, {\"question\": \"M2\", \"level\": null}, {\"question\": \"M3\", \"level\": 1}]");
        AnswerRules.Parsed put = AnswerRules.parse(QUESTIONNAIRE, answers, false);
        assertEquals(List.of("M1", "M2"), questionsOf(put.errors()));
        assertEquals(Set.of(), put.removals());
    }

    @Test
    void removalOfAnUnknownQuestionIsRefused() {
        AnswerRules.Parsed patch = AnswerRules.parse(QUESTIONNAIRE, json("[{\"question\": \"NOPE\"}]"), true);
        assertEquals(List.of("NOPE"), questionsOf(patch.errors()));
        assertEquals(Set.of(), patch.removals());
    }

    // ---------------------------------------------------------------------------------------------
    // Completeness (submission)
    // ---------------------------------------------------------------------------------------------

    /** Every required question answered, GATE=NON so DEP and CHAIN are not asked, G-BOOL false. */
    private static List<Answer> complete() {
        return answers("""
                [{"question": "G-CHOICE", "value": "A"}, {"question": "G-MULTI", "value": ["X"]},
                 {"question": "G-BOOL", "value": false},
                 {"question": "M1", "level": 0}, {"question": "M2", "level": 4},
                 {"question": "M3", "abstention": "NSP"}, {"question": "M4", "abstention": "NA"},
                 {"question": "GATE", "value": "NON"}]""");
    }

    @Test
    void completeSetHasNoProblem() {
        assertEquals(List.of(), AnswerRules.checkComplete(QUESTIONNAIRE, complete()));
    }

    @Test
    void everyMissingRequiredAnswerIsListed() {
        List<Answer> some = complete().stream()
                .filter(a -> !List.of("G-CHOICE", "M2", "M4", "GATE").contains(a.question())).toList();
        List<FieldError> errors = AnswerRules.checkComplete(QUESTIONNAIRE, some);
        assertEquals(List.of("G-CHOICE", "M2", "M4", "GATE"), questionsOf(errors));
        errors.forEach(e -> assertTrue(e.message().contains("required"), e.message()));
    }

    @Test
    void emptySetListsEveryRequiredQuestionAskedUnconditionally() {
        assertEquals(List.of("G-CHOICE", "G-MULTI", "G-BOOL", "M1", "M2", "M3", "M4", "GATE"),
                questionsOf(AnswerRules.checkComplete(QUESTIONNAIRE, List.of())));
    }

    @Test
    void conditionalRequiredQuestionIsRequiredOnlyWhenAsked() {
        List<Answer> gateOpen = replace(complete(), "[{\"question\": \"GATE\", \"value\": \"OUI\"}]");
        assertEquals(List.of("DEP"), questionsOf(AnswerRules.checkComplete(QUESTIONNAIRE, gateOpen)));
        List<Answer> answered = replace(gateOpen, "[{\"question\": \"DEP\", \"value\": \"Q\"}]");
        assertEquals(List.of(), AnswerRules.checkComplete(QUESTIONNAIRE, answered));
    }

    @Test
    void answerToAQuestionNotAskedIsRefused() {
        List<Answer> withDep = replace(complete(), "[{\"question\": \"DEP\", \"value\": \"Q\"}]");
        List<FieldError> errors = AnswerRules.checkComplete(QUESTIONNAIRE, withDep);
        assertEquals(List.of("DEP"), questionsOf(errors));
        assertTrue(errors.get(0).message().contains("not asked"), errors.get(0).message());
    }

    @Test
    void conditionOnABooleanQuestion() {
        List<Answer> yes = replace(complete(), "[{\"question\": \"G-BOOL\", \"value\": true}]");
        assertEquals(List.of("G-IF-BOOL"), questionsOf(AnswerRules.checkComplete(QUESTIONNAIRE, yes)));
        List<Answer> answered = replace(yes, "[{\"question\": \"G-IF-BOOL\", \"value\": \"B\"}]");
        assertEquals(List.of(), AnswerRules.checkComplete(QUESTIONNAIRE, answered));
        List<Answer> no = replace(complete(), "[{\"question\": \"G-IF-BOOL\", \"value\": \"B\"}]");
        assertEquals(List.of("G-IF-BOOL"), questionsOf(AnswerRules.checkComplete(QUESTIONNAIRE, no)));
    }

    @Test
    void conditionOnAMultipleChoiceQuestionIsMetByAnyOfItsChoices() {
        List<Answer> withY = replace(complete(), "[{\"question\": \"G-MULTI\", \"value\": [\"X\", \"Y\"]}]");
        assertEquals(List.of("G-IF-MULTI"), questionsOf(AnswerRules.checkComplete(QUESTIONNAIRE, withY)));
        List<Answer> answered = replace(withY, "[{\"question\": \"G-IF-MULTI\", \"value\": 3}]");
        assertEquals(List.of(), AnswerRules.checkComplete(QUESTIONNAIRE, answered));
        List<Answer> withoutY = replace(complete(), "[{\"question\": \"G-MULTI\", \"value\": [\"X\", \"Z\"]},"
                + " {\"question\": \"G-IF-MULTI\", \"value\": 3}]");
        assertEquals(List.of("G-IF-MULTI"), questionsOf(AnswerRules.checkComplete(QUESTIONNAIRE, withoutY)));
    }

    @Test
    void chainedConditionIsNotAskedWhenItsTargetIsNotAsked() {
        // GATE=NON: DEP is not asked, so CHAIN is not asked even though DEP (wrongly) holds P.
        List<Answer> chain = replace(complete(), "[{\"question\": \"DEP\", \"value\": \"P\"}]");
        assertEquals(List.of("DEP"), questionsOf(AnswerRules.checkComplete(QUESTIONNAIRE, chain)),
                "CHAIN must not be required when DEP is not asked");
        List<Answer> chainAnswered = replace(chain, "[{\"question\": \"CHAIN\", \"value\": true}]");
        assertEquals(List.of("DEP", "CHAIN"), questionsOf(AnswerRules.checkComplete(QUESTIONNAIRE, chainAnswered)));
        // GATE=OUI, DEP=P: CHAIN asked and required.
        List<Answer> open = replace(chain, "[{\"question\": \"GATE\", \"value\": \"OUI\"}]");
        assertEquals(List.of("CHAIN"), questionsOf(AnswerRules.checkComplete(QUESTIONNAIRE, open)));
    }

    @Test
    void unknownQuestionIsRefusedAtSubmission() {
        List<Answer> withUnknown = new ArrayList<>(complete());
        withUnknown.add(new Answer("GONE", 2, null, null));
        assertEquals(List.of("GONE"), questionsOf(AnswerRules.checkComplete(QUESTIONNAIRE, withUnknown)));
    }

    @Test
    void submissionInOneRequestListsEachAnswersProblemsAndEveryMissingAnswerAtOnce() {
        AnswerRules.Parsed parsed = parse("""
                [{"question": "G-CHOICE", "value": "A"}, {"question": "G-MULTI", "value": ["X"]},
                 {"question": "G-BOOL", "value": "yes"},
                 {"question": "M1", "level": 9}, {"question": "M2", "level": 4},
                 {"question": "GATE", "value": "NON"}, {"question": "DEP", "value": "P"}]""");
        List<FieldError> errors = AnswerRules.checkSubmission(QUESTIONNAIRE, parsed);
        // G-BOOL and M1: their answers' problems, not again as missing; M3, M4 missing; DEP not asked.
        assertEquals(List.of("G-BOOL", "M1", "M3", "M4", "DEP"), questionsOf(errors));
    }

    @Test
    void submissionWhoseAnswersAreNotAListReportsOnlyThat() {
        AnswerRules.Parsed parsed = parse("{\"question\": \"M1\"}");
        assertEquals(List.of("answers"), AnswerRules.checkSubmission(QUESTIONNAIRE, parsed).stream()
                .map(FieldError::field).toList());
    }

    @Test
    void withoutTextDropsTextAnswersOnly() {
        List<Answer> withText = replace(complete(), "[{\"question\": \"G-TEXT\", \"value\": \"secret\"},"
                + " {\"question\": \"G-NUM\", \"value\": 12}]");
        List<Answer> sent = AnswerRules.withoutText(QUESTIONNAIRE, withText);
        List<String> codes = sent.stream().map(Answer::question).toList();
        assertTrue(!codes.contains("G-TEXT"), codes.toString());
        assertEquals(withText.size() - 1, sent.size());
        assertTrue(codes.containsAll(List.of("G-NUM", "G-CHOICE", "G-MULTI", "G-BOOL", "M1", "M2", "M3", "M4", "GATE")));
    }

    // ---------------------------------------------------------------------------------------------
    // Inputs of the wrong shape are refused, never taken for something else
    // ---------------------------------------------------------------------------------------------

    /** Choice codes may be digits: a number must still not pass for one. */
    static final Questionnaire DIGIT_CHOICES = new Questionnaire("test.2", List.of(
            question("ONE-OF", QuestionType.SINGLE_CHOICE, true, choices("1", "2"), null),
            question("SOME-OF", QuestionType.MULTIPLE_CHOICE, true, choices("1", "2"), null)), List.of());

    @Test
    void aMissingAnswersFieldIsRefusedNotACrash() {
        AnswerRules.Parsed parsed = AnswerRules.parse(QUESTIONNAIRE, null, false);
        assertEquals(List.of("answers"), parsed.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void aBlankOrNonTextQuestionCodeNamesTheEntry() {
        AnswerRules.Parsed parsed = parse("[{\"question\": \" \", \"level\": 2}, {\"question\": 5, \"level\": 2}]");
        assertEquals(List.of("answers[0].question", "answers[1].question"), parsed.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void aNumberIsNotAChoiceEvenWhenAChoiceHasThatCode() {
        assertEquals(List.of("ONE-OF"), questionsOf(AnswerRules.parse(DIGIT_CHOICES, json("[{\"question\": \"ONE-OF\", \"value\": 1}]"), false).errors()));
        assertEquals(List.of("SOME-OF"), questionsOf(AnswerRules.parse(DIGIT_CHOICES, json("[{\"question\": \"SOME-OF\", \"value\": [1]}]"), false).errors()));
        AnswerRules.Parsed codes = AnswerRules.parse(DIGIT_CHOICES,
                json("[{\"question\": \"ONE-OF\", \"value\": \"1\"}, {\"question\": \"SOME-OF\", \"value\": [\"1\", \"2\"]}]"), false);
        assertEquals(List.of(), codes.errors());
        assertEquals(2, codes.answers().size());
    }

    @Test
    void anObjectIsNotAListOfChoices() {
        assertOnlyProblemWith("G-MULTI", parse("[{\"question\": \"G-MULTI\", \"value\": {\"a\": \"X\"}}]"));
    }

    @Test
    void answersToQuestionsTheQuestionnaireLacksDoNotLeaveTheService() {
        List<Answer> withUnknown = new ArrayList<>(complete());
        withUnknown.add(new Answer("GONE", null, null, json("\"secret\"")));
        List<String> sent = AnswerRules.withoutText(QUESTIONNAIRE, withUnknown).stream().map(Answer::question).toList();
        assertEquals(complete().stream().map(Answer::question).toList(), sent);
    }

    // ---------------------------------------------------------------------------------------------

    private static Question question(String code, QuestionType type, boolean required, List<Choice> choices, Condition condition) {
        return new Question(code, type, required, label(), null, choices, null, null, null, condition);
    }

    private static List<Choice> choices(String... codes) {
        return Arrays.stream(codes).map(c -> new Choice(c, label())).toList();
    }

    private static Map<String, String> label() {
        return Map.of("fr", "Libellé");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static AnswerRules.Parsed parse(String answers) {
        return AnswerRules.parse(QUESTIONNAIRE, json(answers), false);
    }

    /** Answers parsed and checked one by one: they must have no problem. */
    private static List<Answer> answers(String json) {
        AnswerRules.Parsed parsed = parse(json);
        assertEquals(List.of(), parsed.errors());
        return parsed.answers();
    }

    /** A copy where the given answers replace those to the same questions, or are added. */
    private static List<Answer> replace(List<Answer> answers, String changes) {
        List<Answer> changed = answers(changes);
        List<String> codes = changed.stream().map(Answer::question).toList();
        List<Answer> result = new ArrayList<>(answers.stream().filter(a -> !codes.contains(a.question())).toList());
        result.addAll(changed);
        return result;
    }

    private static List<String> questionsOf(List<FieldError> errors) {
        return errors.stream().map(FieldError::question).toList();
    }

    private static void assertOnlyProblemWith(String question, AnswerRules.Parsed parsed) {
        assertEquals(List.of(question), questionsOf(parsed.errors()), "problems: " + parsed.errors());
        assertEquals(List.of(), parsed.answers(), "nothing accepted");
    }
}
