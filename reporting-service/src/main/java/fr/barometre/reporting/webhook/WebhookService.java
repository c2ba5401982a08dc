package fr.barometre.reporting.webhook;

import fr.barometre.reporting.api.Page;
import fr.barometre.reporting.api.Paging;
import fr.barometre.reporting.audit.Journal;
import fr.barometre.reporting.problem.FieldError;
import fr.barometre.reporting.problem.ProblemException;
import fr.barometre.reporting.problem.ProblemTypes;
import fr.barometre.reporting.security.Caller;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The subscriptions of partners (their own, for their token's client) and admins (anyone's): made, listed,
 * read, deleted, pinged, and their deliveries listed and retried. Another client's subscription is, to a
 * partner, one that does not exist.
 */
@ApplicationScoped
public class WebhookService {

    public static final String PING = "ping";

    @Inject
    WebhookRepository subscriptions;

    @Inject
    WebhookTargets targets;

    @Inject
    WebhookEvents events;

    @Inject
    WebhookConfig config;

    @Inject
    Journal journal;

    @Inject
    Caller caller;

    /**
     * Checks the request, resolves the URL's host (outside any transaction: a slow name server holds no
     * connection), then writes the subscription unless its client has {@code max-per-client} active ones.
     */
    public WebhookView create(NewWebhook request) {
        if (request == null) {
            throw ProblemException.badRequest("A body {\"url\": ..., \"events\": [...]} is required");
        }
        List<FieldError> errors = new ArrayList<>();
        String clientId = clientFor(request, errors);
        String urlProblem = targets.formProblem(request.url());
        if (urlProblem != null) {
            errors.add(FieldError.ofField("url", urlProblem));
        }
        List<String> types = eventTypes(request.events(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The subscription has " + errors.size() + " problem(s)", errors);
        }
        try {
            targets.check(request.url());
        } catch (WebhookTargets.Refused e) {
            throw ProblemException.invalid(FieldError.ofField("url", "is not a target webhooks may be sent to: " + e.getMessage()));
        }
        String secret = WebhookSignature.newSecret();
        String createdBy = caller.name();
        return QuarkusTransaction.requiringNew().call(() -> {
            if (subscriptions.lockAndCountActive(clientId) >= config.maxPerClient()) {
                throw ProblemException.conflict("The client " + clientId + " has " + config.maxPerClient()
                        + " active subscriptions already, the most it may have: delete one first");
            }
            WebhookView created = subscriptions.insert(clientId, request.url(), types, secret, createdBy);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("clientId", clientId);
            detail.put("host", URI.create(request.url()).getHost());
            detail.put("events", types);
            journal.record("webhook.created", target(created.id()), null, detail);
            return created.withSecret(secret);
        });
    }

    @Transactional
    public Page<WebhookView> list(String clientId, int page, int size) {
        Paging.check(page, size);
        String owner = caller.isAdmin() ? blankToNull(clientId) : ownClient();
        return new Page<>(subscriptions.list(owner, page, size), page, size, subscriptions.count(owner));
    }

    @Transactional
    public WebhookView get(String id) {
        return visible(id);
    }

    @Transactional
    public void delete(String id) {
        WebhookView subscription = visible(id);
        subscriptions.delete(subscription.id());
        journal.record("webhook.deleted", target(subscription.id()), null, Map.of("clientId", subscription.clientId()));
    }

    /** A {@code ping} event for this subscription alone, delivered as any other; its delivery. */
    @Transactional
    public DeliveryView ping(String id) {
        WebhookView subscription = visible(id);
        if (subscription.status() == WebhookView.Status.DISABLED) {
            throw ProblemException.conflict("The subscription " + subscription.id() + " is disabled ("
                    + subscription.disabledReason() + "): retry one of its deliveries to enable it again");
        }
        UUID delivery = events.emitTo(subscription.id(),
                new WebhookEvent(PING, null, null, null, Map.of("subscription", subscription.id().toString())));
        return subscriptions.delivery(subscription.id(), delivery).orElseThrow();
    }

    @Transactional
    public Page<DeliveryView> deliveries(String id, int page, int size) {
        Paging.check(page, size);
        WebhookView subscription = visible(id);
        return new Page<>(subscriptions.deliveries(subscription.id(), page, size), page, size,
                subscriptions.countDeliveries(subscription.id()));
    }

    /**
     * The delivery PENDING again and due now, whatever it was. A disabled subscription's delivery retried
     * enables the subscription again, its failures forgotten: retrying says the receiver is mended, and a
     * delivery to a disabled subscription could only fail. Its other failed deliveries stay as they are.
     */
    @Transactional
    public DeliveryView retry(String id, String deliveryId) {
        WebhookView subscription = visible(id);
        UUID deliveryUuid = uuid(deliveryId);
        DeliveryView delivery = (deliveryUuid == null ? Optional.<DeliveryView>empty()
                : subscriptions.delivery(subscription.id(), deliveryUuid))
                .orElseThrow(() -> ProblemException.notFound("No delivery " + deliveryId + " of the subscription " + id));
        boolean enable = subscription.status() == WebhookView.Status.DISABLED;
        if (enable) {
            subscriptions.enable(subscription.id());
        }
        subscriptions.retry(delivery.id());
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("delivery", delivery.id().toString());
        detail.put("previousStatus", delivery.status());
        detail.put("enabled", enable);
        journal.record("webhook.delivery-retried", target(subscription.id()), null, detail);
        return subscriptions.delivery(subscription.id(), delivery.id()).orElseThrow();
    }

    static String target(UUID subscription) {
        return "webhook:" + subscription;
    }

    /** The subscription, if the caller may see it: an admin any, a partner its client's only. */
    private WebhookView visible(String id) {
        UUID uuid = uuid(id);
        return Optional.ofNullable(uuid).flatMap(subscriptions::find)
                .filter(s -> caller.isAdmin() || s.clientId().equals(ownClient()))
                .orElseThrow(() -> ProblemException.notFound("No webhook subscription " + id));
    }

    /** A partner's subscriptions are its token's client's; an admin names the client. */
    private String clientFor(NewWebhook request, List<FieldError> errors) {
        if (!caller.isAdmin()) {
            return ownClient();
        }
        String clientId = blankToNull(request.clientId());
        if (clientId == null) {
            errors.add(FieldError.ofField("clientId", "is required: the client the subscription is for"));
        } else if (clientId.length() > 255) {
            errors.add(FieldError.ofField("clientId", "must be at most 255 characters"));
        }
        return clientId;
    }

    /** The calling partner's client, from its token's {@code azp}. */
    private String ownClient() {
        String clientId = caller.clientId();
        if (clientId.isBlank()) {
            throw new ProblemException(403, ProblemTypes.FORBIDDEN, "Forbidden",
                    "The token names no client (azp): a partner's subscriptions are its client's", null);
        }
        return clientId;
    }

    private List<String> eventTypes(List<String> requested, List<FieldError> errors) {
        if (requested == null || requested.isEmpty()) {
            errors.add(FieldError.ofField("events", "must name at least one of " + config.eventTypes()));
            return List.of();
        }
        LinkedHashSet<String> types = new LinkedHashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String type = requested.get(i);
            if (type == null || !config.eventTypes().contains(type)) {
                errors.add(FieldError.ofField("events[" + i + "]", "must be one of " + config.eventTypes()));
            } else {
                types.add(type);
            }
        }
        return List.copyOf(types);
    }

    private static UUID uuid(String id) {
        try {
            return id == null ? null : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
