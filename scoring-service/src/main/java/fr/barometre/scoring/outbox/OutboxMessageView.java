package fr.barometre.scoring.outbox;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(name = "OutboxMessage", description = "A message to another service and the state of its delivery.")
public record OutboxMessageView(long id, @Schema(example = "2025:216901231:1") String key, String destination,
                                OutboxMessage.Status status, int attempts, Instant nextAttemptAt, String lastError,
                                Instant createdAt, Instant deliveredAt) {

    static OutboxMessageView of(OutboxMessage m) {
        return new OutboxMessageView(m.id, m.messageKey, m.destination, m.status, m.attempts, m.nextAttemptAt,
                m.lastError, m.createdAt, m.deliveredAt);
    }
}
