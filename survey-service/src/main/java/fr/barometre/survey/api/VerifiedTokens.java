package fr.barometre.survey.api;

import io.micrometer.core.instrument.Counter;
import io.quarkus.arc.Unremovable;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.runtime.OidcUtils;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bearer tokens already verified, so that a caller sending the same token again is not verified again
 * (the signature, the claims' parsing and the identity's building: most of a cached read's CPU in
 * reporting-service; in survey-service a partner's or an agent's save and submission come with one token).
 * Keyed by the whole token (and the tenant that verified it): a token differing in one character, a
 * tampered one, one of another issuer or audience, is another key and goes through the full
 * verification of the OIDC extension's own provider (tried next, this one answering nothing for a
 * token it does not hold), and only what that verification accepted is kept (as an augmentor, which
 * sees every identity once verified): a token it refuses is never kept. An entry is used only
 * before the token's {@code exp}, the instant from which the verification refuses it (no grace is
 * configured), and at most {@code barometre.token-cache.max-seconds} after it was verified; then the
 * token is verified again. Least recently used first out beyond {@code barometre.token-cache.max-entries}.
 * Each use gets an identity of its own, carrying its own request.
 */
@ApplicationScoped
@Unremovable
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest>, SecurityIdentityAugmentor {

    /** One verified token: its identity and until when it may be used (epoch seconds, exclusive). */
    private record Verified(SecurityIdentity identity, long until) {
    }

    private final TokenCacheConfig config;
    private final Clock clock;
    private final Map<String, Verified> verified;
    private final Counter hits;
    private final Counter misses;

    @Inject
    public VerifiedTokens(TokenCacheConfig config, Clock clock, MeterRegistry metrics) {
        this.config = config;
        this.clock = clock;
        int max = this.config.maxEntries();
        this.verified = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
                return size() > max;
            }
        };
        this.hits = metrics.counter("tokens.verified", "outcome", "cached");
        this.misses = metrics.counter("tokens.verified", "outcome", "verified");
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Before the OIDC extension's own provider (of the default priority, 1001), which verifies every
     * token this one does not hold; as an augmentor, the order does not matter.
     */
    @Override
    public int priority() {
        return 2 * SYSTEM_FIRST;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String key = key(request.getToken(), HttpSecurityUtils.getRoutingContextAttribute(request));
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        long now = clock.instant().getEpochSecond();
        Verified known;
        synchronized (verified) {
            known = verified.get(key);
            if (known != null && now >= known.until()) {
                verified.remove(key);
                known = null;
            }
        }
        if (known == null) {
            misses.increment();
            return Uni.createFrom().nullItem();
        }
        hits.increment();
        // The identity as verified, but carrying this request (its routing context) rather than the one that verified it.
        RoutingContext http = HttpSecurityUtils.getRoutingContextAttribute(request);
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder(known.identity());
        known.identity().getAttributes().forEach((name, value) -> {
            if (value instanceof RoutingContext) {
                identity.addAttribute(name, http);
            }
        });
        return Uni.createFrom().item(identity.build());
    }

    /** Every identity once verified: a bearer token's, accepted, is kept until its expiry (a token without one is not kept). */
    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        return Uni.createFrom().item(identity);
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context, Map<String, Object> attributes) {
        String key = identity.isAnonymous() ? null
                : key(identity.getCredential(AccessTokenCredential.class), HttpSecurityUtils.getRoutingContextAttribute(attributes));
        if (key != null && identity.getPrincipal() instanceof JsonWebToken token) {
            long now = clock.instant().getEpochSecond();
            long expiry = token.getExpirationTime();
            if (expiry > now) {
                synchronized (verified) {
                    verified.putIfAbsent(key, new Verified(identity, Math.min(expiry, now + config.maxSeconds())));
                }
            }
        }
        return Uni.createFrom().item(identity);
    }

    /** What a verified token is kept under: the tenant that verified it and the whole token; null for anything but a bearer access token. */
    private String key(Object credential, RoutingContext http) {
        if (!(credential instanceof AccessTokenCredential token) || config.maxEntries() <= 0) {
            return null;
        }
        return (http == null ? null : http.get(OidcUtils.TENANT_ID_ATTRIBUTE)) + " " + token.getToken();
    }
}
