package fr.barometre.survey.feed;

import fr.barometre.survey.outbox.RowsInsert;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The submitted revisions: written one at a time as entities or many at once (a batch), read in feed order with SQL. Rows are
 * ordered by (transaction id, id) and only rows of transactions older than the oldest one still
 * running are read: a row that commits late sorts after the cursor of every page already served.
 */
@ApplicationScoped
public class SubmissionRepository implements PanacheRepository<SubmissionRecord> {

    /**
     * One row in feed order: its place (transaction id, id) and its message as JSON text with the row's trace
     * context in it; PostgreSQL writes that text from a jsonb value, so it is always one whole JSON value.
     */
    record FeedRow(String txid, long id, String message) {
    }

    /**
     * A page: the rows after the cursor, in the order of the index on (txid, id), which gives them in
     * order so that the scan stops at the limit and each row's payload is read for the page's rows only.
     * ORDER BY names the table's columns: an output column of the same name ({@code txid::text}) would
     * order the transaction ids as text (100 before 99) and no index could give that order.
     * The stored payload keeps no trace context (its {@code traceparent} is null): the row's own column is put in it.
     */
    static final String PAGE = """
            select s.txid::text as cursor_txid, s.id,
                   (s.payload || jsonb_build_object('traceparent', s.traceparent))::text
            from submission s
            where (s.txid, s.id) > (?::xid8, ?)
              and s.txid < pg_snapshot_xmin(pg_current_snapshot())
            order by s.txid, s.id
            limit ?
            """;

    /**
     * The keys of the same page ({@link #PAGE}): each row's place, its (campaign, SIREN, revision) and when it was submitted, read from
     * the row's own columns: neither the payload (kept out of line, compressed) nor any JSON is read or written.
     */
    static final String KEYS = """
            select s.txid::text as cursor_txid, s.id, s.campaign_code, s.siren, s.revision, s.submitted_at
            from submission s
            where (s.txid, s.id) > (?::xid8, ?)
              and s.txid < pg_snapshot_xmin(pg_current_snapshot())
            order by s.txid, s.id
            limit ?
            """;

    /** One row's key in feed order: its place (transaction id, id) and the submitted revision it holds. */
    record KeyRow(String txid, long id, SubmissionKey key) {
    }

    @Inject
    AgroalDataSource dataSource;

    /**
     * Inserts many submitted revisions in the current transaction (a batch intake), one parameter per value
     * ({@link RowsInsert}: each payload parsed once, as jsonb), in the order given.
     */
    void insertAll(List<SubmissionRecord> records) {
        getEntityManager().unwrap(org.hibernate.Session.class).doWork(connection -> RowsInsert.insert(connection, """
                        insert into submission (campaign_code, siren, revision, payload, submitted_at, traceparent)
                        values""", "(?, ?, ?, ?::jsonb, ?, ?)", "", records, (insert, p, r) -> {
                    insert.setString(p, r.campaignCode);
                    insert.setString(p + 1, r.siren);
                    insert.setInt(p + 2, r.revision);
                    insert.setString(p + 3, r.payload);
                    insert.setObject(p + 4, OffsetDateTime.ofInstant(r.submittedAt, ZoneOffset.UTC));
                    insert.setString(p + 5, r.traceparent);
                    return p + 6;
                }));
    }

    /** At most {@code limit} rows after the place (txid, id), in feed order. */
    List<FeedRow> after(String txid, long id, int limit) {
        List<FeedRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PAGE)) {
            ps.setString(1, txid);
            ps.setLong(2, id);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new FeedRow(rs.getString(1), rs.getLong(2), rs.getString(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the submission feed", e);
        }
        return rows;
    }

    /** The keys of at most {@code limit} rows after the place (txid, id), in feed order: the rows {@link #after} gives. */
    List<KeyRow> keysAfter(String txid, long id, int limit) {
        List<KeyRow> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(KEYS)) {
            ps.setString(1, txid);
            ps.setLong(2, id);
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new KeyRow(rs.getString(1), rs.getLong(2), new SubmissionKey(rs.getString(3), rs.getString(4), rs.getInt(5),
                            rs.getObject(6, OffsetDateTime.class).toInstant())));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the submission feed's keys", e);
        }
        return rows;
    }
}
