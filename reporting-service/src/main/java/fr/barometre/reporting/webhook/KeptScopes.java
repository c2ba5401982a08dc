package fr.barometre.reporting.webhook;

import fr.barometre.reporting.security.PartnerScope;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The part of a {@link SubscriberScopes} every service does alike: each client's partner scope, read from the
 * service's source, kept for {@code barometre.webhooks.scope-cache}, so that a narrowed scope stops the events
 * outside it at most that long after. A client that is no partner is remembered as long (told of no authority);
 * a source that cannot answer ({@link SubscriberScopes.ScopeUnknown}) is never remembered: the delivery waits and
 * asks again.
 */
public final class KeptScopes {

    /** Where a service reads a client's scope: empty for a client that is no partner. */
    @FunctionalInterface
    public interface Source {
        /** @throws SubscriberScopes.ScopeUnknown when the scope cannot be read now */
        Optional<PartnerScope> read(String clientId);
    }

    private record Kept(Optional<PartnerScope> scope, Instant until) {
    }

    private final Map<String, Kept> kept = new ConcurrentHashMap<>();
    private final Source source;
    private final Duration keep;
    private final Clock clock;

    public KeptScopes(Source source, Duration keep, Clock clock) {
        this.source = source;
        this.keep = keep;
        this.clock = clock;
    }

    /** Whether {@code clientId}'s scope covers the authority {@code siren}, member of {@code networks}. */
    public boolean covers(String clientId, String siren, Set<String> networks) {
        return scope(clientId).map(scope -> scope.covers(siren, networks)).orElse(false);
    }

    private Optional<PartnerScope> scope(String clientId) {
        Instant now = clock.instant();
        Kept found = kept.get(clientId);
        if (found != null && now.isBefore(found.until())) {
            return found.scope();
        }
        Optional<PartnerScope> scope = source.read(clientId);
        kept.put(clientId, new Kept(scope, now.plus(keep)));
        return scope;
    }
}
