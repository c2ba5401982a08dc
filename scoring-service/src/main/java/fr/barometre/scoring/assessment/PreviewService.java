package fr.barometre.scoring.assessment;

import fr.barometre.scoring.engine.Answer;
import fr.barometre.scoring.engine.Scorer;
import fr.barometre.scoring.engine.Scoring;
import fr.barometre.scoring.feed.Fact;
import fr.barometre.scoring.model.ModelDefinition;
import fr.barometre.scoring.model.ModelService;
import fr.barometre.scoring.problem.FieldError;
import fr.barometre.scoring.problem.ProblemException;
import fr.barometre.scoring.questionnaire.Questionnaire;
import fr.barometre.scoring.questionnaire.QuestionnaireStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Scores answers for a campaign without storing anything. */
@ApplicationScoped
public class PreviewService {

    @Inject
    QuestionnaireStore questionnaires;

    @Inject
    ModelService models;

    public Preview preview(PreviewRequest request) {
        if (request == null || request.campaign() == null || request.campaign().isBlank()) {
            throw ProblemException.invalid(FieldError.ofField("campaign", "is required"));
        }
        List<Answer> answers = request.answers() == null ? List.of() : request.answers();
        String modelId = request.model() == null ? models.forCampaign(request.campaign()) : request.model();
        ModelDefinition model = models.definition(modelId)
                .orElseThrow(() -> ProblemException.invalid(FieldError.ofField("model", "no model " + modelId)));
        Questionnaire questionnaire = questionnaires.current(request.campaign());
        Set<String> maturity = questionnaire.themes().stream().flatMap(t -> t.questions().stream())
                .filter(Questionnaire.Question::isMaturity).map(Questionnaire.Question::code).collect(Collectors.toSet());
        List<FieldError> errors = new ArrayList<>();
        for (Answer a : answers) {
            if (a == null || a.question() == null) {
                errors.add(FieldError.ofField("answers", "each answer names its question"));
            } else if (!maturity.contains(a.question())) {
                continue;   // only maturity items are scored; other answers are ignored here
            } else if (a.level() == null && a.abstention() == null) {
                errors.add(FieldError.ofQuestion(a.question(), "give a level 0–4 or an abstention NSP/NA"));
            } else {
                a.problem().ifPresent(problem -> errors.add(FieldError.ofQuestion(a.question(), problem)));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The answers have " + errors.size() + " problem(s)", errors);
        }
        Scoring scoring = Scorer.score(questionnaire, answers, model);
        List<Fact.ThemeFact> themes = Fact.ThemeFact.of(scoring);
        return new Preview(request.campaign(), modelId, questionnaire.version(),
                scoring.index() == null ? null : scoring.index().rounded(), themes, Explanation.of(scoring));
    }
}
