package fr.barometre.survey.questionnaire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The questionnaire document of a campaign, versioned, frozen once the campaign opens. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Questionnaire", description = "General questions, then the seven themes and their questions.")
public record Questionnaire(
        @Schema(required = true, example = "2025.1") String version,
        @Schema(description = "Non-scored questions that concern no theme (governance, budget)") List<Question> general,
        @Schema(required = true) List<Theme> themes) {

    public Questionnaire {
        general = general == null ? List.of() : List.copyOf(general);
        themes = themes == null ? List.of() : List.copyOf(themes);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Theme")
    public record Theme(
            @Schema(example = "DONNEES_IA") String code,
            @Schema(example = "{\"fr\": \"Données et IA\", \"en\": \"Data and AI\"}") Map<String, String> label,
            List<Question> questions) {
        public Theme {
            questions = questions == null ? List.of() : List.copyOf(questions);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "Question")
    public record Question(
            @Schema(example = "DIA-PLAN-FORMATION") String code,
            QuestionType type,
            boolean required,
            Map<String, String> label,
            Map<String, String> help,
            @Schema(description = "For SINGLE_CHOICE and MULTIPLE_CHOICE") List<Choice> choices,
            @Schema(description = "For NUMBER") BigDecimal min,
            @Schema(description = "For NUMBER") BigDecimal max,
            @Schema(description = "For TEXT") Integer maxLength,
            @Schema(description = "Asked only when the named earlier question's answer is among the codes") Condition condition) {

        public Optional<Choice> choice(String code) {
            return choices == null ? Optional.empty() : choices.stream().filter(c -> c.code().equals(code)).findFirst();
        }
    }

    @Schema(name = "Choice")
    public record Choice(@Schema(example = "ORGANISE") String code, Map<String, String> label) {
    }

    @Schema(name = "Condition")
    public record Condition(
            @Schema(example = "DIA-USAGE-AGENTS") String question,
            @Schema(example = "[\"ORGANISE\", \"INITIATIVE_PERSONNELLE\"]") List<String> in) {
    }

    /** Every question, in document order: general first, then the themes. */
    @JsonIgnore
    public List<Question> allQuestions() {
        List<Question> all = new ArrayList<>(general);
        themes.forEach(t -> all.addAll(t.questions()));
        return all;
    }

    /** Every question by code, in document order. */
    @JsonIgnore
    public Map<String, Question> questionsByCode() {
        Map<String, Question> byCode = new LinkedHashMap<>();
        allQuestions().forEach(q -> byCode.putIfAbsent(q.code(), q));
        return byCode;
    }
}
