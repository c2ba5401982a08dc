package fr.barometre.scoring.security;

import io.quarkus.arc.Unremovable;
import io.quarkus.oidc.OIDCException;
import io.quarkus.oidc.client.OidcClientException;
import io.quarkus.oidc.common.OidcRequestFilter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Every request this service sends to Keycloak through quarkus-oidc and quarkus-oidc-client (discovery,
 * key set, token endpoint) gives up after {@code barometre.keycloak.timeout} ({@link KeycloakConfig}) without an answer, instead of
 * waiting as long as Keycloak does not answer. The Vert.x request timeout bounds the connection and the
 * wait for each byte of the answer. Unremovable: the OIDC extensions look their filters up, nothing injects it.
 */
@ApplicationScoped
@Unremovable
public class KeycloakCalls implements OidcRequestFilter {

    @Inject
    KeycloakConfig keycloak;

    @Override
    public void filter(OidcRequestContext context) {
        context.request().timeout(keycloak.timeout().toMillis());
    }

    /**
     * Whether a failure comes from Keycloak not answering in time, refusing or dropping the connection, or
     * answering the key set with an error: the caller should retry later, its request was not judged.
     */
    public static boolean unanswered(Throwable failure) {
        return causedBy(failure, t -> t instanceof TimeoutException || t instanceof IOException || t instanceof OIDCException);
    }

    /** Whether a call to a neighbour failed because this service could not get its own token from Keycloak. */
    public static boolean tokenMissing(Throwable failure) {
        return causedBy(failure, OidcClientException.class::isInstance);
    }

    private static boolean causedBy(Throwable failure, Predicate<Throwable> cause) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (cause.test(t)) {
                return true;
            }
        }
        return false;
    }
}
