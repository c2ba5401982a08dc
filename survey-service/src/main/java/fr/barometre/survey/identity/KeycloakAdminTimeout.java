package fr.barometre.survey.identity;

import fr.barometre.survey.security.KeycloakConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.WebTarget;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.spi.ResteasyClientProvider;

import javax.net.ssl.SSLContext;
import java.time.Duration;

/**
 * Keycloak's admin client (quarkus-keycloak-admin-rest-client) sets no timeout of its own: with Keycloak
 * unresponsive, a call to its admin API (and to its token endpoint for the admin client's token) waits as
 * long as Keycloak does. At startup, before the {@link Keycloak} bean is first used, the HTTP clients it
 * builds are given {@code barometre.keycloak.timeout} as their read timeout — the Vert.x request timeout,
 * which bounds the connection too — everything else as the extension builds them.
 */
@ApplicationScoped
class KeycloakAdminTimeout {

    @Inject
    KeycloakConfig keycloak;

    void install(@Observes StartupEvent event) {
        ResteasyClientProvider clients = Keycloak.getClientProvider();
        long millis = keycloak.timeout().toMillis();
        Keycloak.setClientProvider(new ResteasyClientProvider() {
            @Override
            public Client newRestEasyClient(Object customJacksonProvider, SSLContext sslContext, boolean disableTrustManager) {
                return clients.newRestEasyClient(customJacksonProvider, sslContext, disableTrustManager)
                        .property(QuarkusRestClientProperties.READ_TIMEOUT, millis);
            }

            @Override
            public <R> R targetProxy(WebTarget target, Class<R> targetClass) {
                return clients.targetProxy(target, targetClass);
            }
        });
    }
}
