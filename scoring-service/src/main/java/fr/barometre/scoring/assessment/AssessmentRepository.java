package fr.barometre.scoring.assessment;

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

    /** One statement for all the new assessments; the stored fact keeps no trace context (its own column does). */
    private static final String INSERT = """
            insert into assessment (campaign_code, siren, revision, assessment_version, model_id, fact, explanation, created_at, traceparent)
            select c, s, r, v, m, f::jsonb || '{"traceparent": null}'::jsonb, e::jsonb, ?, t
            from unnest(?::text[], ?::text[], ?::int[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[]) as x(c, s, r, v, m, f, e, t)""";

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

    /** Writes the assessments in one statement, in the caller's transaction. */
    void insertAll(List<NewAssessment> rows, Instant createdAt) {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        Object[] campaigns = new Object[n], sirens = new Object[n], revisions = new Object[n], versions = new Object[n],
                models = new Object[n], facts = new Object[n], explanations = new Object[n], traces = new Object[n];
        for (int i = 0; i < n; i++) {
            NewAssessment a = rows.get(i);
            campaigns[i] = a.campaign();
            sirens[i] = a.siren();
            revisions[i] = a.revision();
            versions[i] = a.version();
            models[i] = a.modelId();
            facts[i] = a.fact();
            explanations[i] = a.explanation();
            traces[i] = a.traceparent();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setObject(1, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC));
            ps.setArray(2, c.createArrayOf("text", campaigns));
            ps.setArray(3, c.createArrayOf("text", sirens));
            ps.setArray(4, c.createArrayOf("int4", revisions));
            ps.setArray(5, c.createArrayOf("int4", versions));
            ps.setArray(6, c.createArrayOf("text", models));
            ps.setArray(7, c.createArrayOf("text", facts));
            ps.setArray(8, c.createArrayOf("text", explanations));
            ps.setArray(9, c.createArrayOf("text", traces));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the assessments", e);
        }
    }
}
