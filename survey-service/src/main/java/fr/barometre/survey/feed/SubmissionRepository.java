package fr.barometre.survey.feed;

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

    /** One row in feed order: its place (transaction id, id), the message it holds as JSON, and its trace context. */
    record FeedRow(String txid, long id, String payload, String traceparent) {
    }

    /**
     * A page: the rows after the cursor, in the order of the index on (txid, id), which gives them in
     * order so that the scan stops at the limit and each row's payload is read for the page's rows only.
     * ORDER BY names the table's columns: an output column of the same name ({@code txid::text}) would
     * order the transaction ids as text (100 before 99) and no index could give that order.
     */
    static final String PAGE = """
            select s.txid::text as cursor_txid, s.id, s.payload::text, s.traceparent from submission s
            where (s.txid, s.id) > (?::xid8, ?)
              and s.txid < pg_snapshot_xmin(pg_current_snapshot())
            order by s.txid, s.id
            limit ?
            """;

    @Inject
    AgroalDataSource dataSource;

    /** Inserts many submitted revisions in one statement of the current transaction (a batch intake). */
    void insertAll(List<SubmissionRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        getEntityManager().unwrap(org.hibernate.Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into submission (campaign_code, siren, revision, payload, submitted_at, traceparent)
                    select u.campaign_code, u.siren, u.revision, cast(u.payload as jsonb), cast(u.submitted_at as timestamptz), u.traceparent
                    from unnest(cast(? as text[]), cast(? as text[]), cast(? as int[]), cast(? as text[]), cast(? as text[]),
                                cast(? as text[])) with ordinality as u(campaign_code, siren, revision, payload, submitted_at, traceparent, n)
                    order by u.n""")) {
                insert.setArray(1, connection.createArrayOf("text", records.stream().map(r -> r.campaignCode).toArray()));
                insert.setArray(2, connection.createArrayOf("text", records.stream().map(r -> r.siren).toArray()));
                insert.setArray(3, connection.createArrayOf("integer", records.stream().map(r -> r.revision).toArray()));
                insert.setArray(4, connection.createArrayOf("text", records.stream().map(r -> r.payload).toArray()));
                insert.setArray(5, connection.createArrayOf("text", records.stream()
                        .map(r -> OffsetDateTime.ofInstant(r.submittedAt, ZoneOffset.UTC).toString()).toArray()));
                insert.setArray(6, connection.createArrayOf("text", records.stream().map(r -> r.traceparent).toArray()));
                insert.executeUpdate();
            }
        });
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
                    rows.add(new FeedRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the submission feed", e);
        }
        return rows;
    }
}
