package fr.barometre.scoring.assessment;

import fr.barometre.scoring.outbox.RowsInsert;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class AssessmentRepository implements PanacheRepository<AssessmentRecord> {

    /**
     * The authorities' advisory locks, each taken once, in the order of the lock ids themselves: every
     * writer (ingest of one or many, rescoring chunk) takes them in that one order, so that two
     * transactions locking overlapping sets of authorities wait for each other and never deadlock, even
     * when two keys share a lock id.
     */
    private static final String LOCK = """
            select count(pg_advisory_xact_lock(id)) from (
                select distinct hashtext(k)::bigint as id from unnest(?::text[]) as k order by 1) as ordered""";

    /** The new assessments, one row a tuple; the stored fact keeps no trace context (its own column does). */
    private static final String INSERT = """
            insert into assessment (campaign_code, siren, revision, assessment_version, model_id, fact, explanation, created_at, traceparent)
            values""";
    private static final String ROW = """
            (?, ?, ?, ?, ?, ?::jsonb || '{"traceparent": null}'::jsonb, ?::jsonb, ?, ?)""";

    /** An assessment to write: its fact as sent downstream (JSON, with its trace context) and its explanation (JSON). */
    public record NewAssessment(String campaign, String siren, int revision, int version, String modelId, String fact,
                                String explanation, String traceparent) {
    }

    @Inject
    AgroalDataSource dataSource;

    public Optional<AssessmentRecord> current(String campaign, String siren) {
        return find("campaignCode = ?1 and siren = ?2 order by assessmentVersion desc", campaign, siren).firstResultOptional();
    }

    /** The lock key of an authority, the same for every writer and every replica. */
    public static String lockKey(String campaign, String siren) {
        return campaign + ":" + siren;
    }

    /** The PostgreSQL advisory locks of the authorities ({@link #lockKey}), held until the transaction ends. */
    void lockAuthorities(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(LOCK)) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot lock the authorities", e);
        }
    }

    /** Writes the assessments in the caller's transaction ({@link RowsInsert}: each fact and explanation parsed once, as jsonb). */
    void insertAll(List<NewAssessment> rows, Instant createdAt) {
        OffsetDateTime at = OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection()) {
            RowsInsert.insert(c, INSERT, ROW, "", rows, (ps, p, a) -> {
                ps.setString(p, a.campaign());
                ps.setString(p + 1, a.siren());
                ps.setInt(p + 2, a.revision());
                ps.setInt(p + 3, a.version());
                ps.setString(p + 4, a.modelId());
                ps.setString(p + 5, a.fact());
                ps.setString(p + 6, a.explanation());
                ps.setObject(p + 7, at);
                ps.setString(p + 8, a.traceparent());
                return p + 9;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the assessments", e);
        }
    }
}
