package fr.barometre.survey.client;

import com.fasterxml.jackson.databind.util.RawValue;
import fr.barometre.survey.outbox.Batch;
import fr.barometre.survey.outbox.Receiver;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.List;

/**
 * The outbox's receiver: posts many messages at once to scoring-service's batch ingest ({@link ScoringIngestClient}) behind the
 * neighbour's {@link NeighbourGuard}, bounded by {@code quarkus.rest-client.scoring.read-timeout},
 * and failing at once without a call while the circuit is open (the relay then backs off).
 */
@ApplicationScoped
public class ScoringDelivery implements Receiver {

    @Inject
    @RestClient
    ScoringIngestClient scoring;

    @Inject
    NeighbourConfig config;

    @ConfigProperty(name = "quarkus.rest-client.scoring.read-timeout")
    long readTimeoutMillis;

    private NeighbourGuard guard;

    @PostConstruct
    void guard() {
        guard = new NeighbourGuard("scoring-ingest", "scoring-service (ingest)", Duration.ofMillis(readTimeoutMillis), config);
    }

    @Override
    public String name() {
        return "scoring";
    }

    @Override
    public List<Integer> deliver(List<RawValue> messages) throws Exception {
        return guard.call(() -> scoring.deliver(new Batch(messages)), Batch.Results.class).statuses(messages.size());
    }

    @Override
    public boolean circuitOpen(Throwable failure) {
        return NeighbourGuard.circuitOpen(failure);
    }
}
