package fr.barometre.reporting.publication;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The PUBLISHED copy of the read model and the publication rows, in plain SQL, in the caller's transaction. */
@ApplicationScoped
public class PublicationStore {

    @Inject
    AgroalDataSource dataSource;

    /**
     * Replaces the campaign's PUBLISHED facts (with their themes and answers, on their rows) with a copy of its LIVE ones, under a
     * lock that waits for (and holds off) the ingest of facts, so that the snapshot is one consistent
     * state; returns the number of facts copied.
     */
    public int freeze(String campaign) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("lock table fact in share row exclusive mode")) {
                ps.execute();
            }
            execute(c, "delete from fact where source = 'PUBLISHED' and campaign_code = ?", campaign);
            int copied = execute(c, """
                    insert into fact (source, campaign_code, siren, assessment_version, revision, model, questionnaire_version,
                                      kind, population, stratum, departement, region, networks, index, payload, received_at,
                                      theme_codes, theme_scores, theme_levels, theme_engaged, answer_questions, answer_values, answer_numbers)
                    select 'PUBLISHED', campaign_code, siren, assessment_version, revision, model, questionnaire_version,
                           kind, population, stratum, departement, region, networks, index, payload, received_at,
                           theme_codes, theme_scores, theme_levels, theme_engaged, answer_questions, answer_values, answer_numbers
                    from fact where source = 'LIVE' and campaign_code = ?""", campaign);
            return copied;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot copy the facts of " + campaign, e);
        }
    }

    /** Records (or replaces) the campaign's publication; returns its version (1 the first time, one more each next time). */
    public int record(String campaign, Instant publishedAt, String publishedBy, int authorities) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     insert into publication (campaign_code, published_at, published_by, authorities) values (?, ?, ?, ?)
                     on conflict (campaign_code) do update set published_at = excluded.published_at,
                         published_by = excluded.published_by, authorities = excluded.authorities,
                         version = publication.version + 1
                     returning version""")) {
            ps.setString(1, campaign);
            ps.setTimestamp(2, Timestamp.from(publishedAt));
            ps.setString(3, publishedBy);
            ps.setInt(4, authorities);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the publication of " + campaign, e);
        }
    }

    /**
     * Fresh planner statistics after a copy that may double the tables at once: without them the
     * planner takes the snapshot for empty and the first public reads scan it row by row (minutes at
     * 36,130 facts).
     */
    public void analyze() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("analyze fact")) {
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot analyze the read model", e);
        }
    }

    /** The codes of the published editions, newest (greatest code, as editions are compared) first. */
    public List<String> publishedCampaigns() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select campaign_code from publication");
             ResultSet rs = ps.executeQuery()) {
            List<String> codes = new ArrayList<>();
            while (rs.next()) {
                codes.add(rs.getString(1));
            }
            codes.sort(Comparator.reverseOrder());   // string order, as the previous edition is chosen
            return codes;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list the published editions", e);
        }
    }

    private static int execute(Connection c, String sql, String campaign) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, campaign);
            return ps.executeUpdate();
        }
    }
}
