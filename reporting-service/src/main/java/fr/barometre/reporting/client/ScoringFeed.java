package fr.barometre.reporting.client;

import fr.barometre.reporting.problem.ProblemException;
import io.quarkus.logging.Log;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;

/**
 * The catch-up's reads of scoring-service's feed ({@link ScoringFeedClient}), behind the neighbour's
 * {@link NeighbourGuard} (circuit {@code scoring-feed}): bounded by
 * {@code quarkus.rest-client.scoring.read-timeout}, and refused at once without a call while the
 * circuit is open.
 */
@ApplicationScoped
public class ScoringFeed {

    @Inject
    @RestClient
    ScoringFeedClient scoring;

    @Inject
    NeighbourConfig config;

    @ConfigProperty(name = "quarkus.rest-client.scoring.read-timeout")
    long readTimeoutMillis;

    private NeighbourGuard guard;

    @PostConstruct
    void guard() {
        guard = new NeighbourGuard("scoring-feed", "scoring-service (feed)", Duration.ofMillis(readTimeoutMillis), config);
    }

    /** One page of the feed; a 503 {@link ProblemException} when scoring-service does not give it (the catch-up backs off). */
    public ScoringFeedPage page(String since, int limit) {
        return read(since, limit, null);
    }

    /**
     * The keys of the same page ({@code view=KEYS}: each fact's campaign, siren and assessmentVersion only) and its
     * next cursor; a 503 as for {@link #page}.
     */
    public ScoringFeedPage keys(String since, int limit) {
        return read(since, limit, "KEYS");
    }

    private ScoringFeedPage read(String since, int limit, String view) {
        try {
            return guard.call(() -> scoring.feed(since, limit, view), ScoringFeedPage.class);
        } catch (Exception e) {
            String why = NeighbourGuard.circuitOpen(e) ? "its circuit is open"
                    : e instanceof WebApplicationException w ? "HTTP " + w.getResponse().getStatus() : e.toString();
            Log.debugf("scoring-service's feed not read from %s: %s", since, why);
            throw ProblemException.unavailable("scoring-service's feed cannot be read (" + why + "); retry later");
        }
    }
}
