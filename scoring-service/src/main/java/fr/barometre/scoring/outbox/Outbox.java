package fr.barometre.scoring.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;

/** Writes messages into the outbox, inside the caller's transaction. */
@ApplicationScoped
public class Outbox {

    public static final String REPORTING = "reporting";

    @Inject
    OutboxRepository messages;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(String destination, String key, Object payload) {
        OutboxMessage message = new OutboxMessage();
        message.destination = destination;
        message.messageKey = key;
        try {
            message.payload = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write outbox message " + key, e);
        }
        Instant now = clock.instant();
        message.createdAt = now;
        message.nextAttemptAt = now;
        messages.persist(message);
    }
}
