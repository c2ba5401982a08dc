package fr.barometre.scoring.questionnaire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

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

    public boolean isText(String code) {
        return general.stream().anyMatch(q -> q.code().equals(code) && q.isText())
                || themes.stream().flatMap(t -> t.questions().stream()).anyMatch(q -> q.code().equals(code) && q.isText());
    }
}
