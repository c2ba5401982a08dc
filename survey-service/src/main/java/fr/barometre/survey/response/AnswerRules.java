package fr.barometre.survey.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.questionnaire.QuestionType;
import fr.barometre.survey.questionnaire.Questionnaire;
import fr.barometre.survey.questionnaire.Questionnaire.Question;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of answers against a questionnaire. On save, each answer carried is checked on its
 * own (known question, type, range); on submission, the whole set (required answers present,
 * no answer to a question not asked).
 */
public final class AnswerRules {

    public static final int MIN_LEVEL = 0;
    public static final int MAX_LEVEL = 4;
    public static final Set<String> ABSTENTIONS = Set.of("NSP", "NA");

    private AnswerRules() {
    }

    /** Answers read from a request, the codes it removes, and every problem found. */
    public record Parsed(List<Answer> answers, Set<String> removals, List<FieldError> errors) {
    }

    /**
     * Reads and checks each answer of a request body's {@code answers} array.
     *
     * @param removalsAllowed whether an entry with only its question removes the answer (PATCH)
     */
    public static Parsed parse(Questionnaire questionnaire, JsonNode answers, boolean removalsAllowed) {
        List<FieldError> errors = new ArrayList<>();
        List<Answer> parsed = new ArrayList<>();
        Set<String> removals = new HashSet<>();
        if (answers == null || !answers.isArray()) {
            errors.add(FieldError.ofField("answers", "must be an array of answers"));
            return new Parsed(parsed, removals, errors);
        }
        Map<String, Question> questions = questionnaire.questionsByCode();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < answers.size(); i++) {
            JsonNode node = answers.get(i);
            if (node == null || !node.isObject()) {
                errors.add(FieldError.ofField("answers[" + i + "]", "must be an object"));
                continue;
            }
            AnswerInput input = AnswerInput.of(node);
            List<String> unknownFields = new ArrayList<>();
            node.fieldNames().forEachRemaining(f -> {
                if (!AnswerInput.FIELDS.contains(f)) {
                    unknownFields.add(f);
                }
            });
            if (!unknownFields.isEmpty()) {
                errors.add(FieldError.ofField("answers[" + i + "]", "unknown field(s) " + unknownFields
                        + ": an answer has question, level, abstention or value"));
                continue;
            }
            if (input.question() == null || !input.question().isTextual() || input.question().asText().isBlank()) {
                errors.add(FieldError.ofField("answers[" + i + "].question", "is required: the code of a question"));
                continue;
            }
            String code = input.question().asText();
            Question question = questions.get(code);
            if (question == null) {
                errors.add(FieldError.ofQuestion(code, "unknown question"));
                continue;
            }
            if (!seen.add(code)) {
                errors.add(FieldError.ofQuestion(code, "answered twice in the same request"));
                continue;
            }
            if (input.isRemoval()) {
                if (removalsAllowed) {
                    removals.add(code);
                } else {
                    errors.add(FieldError.ofQuestion(code, "no answer given: a level, an abstention or a value is required"));
                }
                continue;
            }
            Answer answer = check(question, input, errors);
            if (answer != null) {
                parsed.add(answer);
            }
        }
        return new Parsed(parsed, removals, errors);
    }

    /** One answer against its question; null with the problems added when it is not acceptable. */
    static Answer check(Question q, AnswerInput in, List<FieldError> errors) {
        String code = q.code();
        if (q.type() == QuestionType.MATURITY) {
            if (!AnswerInput.absent(in.value())) {
                errors.add(FieldError.ofQuestion(code, "a MATURITY question takes a level or an abstention, not a value"));
                return null;
            }
            boolean hasLevel = !AnswerInput.absent(in.level());
            boolean hasAbstention = !AnswerInput.absent(in.abstention());
            if (hasLevel && hasAbstention) {
                errors.add(FieldError.ofQuestion(code, "give a level or an abstention, not both"));
                return null;
            }
            if (hasAbstention) {
                if (!in.abstention().isTextual() || !ABSTENTIONS.contains(in.abstention().asText())) {
                    errors.add(FieldError.ofQuestion(code, "abstention must be NSP or NA"));
                    return null;
                }
                return new Answer(code, null, in.abstention().asText(), null);
            }
            if (!in.level().isIntegralNumber() || in.level().asInt() < MIN_LEVEL || in.level().asInt() > MAX_LEVEL
                    || !in.level().canConvertToInt()) {
                errors.add(FieldError.ofQuestion(code, "level must be an integer from " + MIN_LEVEL + " to " + MAX_LEVEL));
                return null;
            }
            return new Answer(code, in.level().asInt(), null, null);
        }
        if (!AnswerInput.absent(in.level()) || !AnswerInput.absent(in.abstention())) {
            errors.add(FieldError.ofQuestion(code, "a " + q.type() + " question takes a value, not a level or an abstention"));
            return null;
        }
        JsonNode value = in.value();
        switch (q.type()) {
            case SINGLE_CHOICE -> {
                if (!value.isTextual() || q.choice(value.asText()).isEmpty()) {
                    errors.add(FieldError.ofQuestion(code, "value must be one of the choices " + choiceCodes(q)));
                    return null;
                }
            }
            case MULTIPLE_CHOICE -> {
                if (!value.isArray() || value.isEmpty()) {
                    errors.add(FieldError.ofQuestion(code, "value must be a non-empty list of choices among " + choiceCodes(q)));
                    return null;
                }
                Set<String> picked = new HashSet<>();
                for (JsonNode v : value) {
                    if (!v.isTextual() || q.choice(v.asText()).isEmpty()) {
                        errors.add(FieldError.ofQuestion(code, "'" + v.asText() + "' is not one of the choices " + choiceCodes(q)));
                        return null;
                    }
                    if (!picked.add(v.asText())) {
                        errors.add(FieldError.ofQuestion(code, "choice " + v.asText() + " is listed twice"));
                        return null;
                    }
                }
            }
            case NUMBER -> {
                if (!value.isNumber()) {
                    errors.add(FieldError.ofQuestion(code, "value must be a number"));
                    return null;
                }
                BigDecimal number = value.decimalValue();
                if (q.min() != null && number.compareTo(q.min()) < 0 || q.max() != null && number.compareTo(q.max()) > 0) {
                    errors.add(FieldError.ofQuestion(code, "value must be between " + (q.min() == null ? "-∞" : q.min().toPlainString())
                            + " and " + (q.max() == null ? "+∞" : q.max().toPlainString())));
                    return null;
                }
                value = JsonNodeFactory.instance.numberNode(number);
            }
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    errors.add(FieldError.ofQuestion(code, "value must be true or false"));
                    return null;
                }
            }
            case TEXT -> {
                if (!value.isTextual()) {
                    errors.add(FieldError.ofQuestion(code, "value must be a text"));
                    return null;
                }
                int length = value.asText().codePointCount(0, value.asText().length());
                if (q.maxLength() != null && length > q.maxLength()) {
                    errors.add(FieldError.ofQuestion(code, "value must be at most " + q.maxLength() + " characters; it has " + length));
                    return null;
                }
            }
            default -> throw new IllegalStateException("Unhandled type " + q.type());
        }
        return new Answer(code, null, null, value);
    }

    /**
     * Everything a submission needs: each asked required question answered, no answer to a question
     * not asked. Answers are assumed checked one by one already.
     */
    public static List<FieldError> checkComplete(Questionnaire questionnaire, List<Answer> answers) {
        Map<String, Answer> byCode = new HashMap<>();
        answers.forEach(a -> byCode.put(a.question(), a));
        Map<String, Question> questions = questionnaire.questionsByCode();
        Map<String, Boolean> asked = asked(questionnaire, answers);
        List<FieldError> errors = new ArrayList<>();
        for (Question q : questionnaire.allQuestions()) {
            boolean isAsked = asked.get(q.code());
            Answer answer = byCode.get(q.code());
            if (isAsked && q.required() && answer == null) {
                errors.add(FieldError.ofQuestion(q.code(), "is required"));
            } else if (!isAsked && answer != null) {
                errors.add(FieldError.ofQuestion(q.code(), "was not asked: it is asked only when "
                        + q.condition().question() + " is among " + q.condition().in()));
            }
        }
        for (Answer a : answers) {
            if (!questions.containsKey(a.question())) {
                errors.add(FieldError.ofQuestion(a.question(), "unknown question"));
            }
        }
        return errors;
    }

    /**
     * Every problem of a complete answer set received in one request (a batch item): each answer's
     * own, then completeness. A question already named by its answer's problem is not named again
     * as missing; an {@code answers} that is not an array is the only problem reported.
     */
    public static List<FieldError> checkSubmission(Questionnaire questionnaire, Parsed parsed) {
        List<FieldError> errors = new ArrayList<>(parsed.errors());
        if (errors.stream().anyMatch(e -> "answers".equals(e.field()))) {
            return errors;
        }
        Set<String> named = new HashSet<>();
        errors.forEach(e -> named.add(e.question()));
        checkComplete(questionnaire, parsed.answers()).stream()
                .filter(e -> !named.contains(e.question()))
                .forEach(errors::add);
        return errors;
    }

    /**
     * Whether each question of the questionnaire is asked, given these answers: a question with a
     * condition is asked when its condition holds (the pages show only the questions asked).
     */
    public static Map<String, Boolean> asked(Questionnaire questionnaire, java.util.Collection<Answer> answers) {
        Map<String, Answer> byCode = new HashMap<>();
        answers.forEach(a -> byCode.put(a.question(), a));
        Map<String, Boolean> asked = new LinkedHashMap<>();
        for (Question q : questionnaire.allQuestions()) {
            asked.putIfAbsent(q.code(), isAsked(q, byCode, asked));
        }
        return asked;
    }

    /** Whether a question is asked, given the answers and whether the earlier questions were asked. */
    static boolean isAsked(Question q, Map<String, Answer> answers, Map<String, Boolean> askedSoFar) {
        if (q.condition() == null) {
            return true;
        }
        String target = q.condition().question();
        if (!askedSoFar.getOrDefault(target, false)) {
            return false;
        }
        Answer answer = answers.get(target);
        if (answer == null || answer.value() == null) {
            return false;
        }
        JsonNode value = answer.value();
        if (value.isArray()) {
            for (JsonNode v : value) {
                if (q.condition().in().contains(v.asText())) {
                    return true;
                }
            }
            return false;
        }
        return q.condition().in().contains(value.asText());
    }

    /** The answers that may leave the service: every answer but those to TEXT questions. */
    public static List<Answer> withoutText(Questionnaire questionnaire, List<Answer> answers) {
        Map<String, Question> questions = questionnaire.questionsByCode();
        return answers.stream()
                .filter(a -> questions.containsKey(a.question()) && questions.get(a.question()).type() != QuestionType.TEXT)
                .toList();
    }

    private static List<String> choiceCodes(Question q) {
        return q.choices().stream().map(Questionnaire.Choice::code).toList();
    }
}
