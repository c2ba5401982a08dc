package fr.barometre.reporting.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A subscription as its client sees it. {@code secret} is there only in the answer to its creation: it is
 * never shown again (lost, the subscription is deleted and made anew).
 */
public record WebhookView(UUID id, String clientId, String url, List<String> events, Status status, Instant createdAt,
                          String createdBy, Instant failingSince, Instant disabledAt, String disabledReason,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    public enum Status { ACTIVE, DISABLED }

    WebhookView withSecret(String value) {
        return new WebhookView(id, clientId, url, events, status, createdAt, createdBy, failingSince, disabledAt,
                disabledReason, value);
    }
}
