package fr.barometre.reporting.feed;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.reporting.config.ReportingConfig;
import fr.barometre.reporting.fact.Fact;
import fr.barometre.reporting.fact.FactService;
import fr.barometre.reporting.problem.ProblemException;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Catches up with scoring-service's assessment feed: what the outbox delivered is applied again
 * (idempotently), what it missed is applied now, and an empty replica rebuilds itself. The cursor is
 * kept in feed_cursor, written in the same transaction as the page's facts; one replica reads at a
 * time (an advisory lock), the others skip the round.
 */
@ApplicationScoped
public class FeedCatchUp {

    static final String FEED = "scoring-assessments";

    @Inject
    @RestClient
    ScoringClient scoring;

    @Inject
    FactService facts;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ReportingConfig config;

    @Inject
    MeterRegistry metrics;

    @Scheduled(every = "${reporting.feed.every}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            catchUp();
        } catch (RuntimeException e) {
            Log.warnf("Catch-up with scoring-service's feed stopped: %s", e.getMessage());
        }
    }

    /** Reads the feed from the kept cursor until it has nothing more; returns how many facts were read. */
    public int catchUp() {
        int read = 0;
        while (true) {
            Integer page = QuarkusTransaction.requiringNew().call(this::onePage);
            if (page == null || page == 0) {
                return read;
            }
            read += page;
        }
    }

    /** One page in one transaction: the facts and the cursor move together. Null when another replica holds the feed. */
    Integer onePage() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!tryLock(c)) {
                return null;
            }
            String cursor = cursor(c);
            JsonNode page = scoring.feed(cursor, config.feed().pageSize());
            JsonNode items = page.path("items");
            String next = page.path("nextCursor").asText(null);
            List<Fact> prepared = new ArrayList<>();
            for (JsonNode item : items) {
                try {
                    prepared.add(facts.prepare(item));
                } catch (ProblemException e) {
                    if (e.status() == 503) {
                        throw e;   // retried at the next round, cursor unchanged
                    }
                    metrics.counter("reporting.feed.refused").increment();
                    Log.warnf("A fact of the feed is refused and skipped: %s", e.getMessage());
                }
            }
            prepared.forEach(facts::apply);
            if (next != null && !next.equals(cursor)) {
                saveCursor(c, next);
            }
            metrics.counter("reporting.feed.facts").increment(items.size());
            return next == null || next.equals(cursor) ? 0 : items.size();   // a cursor that does not move ends the round
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_xact_lock(hashtext(?))")) {
            ps.setString(1, FEED);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static String cursor(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select cursor from feed_cursor where feed = ?")) {
            ps.setString(1, FEED);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void saveCursor(Connection c, String cursor) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into feed_cursor (feed, cursor) values (?, ?)
                on conflict (feed) do update set cursor = excluded.cursor, updated_at = now()""")) {
            ps.setString(1, FEED);
            ps.setString(2, cursor);
            ps.executeUpdate();
        }
    }
}
