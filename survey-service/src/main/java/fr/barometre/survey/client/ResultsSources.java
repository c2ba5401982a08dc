package fr.barometre.survey.client;

import io.quarkus.logging.Log;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;

/**
 * An authority's results, read from the services that own them on behalf of the signed-in person:
 * its assessment from scoring-service and its position among its peers from reporting-service,
 * both with that person's own access token (token propagation), so that each service applies its
 * own access rules. The two are read at the same time; each is bounded by its client's connect
 * and read timeouts ({@code quarkus.rest-client.scoring-reads.*}, {@code quarkus.rest-client.reporting.*})
 * and goes through its neighbour's {@link NeighbourGuard}: while a circuit is open, that part is
 * "momentarily unavailable" at once, without a call.
 * A 404 means "not computed yet"; anything else that is not an answer means "momentarily
 * unavailable", logged, and never fails the page.
 */
@ApplicationScoped
public class ResultsSources {

    /** What the page shows: each part as its owner answered. */
    public record Results(Fetched<Assessment> assessment, Fetched<Benchmark> benchmark) {
    }

    @Inject
    @RestClient
    AssessmentClient assessments;

    @Inject
    @RestClient
    BenchmarkClient benchmarks;

    @Inject
    SecurityIdentity identity;

    @Inject
    NeighbourConfig config;

    @ConfigProperty(name = "quarkus.rest-client.scoring-reads.read-timeout")
    long scoringReadTimeoutMillis;

    @ConfigProperty(name = "quarkus.rest-client.reporting.read-timeout")
    long reportingReadTimeoutMillis;

    private NeighbourGuard scoringGuard;
    private NeighbourGuard reportingGuard;

    @PostConstruct
    void guards() {
        scoringGuard = new NeighbourGuard("scoring-reads", "scoring-service (assessments)", Duration.ofMillis(scoringReadTimeoutMillis), config);
        reportingGuard = new NeighbourGuard("reporting-reads", "reporting-service (benchmarks)", Duration.ofMillis(reportingReadTimeoutMillis), config);
    }

    /** The authority's assessment and benchmark in a campaign, read with the caller's own access token. */
    public Results read(String campaign, String siren) {
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token == null || token.getToken() == null) {
            // Never the service's own token: without the person's, the owners cannot apply their rules.
            Log.warnf("Results of %s in campaign %s: the caller %s has no access token to read them with",
                    siren, campaign, identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName());
            return new Results(Fetched.unavailable(), Fetched.unavailable());
        }
        String authorization = "Bearer " + token.getToken();
        Uni<Fetched<Assessment>> assessment = fetched("scoring-service", campaign, siren,
                scoringGuard.read(() -> assessments.get(campaign, siren, authorization)));
        Uni<Fetched<Benchmark>> benchmark = fetched("reporting-service", campaign, siren,
                reportingGuard.read(() -> benchmarks.get(campaign, siren, authorization)));
        return Uni.combine().all().unis(assessment, benchmark).asTuple()
                .map(both -> new Results(both.getItem1(), both.getItem2()))
                .await().indefinitely();
    }

    private static <T> Uni<Fetched<T>> fetched(String service, String campaign, String siren, Uni<T> call) {
        return call.map(Fetched::found)
                .onFailure().recoverWithItem(failure -> {
                    if (failure instanceof WebApplicationException e && e.getResponse() != null
                            && e.getResponse().getStatus() == Response.Status.NOT_FOUND.getStatusCode()) {
                        return Fetched.computing();
                    }
                    Log.warnf("Results of %s in campaign %s: %s momentarily unavailable: %s",
                            siren, campaign, service, describe(failure));
                    return Fetched.unavailable();
                });
    }

    private static String describe(Throwable failure) {
        if (failure instanceof WebApplicationException e && e.getResponse() != null) {
            return "answered " + e.getResponse().getStatus();
        }
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return failure.getClass().getSimpleName() + (cause == failure ? "" : " (" + cause.getClass().getSimpleName() + ")")
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
