package fr.barometre.scoring.client;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.scoring.security.PartnerScope;
import fr.barometre.scoring.webhook.KeptScopes;
import fr.barometre.scoring.webhook.SubscriberScopes;
import fr.barometre.scoring.webhook.WebhookConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whom a webhook may tell of an authority, from the partners' scopes survey-service keeps: its
 * {@code GET /partners/{clientId}/scope} ({@link PartnerScopeClient}, this service's own token, role
 * {@code partner-scope-read}) behind the neighbour's {@link NeighbourGuard} (circuit {@code survey-partner-scope}:
 * bounded by {@code quarkus.rest-client.survey.read-timeout}, refused at once while open). Each client's scope
 * is kept for {@code barometre.webhooks.scope-cache} (30 s, {@link KeptScopes}), so a narrowed scope stops the events outside it at
 * most that long after; a client survey-service does not know (404) is no partner: told of no authority, and
 * remembered as long. A survey-service that cannot answer — slow, unreachable, a 5xx, a refusal, an open
 * circuit — is {@link ScopeUnknown}, never remembered: the delivery waits and asks again, never made unchecked.
 */
@ApplicationScoped
public class PartnerScopes implements SubscriberScopes {

    private final PartnerScopeClient survey;
    private final NeighbourGuard guard;
    private final KeptScopes kept;

    @Inject
    PartnerScopes(@RestClient PartnerScopeClient survey, NeighbourConfig config, WebhookConfig webhooks, Clock clock,
            @ConfigProperty(name = "quarkus.rest-client.survey.read-timeout") long readTimeoutMillis) {
        this.survey = survey;
        this.guard = new NeighbourGuard("survey-partner-scope", "survey-service (partner scopes)", Duration.ofMillis(readTimeoutMillis), config);
        this.kept = new KeptScopes(this::fetch, webhooks.scopeCache(), clock);
    }

    @Override
    public boolean covers(String clientId, String siren, Set<String> networks) {
        return kept.covers(clientId, siren, networks);
    }

    /** The client's scope as survey-service answers it now; empty for a client it does not know (no partner). */
    private Optional<PartnerScope> fetch(String clientId) {
        try {
            return Optional.of(of(guard.call(() -> survey.scope(clientId), JsonNode.class)));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404) {
                return Optional.empty();
            }
            Log.warnf("survey-service answered %d for the scope of %s: its deliveries wait", status, clientId);
            throw new ScopeUnknown("survey-service answered " + status + " for the scope of " + clientId, e);
        } catch (Exception e) {
            boolean open = NeighbourGuard.circuitOpen(e);
            Log.warnf("survey-service %s for the scope of %s: its deliveries wait (%s)",
                    open ? "not called (circuit open)" : "unreachable", clientId, e.getMessage());
            throw new ScopeUnknown("survey-service cannot be reached for the scope of " + clientId, e);
        }
    }

    /** The scope survey-service answered: {@code {"networks": [...], "sirens": [...]}}. */
    private static PartnerScope of(JsonNode answer) {
        return new PartnerScope(texts(answer.path("networks")), texts(answer.path("sirens")));
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new HashSet<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
