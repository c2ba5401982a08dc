package fr.barometre.survey.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;

/**
 * The outbox relay's posts to scoring-service's ingest ({@link ScoringClient}), behind the
 * neighbour's {@link NeighbourGuard}: bounded by {@code quarkus.rest-client.scoring.read-timeout},
 * and failing at once without a call while the circuit is open (the relay then backs off).
 */
@ApplicationScoped
public class ScoringDelivery {

    @Inject
    @RestClient
    ScoringClient scoring;

    @Inject
    NeighbourConfig config;

    @ConfigProperty(name = "quarkus.rest-client.scoring.read-timeout")
    long readTimeoutMillis;

    private NeighbourGuard guard;

    @PostConstruct
    void guard() {
        guard = new NeighbourGuard("scoring-ingest", "scoring-service (ingest)", Duration.ofMillis(readTimeoutMillis), config);
    }

    /** Posts one submission; a refusal or a 5xx arrives as the client's WebApplicationException. */
    public Response deliver(JsonNode submission) throws Exception {
        return guard.call(() -> scoring.deliver(submission), Response.class);
    }
}
