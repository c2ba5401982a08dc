package fr.barometre.survey.page;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.questionnaire.QuestionType;
import fr.barometre.survey.questionnaire.Questionnaire;
import fr.barometre.survey.questionnaire.Questionnaire.Question;
import fr.barometre.survey.response.Answer;
import fr.barometre.survey.response.AnswerRules;
import fr.barometre.survey.response.ResponseService;
import fr.barometre.survey.response.ResponseStatus;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The questionnaire of a campaign as pages: the general section and one step per theme, built from
 * the campaign's questionnaire document, with the answers shown (stored, or typed when a save is
 * refused) and the questions asked given those answers.
 */
public record ResponseForm(String campaignCode, String campaignTitle, String authorityName, String query,
                           String state, boolean editable, boolean campaignOpen, String etag,
                           int answered, int required, List<Step> steps, String submittedAt) {

    /** The step of the general questions, beside the themes' codes. */
    public static final String GENERAL = "general";

    public record Step(String id, String title, int number, List<QuestionView> questions, int answered, int required) {
        public boolean complete() {
            return answered == required;
        }
    }

    /** One question as shown: its inputs, or (read-only) its answer in words. */
    public record QuestionView(String code, String type, String label, String help, boolean required, String error,
                               List<Option> options, String value, String min, String max, Integer maxLength, String answerText) {
        public boolean grouped() {
            return !"NUMBER".equals(type) && !"TEXT".equals(type);
        }

        public boolean multiple() {
            return "MULTIPLE_CHOICE".equals(type);
        }

        /** The ids the question's help and error carry, for aria-describedby. */
        public String describedBy() {
            List<String> ids = new ArrayList<>();
            if (help != null) {
                ids.add(code + "-aide");
            }
            if (error != null) {
                ids.add(code + "-erreur");
            }
            return String.join(" ", ids);
        }
    }

    public record Option(String id, String value, String label, boolean checked) {
    }

    /** A question whose stored answer differs from what was typed, on the conflict page. */
    public record Difference(String code, String label, String stored, String typed) {
    }

    /** A problem of the validation report, linking to its field on its step. */
    public record ReportItem(String code, String label, String message, String href) {
    }

    public static ResponseForm of(ResponseService.Opened opened, String query,
                                  Map<String, Answer> shown, Map<String, String> errors) {
        Questionnaire questionnaire = opened.questionnaire();
        var saved = opened.saved();
        String state = saved.map(s -> s.response().status().name()).orElse("NOT_STARTED");
        boolean open = opened.campaign().status == fr.barometre.survey.campaign.CampaignStatus.OPEN;
        boolean editable = open && opened.mayAct() && !ResponseStatus.SUBMITTED.name().equals(state);
        Map<String, Boolean> asked = AnswerRules.asked(questionnaire, shown.values());
        List<Step> steps = new ArrayList<>();
        steps.add(step(GENERAL, "Questions générales", 1, questionnaire.general(), shown, asked, errors));
        for (Questionnaire.Theme theme : questionnaire.themes()) {
            steps.add(step(theme.code(), label(theme.label(), theme.code()), steps.size() + 1, theme.questions(), shown, asked, errors));
        }
        int answered = steps.stream().mapToInt(Step::answered).sum();
        int required = steps.stream().mapToInt(Step::required).sum();
        String title = opened.campaign().title == null || opened.campaign().title.isBlank()
                ? "Campagne " + opened.campaign().code : opened.campaign().title;
        String submittedAt = saved.map(s -> s.response().submittedAt()).map(i -> Dates.french(i)).orElse(null);
        return new ResponseForm(opened.campaign().code, title, opened.authority().name, query, state, editable, open,
                saved.map(ResponseService.Saved::etag).orElse(""), answered, required, steps, submittedAt);
    }

    /** Required answers given against required questions asked, for the list of campaigns. */
    public static int[] progress(Questionnaire questionnaire, Collection<Answer> answers) {
        Map<String, Boolean> asked = AnswerRules.asked(questionnaire, answers);
        Map<String, Answer> byCode = byCode(answers);
        int answered = 0;
        int required = 0;
        for (Question q : questionnaire.allQuestions()) {
            if (q.required() && asked.get(q.code())) {
                required++;
                if (byCode.containsKey(q.code())) {
                    answered++;
                }
            }
        }
        return new int[]{answered, required};
    }

    public Step step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }

    public Step next(Step step) {
        return step.number() < steps.size() ? steps.get(step.number()) : null;
    }

    public Step previous(Step step) {
        return step.number() > 1 ? steps.get(step.number() - 2) : null;
    }

    public boolean submitted() {
        return ResponseStatus.SUBMITTED.name().equals(state);
    }

    public boolean draft() {
        return ResponseStatus.DRAFT.name().equals(state);
    }

    public String stateText() {
        return switch (state) {
            case "SUBMITTED" -> "Envoyée";
            case "DRAFT" -> "Brouillon";
            default -> "Non commencée";
        };
    }

    /** The path of the response's pages, and of one of its steps. */
    public String path() {
        return Paths.RESPONSES + "/" + campaignCode;
    }

    /** The questions of one step in the questionnaire, in document order. */
    static List<Question> questionsOf(Questionnaire questionnaire, String stepId) {
        if (GENERAL.equals(stepId)) {
            return questionnaire.general();
        }
        return questionnaire.themes().stream().filter(t -> t.code().equals(stepId)).findFirst()
                .map(Questionnaire.Theme::questions).orElse(null);
    }

    /** The step a question belongs to. */
    static String stepOf(Questionnaire questionnaire, String code) {
        if (questionnaire.general().stream().anyMatch(q -> q.code().equals(code))) {
            return GENERAL;
        }
        return questionnaire.themes().stream().filter(t -> t.questions().stream().anyMatch(q -> q.code().equals(code)))
                .findFirst().map(Questionnaire.Theme::code).orElse(null);
    }

    static List<ReportItem> report(Questionnaire questionnaire, List<FieldError> errors, String base, String query) {
        Map<String, Question> questions = questionnaire.questionsByCode();
        return errors.stream().map(e -> {
            String code = e.question() != null ? e.question() : e.field();
            Question q = code == null ? null : questions.get(code);
            String step = code == null ? null : stepOf(questionnaire, code);
            String href = step == null ? base + query : base + "/" + step + query + "#" + code;
            return new ReportItem(code, q == null ? code : label(q.label(), q.code()), FrenchMessages.of(e.message()), href);
        }).toList();
    }

    static List<Difference> differences(Questionnaire questionnaire, List<Question> questions,
                                        Map<String, Answer> stored, Map<String, Answer> typed) {
        List<Difference> differences = new ArrayList<>();
        for (Question q : questions) {
            String now = answerText(q, stored.get(q.code()));
            String mine = answerText(q, typed.get(q.code()));
            if (!Objects.equals(now, mine)) {
                differences.add(new Difference(q.code(), label(q.label(), q.code()), now, mine));
            }
        }
        return differences;
    }

    static Map<String, Answer> byCode(Collection<Answer> answers) {
        Map<String, Answer> map = new LinkedHashMap<>();
        answers.forEach(a -> map.put(a.question(), a));
        return map;
    }

    private static Step step(String id, String title, int number, List<Question> questions, Map<String, Answer> shown,
                             Map<String, Boolean> asked, Map<String, String> errors) {
        List<QuestionView> views = new ArrayList<>();
        int answered = 0;
        int required = 0;
        for (Question q : questions) {
            if (!asked.getOrDefault(q.code(), true)) {
                continue;
            }
            Answer answer = shown.get(q.code());
            if (q.required()) {
                required++;
                if (answer != null) {
                    answered++;
                }
            }
            views.add(view(q, answer, errors.get(q.code())));
        }
        return new Step(id, title, number, views, answered, required);
    }

    private static QuestionView view(Question q, Answer answer, String error) {
        List<Option> options = new ArrayList<>();
        String value = null;
        switch (q.type()) {
            case MATURITY -> {
                for (int level = 0; level < MaturityScale.LEVELS.size(); level++) {
                    boolean checked = answer != null && answer.level() != null && answer.level() == level;
                    options.add(new Option(q.code() + "-" + level, String.valueOf(level), level + " — " + MaturityScale.LEVELS.get(level), checked));
                }
                for (String abstention : List.of("NSP", "NA")) {
                    options.add(new Option(q.code() + "-" + abstention, abstention, MaturityScale.abstention(abstention),
                            answer != null && abstention.equals(answer.abstention())));
                }
            }
            case SINGLE_CHOICE, MULTIPLE_CHOICE -> {
                List<String> picked = answer == null || answer.value() == null ? List.of() : texts(answer.value());
                for (Questionnaire.Choice c : q.choices()) {
                    options.add(new Option(q.code() + "-" + c.code(), c.code(), label(c.label(), c.code()), picked.contains(c.code())));
                }
            }
            case BOOLEAN -> {
                String v = answer == null || answer.value() == null ? null : answer.value().asText();
                options.add(new Option(q.code() + "-true", "true", "Oui", "true".equals(v)));
                options.add(new Option(q.code() + "-false", "false", "Non", "false".equals(v)));
            }
            case NUMBER, TEXT -> value = answer == null || answer.value() == null ? null
                    : answer.value().isNumber() ? answer.value().decimalValue().stripTrailingZeros().toPlainString() : answer.value().asText();
            default -> throw new IllegalStateException("Unhandled type " + q.type());
        }
        return new QuestionView(q.code(), q.type().name(), label(q.label(), q.code()), q.help() == null ? null : label(q.help(), null),
                q.required(), error, options, value, plain(q.min()), plain(q.max()), q.maxLength(), answerText(q, answer));
    }

    /** An answer in words, as the read-only pages and the conflict page show it. */
    static String answerText(Question q, Answer answer) {
        if (answer == null) {
            return "Sans réponse";
        }
        if (q.type() == QuestionType.MATURITY) {
            if (answer.abstention() != null) {
                return MaturityScale.abstention(answer.abstention());
            }
            return answer.level() == null ? "Sans réponse" : answer.level() + " — " + MaturityScale.LEVELS.get(answer.level());
        }
        JsonNode value = answer.value();
        if (value == null) {
            return "Sans réponse";
        }
        return switch (q.type()) {
            case SINGLE_CHOICE, MULTIPLE_CHOICE -> texts(value).stream()
                    .map(code -> q.choice(code).map(c -> label(c.label(), code)).orElse(code))
                    .collect(Collectors.joining(" ; "));
            case BOOLEAN -> value.isBoolean() ? (value.asBoolean() ? "Oui" : "Non") : value.asText();
            case NUMBER -> value.isNumber() ? value.decimalValue().stripTrailingZeros().toPlainString() : value.asText();
            default -> value.asText();
        };
    }

    private static List<String> texts(JsonNode value) {
        List<String> texts = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> texts.add(v.asText()));
        } else {
            texts.add(value.asText());
        }
        return texts;
    }

    static String label(Map<String, String> label, String fallback) {
        if (label == null) {
            return fallback;
        }
        String fr = label.get("fr");
        return fr != null ? fr : label.values().stream().findFirst().orElse(fallback);
    }

    private static String plain(BigDecimal number) {
        return number == null ? null : number.toPlainString();
    }
}
