package fr.barometre.survey.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.observability.Traces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes messages into the outbox, inside the caller's transaction, for this service's one
 * {@link Receiver}; each message keeps the trace context of the request that wrote it.
 */
@ApplicationScoped
public class Outbox {

    /**
     * A message to write with {@link #enqueueAll}: its idempotency key, its payload (written as JSON) and the
     * trace context of the work it follows ({@code null} outside any trace).
     */
    public record Pending(String key, Object payload, String traceparent) {
    }

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
        message.payload = write(key, payload);
        message.traceparent = traces.current().orElse(null);
        Instant now = clock.instant();
        message.createdAt = now;
        message.nextAttemptAt = now;
        messages.persist(message);
    }

    /**
     * Writes many messages at once, inside the caller's transaction, in one statement: each keeps the
     * trace context given with it (the trace of the message it follows), not the current one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueueAll(List<Pending> pending) {
        if (pending.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(pending.size());
        List<String> payloads = new ArrayList<>(pending.size());
        List<String> traceparents = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            keys.add(p.key());
            payloads.add(write(p.key(), p.payload()));
            traceparents.add(p.traceparent());
        }
        messages.insertAll(receiver.name(), keys, payloads, traceparents, clock.instant());
    }

    private String write(String key, Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write outbox message " + key, e);
        }
    }
}
