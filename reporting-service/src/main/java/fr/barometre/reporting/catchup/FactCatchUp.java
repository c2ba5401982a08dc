package fr.barometre.reporting.catchup;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.reporting.client.ScoringFeed;
import fr.barometre.reporting.client.ScoringFeedPage;
import fr.barometre.reporting.ingest.Arrivals;
import fr.barometre.reporting.ingest.FactIntake;
import fr.barometre.reporting.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Catches up with scoring-service's assessment feed: what the outbox missed is applied now, and an
 * empty replica rebuilds itself. Each page's keys are read first: a page whose facts are all held, at
 * their version or newer (what the outbox delivered), moves the cursor on its keys alone; a page missing
 * any is read whole and applied (idempotently), unless one of those missing was assessed less than
 * {@code grace} ago: the outbox is still bringing it, and the round ends there (the next reads on from it). One replica
 * reads at a time (an advisory lock), the others skip the round. Each page is read, and its facts
 * prepared (their questionnaires read, each once), outside any transaction; then its facts and the
 * cursor (table feed_cursor) are written together in one, set-based, by the path a delivered batch
 * takes ({@link FactIntake#keep}). When scoring-service (or survey-service, for a
 * questionnaire) is unavailable, or its circuit open, the round stops with the cursor where it was,
 * and the next round, {@code barometre.catch-up.interval} later, tries again. Each fact is prepared
 * and kept within the trace context its feed item carries, so that the submission's trace goes on here
 * as it does for a delivered fact: the span {@code catch-up fact} of each, the child of its item's
 * {@code traceparent}, covers its reading, its checks and its keeping.
 */
@ApplicationScoped
public class FactCatchUp {

    static final String FEED = "scoring-assessments";

    @Inject
    ScoringFeed scoring;

    @Inject
    FactIntake facts;

    @Inject
    CatchUpStore store;

    @Inject
    CatchUpConfig config;

    @Inject
    MeterRegistry metrics;

    @Inject
    Clock clock;

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
            ScoringFeedPage keys = scoring.keys(cursor, config.pageSize());
            // every fact of the page held, at its version or newer (what deliveries brought): its keys are enough
            List<JsonNode> missing = facts.notHeld(keys.items());
            Instant recent = clock.instant().minus(config.grace());
            if (missing.stream().anyMatch(key -> KeyTimes.writtenAfter(key, "assessedAt", recent))) {
                return read;   // deliveries are still bringing it: the next round reads on from this page
            }
            ScoringFeedPage page = missing.isEmpty() ? keys : scoring.page(cursor, config.pageSize());
            String next = page.nextCursor();
            boolean moves = next != null && !next.equals(cursor);   // a cursor that does not move ends the round
            if (page == keys) {
                if (moves) {
                    QuarkusTransaction.requiringNew().run(() -> store.saveCursor(FEED, next));
                }
            } else {
                keep(page, moves);
            }
            metrics.counter("reporting.feed.facts").increment(page.items().size());
            if (!moves) {
                return read;
            }
            read += page.items().size();
            cursor = next;
        }
    }

    /** A page read whole: its facts checked, then kept with the cursor that follows them in one transaction. */
    private void keep(ScoringFeedPage page, boolean moves) {
        try (Arrivals arrivals = facts.arrive(page.items(), "catch-up fact")) {
            Optional<ProblemException> unavailable = arrivals.unavailable();
            if (unavailable.isPresent()) {
                throw unavailable.get();   // retried at the next round, cursor unchanged
            }
            arrivals.all().stream().filter(a -> a.refusal() != null).forEach(a -> {
                metrics.counter("reporting.feed.refused").increment();
                Log.warnf("A fact of the feed is refused and skipped: %s", a.refusal().getMessage());
            });
            QuarkusTransaction.requiringNew().run(() -> {
                facts.keep(arrivals);
                if (moves) {
                    store.saveCursor(FEED, page.nextCursor());
                }
            });
        }
    }
}
