package fr.barometre.scoring.client;

import com.fasterxml.jackson.databind.util.RawValue;
import fr.barometre.scoring.outbox.Batch;
import fr.barometre.scoring.outbox.Receiver;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.List;

/**
 * The outbox's receiver: posts many facts at once to reporting-service's batch ingest ({@link ReportingIngestClient})
 * behind the neighbour's {@link NeighbourGuard}, bounded by {@code quarkus.rest-client.reporting.read-timeout},
 * and failing at once without a call while the circuit is open (the relay then backs off).
 */
@ApplicationScoped
public class ReportingDelivery implements Receiver {

    @Inject
    @RestClient
    ReportingIngestClient reporting;

    @Inject
    NeighbourConfig config;

    @ConfigProperty(name = "quarkus.rest-client.reporting.read-timeout")
    long readTimeoutMillis;

    private NeighbourGuard guard;

    @PostConstruct
    void guard() {
        guard = new NeighbourGuard("reporting-ingest", "reporting-service (ingest)", Duration.ofMillis(readTimeoutMillis), config);
    }

    @Override
    public String name() {
        return "reporting";
    }

    @Override
    public List<Integer> deliver(List<RawValue> messages) throws Exception {
        return guard.call(() -> reporting.deliver(new Batch(messages)), Batch.Results.class).statuses(messages.size());
    }

    @Override
    public boolean circuitOpen(Throwable failure) {
        return NeighbourGuard.circuitOpen(failure);
    }
}
