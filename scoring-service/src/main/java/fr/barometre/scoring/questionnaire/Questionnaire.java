package fr.barometre.scoring.questionnaire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What scoring needs of survey-service's questionnaire document: the themes, their questions and
 * the questions' types. Labels and the rest are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Questionnaire(String version, List<Question> general, List<Theme> themes) {

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

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Question(String code, String type) {
        public boolean isMaturity() {
            return "MATURITY".equals(type);
        }

        public boolean isText() {
            return "TEXT".equals(type);
        }
    }

    /** The codes of the TEXT questions: read once for a whole answer set, not once an answer. */
    public Set<String> textQuestions() {
        return Stream.concat(general.stream(), themes.stream().flatMap(t -> t.questions().stream()))
                .filter(Question::isText).map(Question::code).collect(Collectors.toUnmodifiableSet());
    }
}
