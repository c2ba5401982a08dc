package fr.barometre.scoring.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.scoring.assessment.AssessmentRecord;
import fr.barometre.scoring.assessment.AssessmentService;
import fr.barometre.scoring.engine.Answer;
import fr.barometre.scoring.model.ModelService;
import fr.barometre.scoring.problem.FieldError;
import fr.barometre.scoring.problem.ProblemException;
import fr.barometre.scoring.problem.ViolationPaths;
import fr.barometre.scoring.questionnaire.Questionnaire;
import fr.barometre.scoring.questionnaire.QuestionnaireStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.Validator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Submissions received, from survey-service's deliveries and from its feed (the catch-up): each is
 * checked (see {@link #check}), kept once, and assessed unless a newer revision of the same response
 * came first.
 */
@ApplicationScoped
public class SubmissionIngest {

    @Inject
    SubmissionRepository submissions;

    @Inject
    AssessmentService assessments;

    @Inject
    QuestionnaireStore questionnaires;

    @Inject
    ModelService models;

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

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

    private IngestReceipt record(SubmissionMessage m, Questionnaire questionnaire) {
        assessments.lockAuthority(m.campaign(), m.siren());
        if (submissions.received(m.campaign(), m.siren(), m.revision())) {
            return receipt(m, assessments.firstVersionOf(m.campaign(), m.siren(), m.revision()));
        }
        SubmissionRecord received = new SubmissionRecord();
        received.campaignCode = m.campaign();
        received.siren = m.siren();
        received.revision = m.revision();
        received.payload = write(m);
        submissions.persist(received);
        if (m.revision() < submissions.newestRevision(m.campaign(), m.siren())) {
            return receipt(m, null);
        }
        String modelId = models.forCampaign(m.campaign());
        AssessmentRecord a = assessments.assess(m, questionnaire, modelId, models.definition(modelId).orElseThrow());
        return receipt(m, a.assessmentVersion);
    }

    /** The newest revision received of an authority's response, as it was received (rescoring's input). */
    @Transactional(Transactional.TxType.MANDATORY)
    public SubmissionMessage newest(String campaign, String siren) {
        String payload = submissions.newest(campaign, siren).payload;
        try {
            return json.readValue(payload, SubmissionMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A kept submission cannot be read", e);
        }
    }

    /**
     * Refuses a message with a 422 listing every problem: its constraints broken (Bean Validation on
     * {@link SubmissionMessage}, each at its JSON path), then the maturity scale's rules broken by an
     * answer ({@link Answer#problem}, each naming its question).
     */
    private void check(SubmissionMessage m) {
        if (m == null) {
            throw ProblemException.badRequest("A submission message is required");
        }
        List<FieldError> errors = new ArrayList<>(validator.validate(m).stream()
                .map(v -> FieldError.ofField(ViolationPaths.of(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList());
        if (m.answers() != null) {
            m.answers().stream().filter(a -> a != null && a.question() != null)
                    .forEach(a -> a.problem().ifPresent(problem -> errors.add(FieldError.ofQuestion(a.question(), problem))));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The submission message has " + errors.size() + " problem(s)", errors);
        }
    }

    private static IngestReceipt receipt(SubmissionMessage m, Integer version) {
        return new IngestReceipt(m.campaign(), m.siren(), m.revision(), version, version == null);
    }

    private String write(SubmissionMessage m) {
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
