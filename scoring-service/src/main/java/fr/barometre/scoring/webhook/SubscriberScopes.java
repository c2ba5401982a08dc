package fr.barometre.scoring.webhook;

import java.util.Set;

/**
 * Whether a subscription's client may be told of an event about an authority, asked at each delivery, so
 * that narrowing a partner's scope stops the events outside it. An event naming no authority (a campaign's,
 * an edition's) is told to every subscriber without asking. Each service implements it: survey-service from
 * the partners' scopes it keeps in Keycloak, scoring- and reporting-service by asking survey-service.
 */
public interface SubscriberScopes {

    /**
     * @return whether {@code clientId} may be told of an event about the authority {@code siren}, member of
     *         {@code networks}; false for a client that is no partner
     * @throws ScopeUnknown when the scope cannot be read now: the delivery is tried again later, never made unchecked
     */
    boolean covers(String clientId, String siren, Set<String> networks);

    /** The scope cannot be read now (its source is down or slow). */
    final class ScopeUnknown extends RuntimeException {
        public ScopeUnknown(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
