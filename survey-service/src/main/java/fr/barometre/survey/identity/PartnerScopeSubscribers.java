package fr.barometre.survey.identity;

import fr.barometre.survey.security.PartnerScope;
import fr.barometre.survey.webhook.SubscriberScopes;
import fr.barometre.survey.webhook.WebhookConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * survey-service's answer to whether a webhook subscriber may be told of an authority's event: the
 * partner's scope as the identity provider keeps it (the one its tokens carry), read at most once per
 * {@code barometre.webhooks.scope-cache} per client. A client that is no partner — a subscription an admin
 * made for an integration, say — is told of no authority's event (campaigns' events still reach it); when
 * the identity provider cannot be read, the scope is unknown and the delivery waits.
 */
@ApplicationScoped
public class PartnerScopeSubscribers implements SubscriberScopes {

    private record Cached(Optional<PartnerScope> scope, Instant until) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    @Inject
    IdentityDirectory directory;

    @Inject
    WebhookConfig config;

    @Inject
    Clock clock;

    @Override
    public boolean covers(String clientId, String siren, Set<String> networks) {
        return scope(clientId).map(scope -> scope.covers(siren, networks)).orElse(false);
    }

    private Optional<PartnerScope> scope(String clientId) {
        Instant now = clock.instant();
        Cached cached = cache.get(clientId);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.scope();
        }
        Optional<PartnerScope> scope;
        try {
            scope = directory.partnerScope(clientId);
        } catch (RuntimeException e) {
            throw new ScopeUnknown("the identity provider cannot be read: " + e.getMessage(), e);
        }
        cache.put(clientId, new Cached(scope, now.plus(config.scopeCache())));
        return scope;
    }
}
