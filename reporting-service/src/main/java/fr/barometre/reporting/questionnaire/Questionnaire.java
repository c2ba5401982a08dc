package fr.barometre.reporting.questionnaire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What reporting needs of survey-service's questionnaire document: the questions, their types,
 * whether they must be answered, and their choices (so that a distribution lists every choice, zero
 * counts included), with their labels. The rest is ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Questionnaire(String version, List<Question> general, List<Theme> themes) {

    public static final String MATURITY = "MATURITY";
    public static final String SINGLE_CHOICE = "SINGLE_CHOICE";
    public static final String MULTIPLE_CHOICE = "MULTIPLE_CHOICE";
    public static final String NUMBER = "NUMBER";
    public static final String BOOLEAN = "BOOLEAN";
    public static final String TEXT = "TEXT";

    public Questionnaire {
        general = general == null ? List.of() : List.copyOf(general);
        themes = themes == null ? List.of() : List.copyOf(themes);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Theme(String code, List<Question> questions) {
        public Theme {
            questions = questions == null ? List.of() : List.copyOf(questions);
        }
    }

    /**
     * A question. {@code condition} is present when it is asked only after some answer to an earlier
     * question (its content is survey-service's business); a required question is required only
     * when asked.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Question(String code, String type, Boolean required, Object condition, Map<String, String> label, List<Choice> choices) {
        public Question {
            choices = choices == null ? List.of() : List.copyOf(choices);
            label = label == null ? Map.of() : Map.copyOf(label);
        }

        public boolean isText() {
            return TEXT.equals(type);
        }

        /** Whether an authority may have no answer to it: not required, or asked only under a condition. */
        public boolean mayBeUnanswered() {
            return !Boolean.TRUE.equals(required) || condition != null;
        }

        /** The French label, else the code. */
        public String labelFr() {
            return label.getOrDefault("fr", code);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Choice(String code, Map<String, String> label) {
        public Choice {
            label = label == null ? Map.of() : Map.copyOf(label);
        }

        /** The French label, else the code. */
        public String labelFr() {
            return label.getOrDefault("fr", code);
        }
    }

    public Optional<Question> question(String code) {
        return questions().filter(q -> q.code().equals(code)).findFirst();
    }

    /** The codes of the TEXT questions: read once for a whole fact, not once an answer. */
    public Set<String> textQuestions() {
        return questions().filter(Question::isText).map(Question::code).collect(Collectors.toUnmodifiableSet());
    }

    /** The general questions, then each theme's. */
    private Stream<Question> questions() {
        return Stream.concat(general.stream(), themes.stream().flatMap(t -> t.questions().stream()));
    }
}
