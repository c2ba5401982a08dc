package fr.barometre.scoring.client;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;

/**
 * The catch-up's reads of survey-service's submission feed ({@link SurveyFeedClient}), behind the
 * neighbour's {@link NeighbourGuard} (circuit {@code survey-feed}): bounded by
 * {@code quarkus.rest-client.survey.read-timeout}, and failing at once without a call while the
 * circuit is open; the catch-up then ends its round and reads on from its cursor at the next.
 */
@ApplicationScoped
public class SurveyFeed {

    private SurveyFeedClient survey;
    private NeighbourGuard guard;

    @Inject
    SurveyFeed(@RestClient SurveyFeedClient survey, NeighbourConfig config,
            @ConfigProperty(name = "quarkus.rest-client.survey.read-timeout") long readTimeoutMillis) {
        this.survey = survey;
        this.guard = new NeighbourGuard("survey-feed", "survey-service (submission feed)", Duration.ofMillis(readTimeoutMillis), config);
    }

    /**
     * The page after {@code since} (from the beginning when null). A failure arrives as thrown: the
     * client's (a refusal, a 5xx, no connection), the guard's timeout, or the open circuit's refusal.
     */
    public SurveyFeedPage page(String since, int limit) {
        return read(since, limit, null);
    }

    /**
     * The keys of the same page ({@code view=KEYS}: each item's campaign, siren and revision only) and its
     * next cursor; a failure arrives as for {@link #page}.
     */
    public SurveyFeedPage keys(String since, int limit) {
        return read(since, limit, "KEYS");
    }

    private SurveyFeedPage read(String since, int limit, String view) {
        try {
            return guard.call(() -> survey.page(since, limit, view), SurveyFeedPage.class);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);   // the client declares none: only unchecked failures come
        }
    }
}
