package fr.barometre.survey.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the results page reads of scoring-service's assessment ({@code GET /campaigns/{code}/assessments/{siren}}):
 * theme scores, levels, engaged flags, the index and the next steps. Fields it does not use are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Assessment(String campaign, String siren, int revision, int assessmentVersion, String model,
                         BigDecimal index, List<ThemeResult> themes, Explanation explanation) {

    public Assessment {
        themes = themes == null ? List.of() : List.copyOf(themes);
    }

    /** The next steps, first five, in scoring-service's order; none when the explanation is missing. */
    public List<NextStep> nextSteps() {
        return explanation == null || explanation.nextSteps() == null ? List.of() : explanation.nextSteps();
    }

    /** A theme's result: without a scored item, no score, no level, not engaged. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ThemeResult(String theme, BigDecimal score, Integer level, boolean engaged) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Explanation(List<NextStep> nextSteps) {
    }

    /** A scored item below level 4, where progress is to be made. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NextStep(String question, String theme, int level) {
    }
}
