package fr.barometre.scoring.feed;

import com.fasterxml.jackson.databind.util.RawValue;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The facts of the assessment table in feed order, (transaction id, id), limited to transactions
 * older than the oldest still running: a late commit sorts after every cursor already served, so
 * no page skips it. Set-based reading: one statement a page. Each fact is given with the trace
 * context its row keeps, as PostgreSQL writes it out: not parsed nor written again.
 */
@ApplicationScoped
public class AssessmentFeedRepository {

    /**
     * A page: the rows after the cursor, in the order of the index on (txid, id), which gives them in
     * order so that the scan stops at the limit and each fact is read for the page's rows only. ORDER BY
     * names the table's columns: an output column of the same name ({@code txid::text}) would order the
     * transaction ids as text (100 before 99) and no index could give that order. The stored fact keeps no
     * trace context (its {@code traceparent} is null): the row's own column is put in it.
     */
    static final String PAGE = """
            select a.txid::text as cursor_txid, a.id,
                   (a.fact || jsonb_build_object('traceparent', a.traceparent))::text
            from assessment a
            where (a.txid, a.id) > (?::xid8, ?)
              and a.txid < pg_snapshot_xmin(pg_current_snapshot())
            order by a.txid, a.id
            limit ?
            """;

    /**
     * The keys of the same page ({@link #PAGE}): each row's place, its (campaign, SIREN, assessment version) and when it was made,
     * read from the row's own columns: neither the fact (kept out of line, compressed) nor any JSON is read or written.
     */
    static final String KEYS = """
            select a.txid::text as cursor_txid, a.id, a.campaign_code, a.siren, a.assessment_version, a.created_at
            from assessment a
            where (a.txid, a.id) > (?::xid8, ?)
              and a.txid < pg_snapshot_xmin(pg_current_snapshot())
            order by a.txid, a.id
            limit ?
            """;

    @Inject
    AgroalDataSource dataSource;

    /** Up to {@code limit} facts after the position (txid, id); the next cursor is {@code fallback} when none follow. */
    StoredFeedPage after(String txid, long id, int limit, String fallback) {
        List<RawValue> items = new ArrayList<>();
        String next = fallback;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PAGE)) {
            ps.setString(1, txid);
            ps.setLong(2, id);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // PostgreSQL wrote this text from a jsonb value: one whole JSON value, served as it is.
                    items.add(new RawValue(rs.getString(3)));
                    next = rs.getString(1) + ":" + rs.getLong(2);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the assessment feed", e);
        }
        return new StoredFeedPage(items, next);
    }

    /** The keys of the facts {@link #after} gives for the same place and limit, and the same next cursor. */
    AssessmentKeysPage keysAfter(String txid, long id, int limit, String fallback) {
        List<AssessmentKey> items = new ArrayList<>();
        String next = fallback;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(KEYS)) {
            ps.setString(1, txid);
            ps.setLong(2, id);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(new AssessmentKey(rs.getString(3), rs.getString(4), rs.getInt(5),
                            rs.getObject(6, OffsetDateTime.class).toInstant()));
                    next = rs.getString(1) + ":" + rs.getLong(2);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the assessment feed's keys", e);
        }
        return new AssessmentKeysPage(items, next);
    }
}
