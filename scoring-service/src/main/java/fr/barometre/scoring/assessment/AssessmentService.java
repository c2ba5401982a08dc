package fr.barometre.scoring.assessment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.scoring.engine.Answer;
import fr.barometre.scoring.engine.Scorer;
import fr.barometre.scoring.engine.Scoring;
import fr.barometre.scoring.feed.Fact;
import fr.barometre.scoring.model.ModelDefinition;
import fr.barometre.scoring.observability.Traces;
import fr.barometre.scoring.outbox.Outbox;
import fr.barometre.scoring.questionnaire.Questionnaire;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Assessments of submissions, each announced downstream through the outbox. */
@ApplicationScoped
public class AssessmentService {

    @Inject
    AssessmentRepository assessments;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    Traces traces;

    /**
     * A new assessment of a submission under a model: the next assessment version, stored with its
     * fact in the outbox, in the caller's transaction. The fact carries the trace context current now
     * (an ingest's continues the submission's trace), kept in the row's {@code traceparent} for the feed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AssessmentRecord assess(Submission m, Questionnaire questionnaire, String modelId, ModelDefinition model) {
        List<Answer> answers = m.answers() == null ? List.of() : m.answers();
        Scoring scoring = Scorer.score(questionnaire, answers, model);
        int version = assessments.lastVersion(m.campaign(), m.siren()) + 1;
        List<Fact.ThemeFact> themes = Fact.ThemeFact.of(scoring);
        List<Answer> published = answers.stream().filter(a -> !questionnaire.isText(a.question())).toList();
        Fact fact = new Fact(m.campaign(), m.siren(), m.revision(), m.questionnaireVersion(), m.profile(), published,
                version, modelId, scoring.index() == null ? null : scoring.index().rounded(), themes,
                traces.current().orElse(null));
        AssessmentRecord a = new AssessmentRecord();
        a.campaignCode = m.campaign();
        a.siren = m.siren();
        a.revision = m.revision();
        a.assessmentVersion = version;
        a.modelId = modelId;
        a.fact = write(fact.withTraceparent(null));   // the trace context has its own column
        a.traceparent = fact.traceparent();
        a.explanation = write(Explanation.of(scoring));
        a.createdAt = clock.instant();
        assessments.persist(a);
        outbox.enqueue(fact.key(), fact);
        return a;
    }

    /** Serializes the writes of one authority's assessments (ingest, rescoring) across replicas, until the transaction ends. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockAuthority(String campaign, String siren) {
        assessments.lockAuthority(campaign, siren);
    }

    /** The first assessment made of a revision; null when it was never assessed (a newer one came first). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Integer firstVersionOf(String campaign, String siren, int revision) {
        return assessments.firstVersionOf(campaign, siren, revision);
    }

    @Transactional
    public Optional<AssessmentView> current(String campaign, String siren) {
        return assessments.current(campaign, siren).map(this::view);
    }

    AssessmentView view(AssessmentRecord a) {
        Fact fact = read(a.fact, Fact.class);
        Explanation explanation = read(a.explanation, Explanation.class);
        return new AssessmentView(fact.campaign(), fact.siren(), fact.revision(), fact.assessmentVersion(), fact.model(),
                fact.questionnaireVersion(), a.createdAt, fact.profile(), fact.index(), fact.themes(), explanation);
    }

    <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON cannot be read as " + type.getSimpleName(), e);
        }
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
