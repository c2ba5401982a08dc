package fr.barometre.survey.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.observability.Traces;
import fr.barometre.survey.outbox.Outbox;
import fr.barometre.survey.registry.Collectivity;
import fr.barometre.survey.response.AnswerRules;
import fr.barometre.survey.response.SubmissionPublisher;
import fr.barometre.survey.response.SubmittedResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;

/**
 * The outgoing message of each submitted revision: built here from the submitted response, kept for
 * the feed ({@link SubmissionRecord}) and put in the outbox for scoring-service, in the submission's
 * own transaction. Both carry the trace context of the submitting request, the one the outbox row
 * keeps: the feed item keeps it in the row's {@code traceparent} column.
 */
@ApplicationScoped
public class SubmissionMessages implements SubmissionPublisher {

    @Inject
    SubmissionRepository submissions;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper json;

    @Inject
    Traces traces;

    /**
     * The message of a submitted revision, with the authority's profile as it stands, within the trace
     * context {@code traceparent}; TEXT answers never leave the service.
     */
    public static SubmissionMessage of(SubmittedResponse submitted, String traceparent) {
        Collectivity a = submitted.authority();
        Profile profile = new Profile(a.kind, a.population, a.stratum, a.departement, a.region, a.networkSet());
        return new SubmissionMessage(submitted.campaign().code, a.siren, submitted.revision(),
                submitted.campaign().questionnaireVersion, submitted.submittedAt(), profile,
                AnswerRules.withoutText(submitted.questionnaire(), submitted.answers()), traceparent);
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(SubmittedResponse submitted) {
        SubmissionMessage message = of(submitted, traces.current().orElse(null));
        submissions.persist(record(message));
        outbox.enqueue(message.key(), message);
    }

    /** The feed rows and the outbox messages of many revisions, each written in one statement. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void publishAll(List<SubmittedResponse> submitted) {
        String traceparent = traces.current().orElse(null);
        List<SubmissionRecord> records = new ArrayList<>(submitted.size());
        List<Outbox.Pending> messages = new ArrayList<>(submitted.size());
        for (SubmittedResponse s : submitted) {
            SubmissionMessage message = of(s, traceparent);
            records.add(record(message));
            messages.add(new Outbox.Pending(message.key(), message, traceparent));
        }
        submissions.insertAll(records);
        outbox.enqueueAll(messages);
    }

    private SubmissionRecord record(SubmissionMessage message) {
        SubmissionRecord record = new SubmissionRecord();
        record.campaignCode = message.campaign();
        record.siren = message.siren();
        record.revision = message.revision();
        record.payload = write(message.withTraceparent(null));   // the trace context has its own column
        record.traceparent = message.traceparent();
        record.submittedAt = message.submittedAt();
        return record;
    }

    private String write(SubmissionMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write submission " + message.key(), e);
        }
    }
}
