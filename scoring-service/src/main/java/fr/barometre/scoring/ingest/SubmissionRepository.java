package fr.barometre.scoring.ingest;

import fr.barometre.scoring.outbox.RowsInsert;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@ApplicationScoped
public class SubmissionRepository implements PanacheRepositoryBase<SubmissionRecord, SubmissionRecord.Key> {

    /** Per authority: the revisions received, the first assessment version made of each assessed revision, the last version. */
    private static final String RECEIVED = """
            select k.c, k.s,
                   array(select s.revision from submission s where s.campaign_code = k.c and s.siren = k.s),
                   array(select a.revision from assessment a where a.campaign_code = k.c and a.siren = k.s
                         group by a.revision order by a.revision),
                   array(select min(a.assessment_version) from assessment a where a.campaign_code = k.c and a.siren = k.s
                         group by a.revision order by a.revision),
                   (select coalesce(max(a.assessment_version), 0) from assessment a where a.campaign_code = k.c and a.siren = k.s)
            from unnest(?::text[], ?::text[]) as k(c, s)""";

    /** Per authority of a campaign: its newest submission as received and its last assessment version. */
    private static final String NEWEST = """
            select k.s, n.payload::text,
                   (select coalesce(max(a.assessment_version), 0) from assessment a where a.campaign_code = ? and a.siren = k.s)
            from unnest(?::text[]) as k(s)
            cross join lateral (select s.payload from submission s where s.campaign_code = ? and s.siren = k.s
                                order by s.revision desc limit 1) as n""";

    /** Which of the submissions (campaigns, SIRENs and revisions, pairwise) are not held, by their place (from 1): one look-up of the primary key each. */
    private static final String NOT_HELD = """
            select k.i from unnest(?::text[], ?::text[], ?::int[]) with ordinality as k(c, s, r, i)
            where not exists (select 1 from submission s where s.campaign_code = k.c and s.siren = k.s and s.revision = k.r)
            order by k.i""";

    /** What an authority's record holds before a batch: see {@link #receivedSoFar}. */
    public record ReceivedSoFar(String campaign, String siren, List<Integer> revisions, List<Integer> assessedRevisions,
                                List<Integer> firstVersions, int lastVersion) {
    }

    /** A submission to keep, as received (JSON). */
    public record NewSubmission(String campaign, String siren, int revision, String payload) {
    }

    /** An authority's newest submission (JSON, as received) and its last assessment version. */
    public record Newest(String siren, String payload, int lastVersion) {
    }

    @Inject
    AgroalDataSource dataSource;

    /** For each authority (campaigns and SIRENs, pairwise), what was received and assessed of it: one statement. */
    List<ReceivedSoFar> receivedSoFar(List<String> campaigns, List<String> sirens) {
        List<ReceivedSoFar> found = new ArrayList<>(campaigns.size());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(RECEIVED)) {
            ps.setArray(1, c.createArrayOf("text", campaigns.toArray()));
            ps.setArray(2, c.createArrayOf("text", sirens.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new ReceivedSoFar(rs.getString(1), rs.getString(2), ints(rs.getArray(3)), ints(rs.getArray(4)),
                            ints(rs.getArray(5)), rs.getInt(6)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the submissions received", e);
        }
        return found;
    }

    /** The places (from 0) of the submissions (campaigns, SIRENs and revisions, pairwise) not held: one statement. */
    List<Integer> notHeld(List<String> campaigns, List<String> sirens, List<Integer> revisions) {
        List<Integer> places = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(NOT_HELD)) {
            ps.setArray(1, c.createArrayOf("text", campaigns.toArray()));
            ps.setArray(2, c.createArrayOf("text", sirens.toArray()));
            ps.setArray(3, c.createArrayOf("integer", revisions.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    places.add(rs.getInt(1) - 1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the submissions held", e);
        }
        return places;
    }

    /** Keeps the submissions in the caller's transaction ({@link RowsInsert}: each payload parsed once, as jsonb). */
    void insertAll(List<NewSubmission> rows) {
        try (Connection c = dataSource.getConnection()) {
            RowsInsert.insert(c, "insert into submission (campaign_code, siren, revision, payload) values", "(?, ?, ?, ?::jsonb)", "",
                    rows, (ps, p, s) -> {
                        ps.setString(p, s.campaign());
                        ps.setString(p + 1, s.siren());
                        ps.setInt(p + 2, s.revision());
                        ps.setString(p + 3, s.payload());
                        return p + 4;
                    });
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot keep the submissions", e);
        }
    }

    /** The newest submission of each authority of a campaign that has one, with its last assessment version: one statement. */
    public List<Newest> newestOf(String campaign, List<String> sirens) {
        List<Newest> found = new ArrayList<>(sirens.size());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(NEWEST)) {
            ps.setString(1, campaign);
            ps.setArray(2, c.createArrayOf("text", sirens.toArray()));
            ps.setString(3, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Newest(rs.getString(1), rs.getString(2), rs.getInt(3)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the newest submissions", e);
        }
        return found;
    }

    private static List<Integer> ints(Array array) throws SQLException {
        Integer[] values = (Integer[]) array.getArray();
        return List.of(values);
    }

    /** How many authorities a campaign has submissions of. */
    public long authorities(String campaign) {
        return getEntityManager()
                .createQuery("select count(distinct s.siren) from SubmissionRecord s where s.campaignCode = ?1", Long.class)
                .setParameter(1, campaign).getSingleResult();
    }

    /** The next authorities after {@code afterSiren}, in SIREN order, that had a submission at {@code receivedBy}. */
    public List<String> authoritiesAfter(String campaign, String afterSiren, Instant receivedBy, int limit) {
        return getEntityManager().createQuery("""
                        select s.siren from SubmissionRecord s
                        where s.campaignCode = ?1 and s.siren > ?2
                        group by s.siren having min(s.receivedAt) <= ?3
                        order by s.siren""", String.class)
                .setParameter(1, campaign).setParameter(2, afterSiren == null ? "" : afterSiren).setParameter(3, receivedBy)
                .setMaxResults(limit)
                .getResultList();
    }
}
