package fr.barometre.scoring.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.scoring.observability.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;

/**
 * Writes messages into the outbox, inside the caller's transaction, for this service's one
 * {@link Receiver}; each message keeps the trace context of the request that wrote it.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    Receiver receiver;

    @Inject
    OutboxRepository messages;

    @Inject
    ObjectMapper json;

    @Inject
    Traces traces;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String key, Object payload) {
        OutboxMessage message = new OutboxMessage();
        message.destination = receiver.name();
        message.messageKey = key;
        try {
            message.payload = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write outbox message " + key, e);
        }
        message.traceparent = traces.current().orElse(null);
        Instant now = clock.instant();
        message.createdAt = now;
        message.nextAttemptAt = now;
        messages.persist(message);
    }
}
