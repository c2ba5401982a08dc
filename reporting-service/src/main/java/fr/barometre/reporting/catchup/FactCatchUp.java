package fr.barometre.reporting.catchup;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.reporting.client.ScoringFeed;
import fr.barometre.reporting.client.ScoringFeedPage;
import fr.barometre.reporting.ingest.Fact;
import fr.barometre.reporting.ingest.FactIntake;
import fr.barometre.reporting.ingest.FactReader;
import fr.barometre.reporting.observability.Traces;
import fr.barometre.reporting.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Catches up with scoring-service's assessment feed: what the outbox delivered is applied again
 * (idempotently), what it missed is applied now, and an empty replica rebuilds itself. One replica
 * reads at a time (an advisory lock), the others skip the round. Each page is read, and its facts
 * prepared (their questionnaires read), outside any transaction; then its facts and the cursor
 * (table feed_cursor) are written together in one. When scoring-service (or survey-service, for a
 * questionnaire) is unavailable, or its circuit open, the round stops with the cursor where it was,
 * and the next round, {@code barometre.catch-up.interval} later, tries again. Each fact is prepared
 * and kept within the trace context its feed item carries, so that the submission's trace goes on here
 * as it does for a delivered fact.
 */
@ApplicationScoped
public class FactCatchUp {

    static final String FEED = "scoring-assessments";

    @Inject
    ScoringFeed scoring;

    @Inject
    FactReader reader;

    @Inject
    FactIntake facts;

    @Inject
    CatchUpStore store;

    @Inject
    CatchUpConfig config;

    @Inject
    MeterRegistry metrics;

    @Inject
    Traces traces;

    @Scheduled(every = "${barometre.catch-up.interval}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            catchUp();
        } catch (RuntimeException e) {
            Log.warnf("Catch-up with scoring-service's feed stopped until its next round: %s", e.getMessage());
        }
    }

    /**
     * Reads the feed from the kept cursor until it has nothing more; returns how many facts were read
     * (0 when another replica holds the feed). A neighbour unavailable stops it with a 503 {@link ProblemException}.
     */
    public int catchUp() {
        return store.holding(FEED, this::readToTheEnd).orElse(0);
    }

    private int readToTheEnd() {
        int read = 0;
        String cursor = store.cursor(FEED);
        while (true) {
            ScoringFeedPage page = scoring.page(cursor, config.pageSize());
            List<Fact> prepared = prepare(page.items());
            String next = page.nextCursor();
            boolean moves = next != null && !next.equals(cursor);   // a cursor that does not move ends the round
            QuarkusTransaction.requiringNew().run(() -> {
                prepared.forEach(fact -> within(fact, "catch-up fact keep", () -> facts.apply(fact)));
                if (moves) {
                    store.saveCursor(FEED, next);
                }
            });
            metrics.counter("reporting.feed.facts").increment(page.items().size());
            if (!moves) {
                return read;
            }
            read += page.items().size();
            cursor = next;
        }
    }

    /** The page's facts ready to keep; one that is refused is skipped (and counted), an unavailable questionnaire stops the round. */
    private List<Fact> prepare(List<JsonNode> items) {
        List<Fact> prepared = new ArrayList<>();
        for (JsonNode item : items) {
            try {
                Fact fact = reader.read(item);
                prepared.add(within(fact, "catch-up fact", () -> facts.prepare(fact)));
            } catch (ProblemException e) {
                if (e.status() == 503) {
                    throw e;   // retried at the next round, cursor unchanged
                }
                metrics.counter("reporting.feed.refused").increment();
                Log.warnf("A fact of the feed is refused and skipped: %s", e.getMessage());
            }
        }
        return prepared;
    }

    /** Runs {@code work} in a span of the fact's trace (a new trace when it carries none). */
    private <T> T within(Fact fact, String name, Callable<T> work) {
        try {
            return traces.within(fact.traceparent(), name, work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);   // preparing and keeping a fact throw no checked exception
        }
    }
}
