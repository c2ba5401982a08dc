package fr.barometre.scoring.assessment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import fr.barometre.scoring.engine.Answer;
import fr.barometre.scoring.engine.Scorer;
import fr.barometre.scoring.engine.Scoring;
import fr.barometre.scoring.feed.Fact;
import fr.barometre.scoring.model.ModelDefinition;
import fr.barometre.scoring.outbox.Outbox;
import fr.barometre.scoring.questionnaire.Questionnaire;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.Optional;

/** Assessments of submissions, each announced downstream through the outbox. */
@ApplicationScoped
public class AssessmentService {

    @Inject
    AssessmentRepository assessments;

    @Inject
    Outbox outbox;

    @Inject
    AssessmentEvents webhooks;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /**
     * One assessment to make: a submission scored under a model as the given assessment version (the
     * caller holds the authority's lock and knows the last version), its fact carrying {@code traceparent}
     * (the trace of the message it came from; null outside any trace).
     */
    public record Assessing(Submission submission, Questionnaire questionnaire, String modelId, ModelDefinition model,
                            int version, String traceparent) {
    }

    /**
     * New assessments, set-based, in the caller's transaction: each scored in Java, then all the rows
     * written in one statement and all their facts put in the outbox at once. Each fact is written to
     * JSON once: the same text is the outbox payload and, without its trace context (kept in its own
     * column, given with the feed item), the stored fact.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void assessAll(List<Assessing> work) {
        if (work.isEmpty()) {
            return;
        }
        List<AssessmentRepository.NewAssessment> rows = new ArrayList<>(work.size());
        List<Outbox.Pending> facts = new ArrayList<>(work.size());
        for (Assessing w : work) {
            Submission m = w.submission();
            Questionnaire questionnaire = w.questionnaire();
            List<Answer> answers = m.answers() == null ? List.of() : m.answers();
            Scoring scoring = Scorer.score(questionnaire, answers, w.model());
            Set<String> textQuestions = questionnaire.textQuestions();
            List<Answer> published = answers.stream().filter(a -> !textQuestions.contains(a.question())).toList();
            Fact fact = new Fact(m.campaign(), m.siren(), m.revision(), m.questionnaireVersion(), m.profile(), published,
                    w.version(), w.modelId(), scoring.index() == null ? null : scoring.index().rounded(),
                    Fact.ThemeFact.of(scoring), w.traceparent());
            String text = write(fact);
            rows.add(new AssessmentRepository.NewAssessment(m.campaign(), m.siren(), m.revision(), w.version(), w.modelId(),
                    text, write(Explanation.of(scoring)), w.traceparent()));
            facts.add(new Outbox.Pending(fact.key(), new RawValue(text), w.traceparent()));
        }
        assessments.insertAll(rows, clock.instant());
        outbox.enqueueAll(facts);
        webhooks.updated(work);
    }

    /**
     * Serializes the writes of these authorities' assessments (ingest, rescoring) across replicas, until
     * the transaction ends; keys of {@link AssessmentRepository#lockKey}, locked in one fixed order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockAuthorities(Collection<String> keys) {
        assessments.lockAuthorities(keys);
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
