package fr.barometre.scoring.assessment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.scoring.engine.Answer;
import fr.barometre.scoring.engine.Scorer;
import fr.barometre.scoring.engine.Scoring;
import fr.barometre.scoring.model.ModelDefinition;
import fr.barometre.scoring.model.ModelService;
import fr.barometre.scoring.model.ScoringModel;
import fr.barometre.scoring.outbox.Outbox;
import fr.barometre.scoring.problem.FieldError;
import fr.barometre.scoring.problem.ProblemException;
import fr.barometre.scoring.questionnaire.Questionnaire;
import fr.barometre.scoring.questionnaire.QuestionnaireStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns submissions into assessments, each announced downstream through the outbox. */
@ApplicationScoped
public class AssessmentService {

    private static final Pattern SIREN = Pattern.compile("\\d{9}");
    public static final java.util.Set<String> ABSTENTIONS = java.util.Set.of("NSP", "NA");

    @Inject
    AssessmentRepository assessments;

    @Inject
    QuestionnaireStore questionnaires;

    @Inject
    ModelService models;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager em;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /**
     * Records a delivered submission and assesses it. Idempotent on (campaign, SIREN, revision); an
     * older revision never replaces a newer one. The questionnaire is read before the transaction:
     * when survey-service cannot answer, nothing is stored and the caller gets a 503.
     */
    public IngestReceipt ingest(SubmissionMessage message) {
        check(message);
        Questionnaire questionnaire = questionnaires.get(message.campaign(), message.questionnaireVersion());
        return QuarkusTransaction.requiringNew().call(() -> record(message, questionnaire));
    }

    IngestReceipt record(SubmissionMessage m, Questionnaire questionnaire) {
        lockAuthority(m.campaign(), m.siren());
        Number known = (Number) em.createNativeQuery(
                        "select count(*) from submission where campaign_code = ?1 and siren = ?2 and revision = ?3")
                .setParameter(1, m.campaign()).setParameter(2, m.siren()).setParameter(3, m.revision())
                .getSingleResult();
        if (known.longValue() > 0) {
            return receipt(m, firstVersionOf(m));
        }
        em.createNativeQuery("insert into submission (campaign_code, siren, revision, payload) values (?1, ?2, ?3, cast(?4 as jsonb))")
                .setParameter(1, m.campaign()).setParameter(2, m.siren()).setParameter(3, m.revision())
                .setParameter(4, write(m))
                .executeUpdate();
        Number newest = (Number) em.createNativeQuery("select max(revision) from submission where campaign_code = ?1 and siren = ?2")
                .setParameter(1, m.campaign()).setParameter(2, m.siren()).getSingleResult();
        if (m.revision() < newest.intValue()) {
            return receipt(m, null);
        }
        String modelId = campaignModel(m.campaign());
        AssessmentRecord a = assess(m, questionnaire, modelId, models.definition(modelId).orElseThrow());
        return receipt(m, a.assessmentVersion);
    }

    /**
     * A new assessment of a submission under a model: the next assessment version, stored with its
     * fact in the outbox, in the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public AssessmentRecord assess(SubmissionMessage m, Questionnaire questionnaire, String modelId, ModelDefinition model) {
        List<Answer> answers = m.answers() == null ? List.of() : m.answers();
        Scoring scoring = Scorer.score(questionnaire, answers, model);
        int version = assessments.lastVersion(m.campaign(), m.siren()) + 1;
        List<Fact.ThemeFact> themes = Fact.ThemeFact.of(scoring);
        List<Answer> published = answers.stream().filter(a -> !questionnaire.isText(a.question())).toList();
        Fact fact = new Fact(m.campaign(), m.siren(), m.revision(), m.questionnaireVersion(), m.profile(), published,
                version, modelId, scoring.index() == null ? null : scoring.index().rounded(), themes);
        AssessmentRecord a = new AssessmentRecord();
        a.campaignCode = m.campaign();
        a.siren = m.siren();
        a.revision = m.revision();
        a.assessmentVersion = version;
        a.modelId = modelId;
        a.fact = write(fact);
        a.explanation = write(Explanation.of(scoring));
        a.createdAt = clock.instant();
        assessments.persist(a);
        outbox.enqueue(fact.key(), fact);
        return a;
    }

    /** The model a campaign is scored under: the default until a rescoring names another. */
    @Transactional
    public String campaignModel(String campaign) {
        @SuppressWarnings("unchecked")
        List<String> ids = em.createNativeQuery("select model_id from campaign_model where campaign_code = ?1")
                .setParameter(1, campaign).getResultList();
        return ids.isEmpty() ? ScoringModel.DEFAULT_ID : ids.get(0);
    }

    /** Serializes the writes of one authority's assessments (ingest, rescoring) across replicas. */
    public void lockAuthority(String campaign, String siren) {
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, campaign + ":" + siren).getSingleResult();
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

    private Integer firstVersionOf(SubmissionMessage m) {
        @SuppressWarnings("unchecked")
        List<Number> versions = em.createNativeQuery(
                        "select min(assessment_version) from assessment where campaign_code = ?1 and siren = ?2 and revision = ?3")
                .setParameter(1, m.campaign()).setParameter(2, m.siren()).setParameter(3, m.revision())
                .getResultList();
        return versions.isEmpty() || versions.get(0) == null ? null : versions.get(0).intValue();
    }

    private static IngestReceipt receipt(SubmissionMessage m, Integer version) {
        return new IngestReceipt(m.campaign(), m.siren(), m.revision(), version, version == null);
    }

    private static void check(SubmissionMessage m) {
        if (m == null) {
            throw ProblemException.badRequest("A submission message is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (m.campaign() == null || m.campaign().isBlank()) {
            errors.add(FieldError.ofField("campaign", "is required"));
        }
        if (m.siren() == null || !SIREN.matcher(m.siren()).matches()) {
            errors.add(FieldError.ofField("siren", "must be 9 digits"));
        }
        if (m.revision() == null || m.revision() < 1) {
            errors.add(FieldError.ofField("revision", "must be 1 or more"));
        }
        if (m.questionnaireVersion() == null || m.questionnaireVersion().isBlank()) {
            errors.add(FieldError.ofField("questionnaireVersion", "is required"));
        }
        if (m.answers() != null) {
            for (int i = 0; i < m.answers().size(); i++) {
                Answer a = m.answers().get(i);
                if (a == null || a.question() == null) {
                    errors.add(FieldError.ofField("answers[" + i + "].question", "is required"));
                } else if (a.level() != null && a.abstention() != null) {
                    errors.add(FieldError.ofQuestion(a.question(), "a level or an abstention, not both"));
                } else if (a.level() != null && (a.level() < 0 || a.level() > Scorer.MAX_LEVEL)) {
                    errors.add(FieldError.ofQuestion(a.question(), "level must be 0 to " + Scorer.MAX_LEVEL));
                } else if (a.abstention() != null && !ABSTENTIONS.contains(a.abstention())) {
                    errors.add(FieldError.ofQuestion(a.question(), "abstention must be NSP or NA"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The submission message has " + errors.size() + " problem(s)", errors);
        }
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
