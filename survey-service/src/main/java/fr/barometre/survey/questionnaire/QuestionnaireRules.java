package fr.barometre.survey.questionnaire;

import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.questionnaire.Questionnaire.Choice;
import fr.barometre.survey.questionnaire.Questionnaire.Question;
import fr.barometre.survey.questionnaire.Questionnaire.Theme;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** What makes a questionnaire document usable: every problem is listed, with its path in the document. */
public final class QuestionnaireRules {

    private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9_-]{0,63}");
    /** The answer codes a condition on a BOOLEAN question tests. */
    public static final Set<String> BOOLEAN_CODES = Set.of("true", "false");

    private QuestionnaireRules() {
    }

    public static List<FieldError> check(Questionnaire q) {
        List<FieldError> errors = new ArrayList<>();
        if (q.version() == null || q.version().isBlank() || q.version().length() > 64) {
            errors.add(FieldError.ofField("version", "is required (at most 64 characters)"));
        }
        Map<String, Question> earlier = new HashMap<>();
        for (int i = 0; i < q.general().size(); i++) {
            Question question = q.general().get(i);
            String path = "general[" + i + "]";
            if (question != null && question.type() == QuestionType.MATURITY) {
                errors.add(FieldError.ofField(path + ".type", "MATURITY questions are scored and belong to a theme, not to general"));
            }
            checkQuestion(question, path, earlier, errors);
        }
        Set<ThemeCode> seen = EnumSet.noneOf(ThemeCode.class);
        for (int t = 0; t < q.themes().size(); t++) {
            Theme theme = q.themes().get(t);
            String path = "themes[" + t + "]";
            if (theme == null) {
                errors.add(FieldError.ofField(path, "must be a theme"));
                continue;
            }
            ThemeCode code = themeCode(theme.code());
            if (code == null) {
                errors.add(FieldError.ofField(path + ".code", "must be one of " + Arrays.toString(ThemeCode.values())));
            } else if (!seen.add(code)) {
                errors.add(FieldError.ofField(path + ".code", "theme " + code + " appears twice"));
            }
            checkLabel(theme.label(), path + ".label", errors);
            long maturity = theme.questions().stream().filter(x -> x != null && x.type() == QuestionType.MATURITY).count();
            if (maturity < ThemeCode.MIN_MATURITY_ITEMS) {
                errors.add(FieldError.ofField(path + ".questions", "a theme needs at least " + ThemeCode.MIN_MATURITY_ITEMS
                        + " MATURITY questions; it has " + maturity));
            }
            for (int i = 0; i < theme.questions().size(); i++) {
                checkQuestion(theme.questions().get(i), path + ".questions[" + i + "]", earlier, errors);
            }
        }
        EnumSet<ThemeCode> missing = EnumSet.allOf(ThemeCode.class);
        missing.removeAll(seen);
        if (!missing.isEmpty()) {
            errors.add(FieldError.ofField("themes", "the seven themes are required; missing " + missing));
        }
        return errors;
    }

    private static void checkQuestion(Question question, String path, Map<String, Question> earlier, List<FieldError> errors) {
        if (question == null) {
            errors.add(FieldError.ofField(path, "must be a question"));
            return;
        }
        if (question.code() == null || !CODE.matcher(question.code()).matches()) {
            errors.add(FieldError.ofField(path + ".code", "must be upper-case letters, digits, '-' or '_' (at most 64)"));
        } else if (earlier.containsKey(question.code())) {
            errors.add(FieldError.ofField(path + ".code", "question code " + question.code() + " is used twice"));
        }
        if (question.type() == null) {
            errors.add(FieldError.ofField(path + ".type", "is required"));
        }
        checkLabel(question.label(), path + ".label", errors);
        QuestionType type = question.type();
        if (type != null && type.hasChoices()) {
            if (question.choices() == null || question.choices().isEmpty()) {
                errors.add(FieldError.ofField(path + ".choices", "a " + type + " question needs choices"));
            } else {
                Set<String> codes = new HashSet<>();
                for (int c = 0; c < question.choices().size(); c++) {
                    Choice choice = question.choices().get(c);
                    if (choice == null || choice.code() == null || !CODE.matcher(choice.code()).matches()) {
                        errors.add(FieldError.ofField(path + ".choices[" + c + "].code", "must be upper-case letters, digits, '-' or '_'"));
                    } else if (!codes.add(choice.code())) {
                        errors.add(FieldError.ofField(path + ".choices[" + c + "].code", "choice " + choice.code() + " appears twice"));
                    }
                }
            }
        } else if (question.choices() != null && !question.choices().isEmpty()) {
            errors.add(FieldError.ofField(path + ".choices", "only SINGLE_CHOICE and MULTIPLE_CHOICE questions have choices"));
        }
        if (question.min() != null && question.max() != null && question.min().compareTo(question.max()) > 0) {
            errors.add(FieldError.ofField(path + ".min", "must not be greater than max"));
        }
        if ((question.min() != null || question.max() != null) && type != QuestionType.NUMBER) {
            errors.add(FieldError.ofField(path + ".min", "only NUMBER questions have min and max"));
        }
        if (type == QuestionType.TEXT && (question.maxLength() == null || question.maxLength() < 1)) {
            errors.add(FieldError.ofField(path + ".maxLength", "a TEXT question needs a positive maxLength"));
        }
        if (question.condition() != null) {
            checkCondition(question.condition(), path + ".condition", earlier, errors);
        }
        if (question.code() != null) {
            earlier.putIfAbsent(question.code(), question);
        }
    }

    private static void checkCondition(Questionnaire.Condition condition, String path, Map<String, Question> earlier,
                                       List<FieldError> errors) {
        Question target = condition.question() == null ? null : earlier.get(condition.question());
        if (target == null) {
            errors.add(FieldError.ofField(path + ".question", "must name an earlier question"));
            return;
        }
        if (target.type() == null || !target.type().canBeConditionTarget()) {
            errors.add(FieldError.ofField(path + ".question", "must name a SINGLE_CHOICE, MULTIPLE_CHOICE or BOOLEAN question"));
            return;
        }
        if (condition.in() == null || condition.in().isEmpty()) {
            errors.add(FieldError.ofField(path + ".in", "must list at least one answer code"));
            return;
        }
        for (String code : condition.in()) {
            boolean known = target.type() == QuestionType.BOOLEAN ? BOOLEAN_CODES.contains(code) : target.choice(code).isPresent();
            if (!known) {
                errors.add(FieldError.ofField(path + ".in", "'" + code + "' is not an answer of " + target.code()));
            }
        }
    }

    private static void checkLabel(Map<String, String> label, String path, List<FieldError> errors) {
        if (label == null || label.get("fr") == null || label.get("fr").isBlank()) {
            errors.add(FieldError.ofField(path + ".fr", "a French label is required"));
        }
    }

    private static ThemeCode themeCode(String code) {
        if (code == null) {
            return null;
        }
        try {
            return ThemeCode.valueOf(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
