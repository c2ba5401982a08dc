package fr.barometre.survey.identity;

import fr.barometre.survey.security.PartnerScope;
import fr.barometre.survey.webhook.SubscriberScopes;
import fr.barometre.survey.webhook.WebhookConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A subscriber's scope as the directory keeps it: a partner's covers its authorities, a non-partner none, a failure is unknown. */
class PartnerScopeSubscribersTest {

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile boolean down;
    private Instant now = Instant.parse("2026-12-01T08:00:00Z");

    private PartnerScopeSubscribers subscribers() {
        InMemoryDirectory counting = new InMemoryDirectory() {
            @Override
            public Optional<PartnerScope> partnerScope(String clientId) {
                reads.incrementAndGet();
                if (down) {
                    throw new IllegalStateException("Keycloak is down");
                }
                return directory.partnerScope(clientId);
            }
        };
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new PartnerScopeSubscribers(counting, config(Duration.ofSeconds(30)), clock);
    }

    @Test
    void aPartnerIsToldOfItsAuthoritiesOnlyAndANonPartnerOfNone() {
        directory.partners.put("portal", new PartnerScope(Set.of("FRANCE_URBAINE"), Set.of("243500139")));
        PartnerScopeSubscribers subscribers = subscribers();
        assertTrue(subscribers.covers("portal", "243500139", Set.of()));
        assertTrue(subscribers.covers("portal", "216901231", Set.of("FRANCE_URBAINE")));
        assertFalse(subscribers.covers("portal", "216901231", Set.of("AMF")));
        assertFalse(subscribers.covers("integration", "243500139", Set.of("FRANCE_URBAINE")), "no partner, no authority's event");
    }

    @Test
    void aScopeIsReadOncePerCacheTimeAndAnUnreadableOneIsUnknown() {
        directory.partners.put("portal", new PartnerScope(Set.of(), Set.of("243500139")));
        PartnerScopeSubscribers subscribers = subscribers();
        assertTrue(subscribers.covers("portal", "243500139", Set.of()));
        directory.partners.put("portal", PartnerScope.EMPTY);
        down = true;
        assertTrue(subscribers.covers("portal", "243500139", Set.of()), "within the cache time, the scope read is kept");
        assertEquals(1, reads.get());
        now = now.plusSeconds(31);
        assertThrows(SubscriberScopes.ScopeUnknown.class, () -> subscribers.covers("portal", "243500139", Set.of()));
        down = false;
        assertFalse(subscribers.covers("portal", "243500139", Set.of()), "the narrowed scope, once read");
    }

    private static WebhookConfig config(Duration scopeCache) {
        return (WebhookConfig) Proxy.newProxyInstance(WebhookConfig.class.getClassLoader(), new Class<?>[] {WebhookConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "scopeCache" -> scopeCache;
                    case "eventTypes" -> List.of();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
