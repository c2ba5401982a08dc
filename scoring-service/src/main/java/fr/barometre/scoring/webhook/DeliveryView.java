package fr.barometre.scoring.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * One event's delivery to one subscription. {@code webhookId} is the {@code webhook-id} header sent (the
 * event's id, the same at every attempt); {@code nextAttemptAt} is when a PENDING delivery is due.
 */
public record DeliveryView(UUID id, String eventType, UUID webhookId, String status, int attempts, Integer lastStatusCode,
                           String lastError, Instant nextAttemptAt, Instant deliveredAt, Instant createdAt) {
}
