package fr.barometre.reporting.publication;

import fr.barometre.reporting.fact.FactStore;
import fr.barometre.reporting.figures.Views;
import fr.barometre.reporting.problem.ProblemException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Publication freezes an edition: the LIVE facts of the campaign, with their themes and answers, are
 * copied into the PUBLISHED source (replacing an earlier publication) in one transaction, so every
 * filter works on the snapshot and later facts leave it alone.
 */
@ApplicationScoped
@Transactional
public class PublicationService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    FactStore facts;

    @Inject
    Clock clock;

    public Views.Publication publish(String campaign, String by) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try (Connection c = dataSource.getConnection()) {
            // Serializes with the ingest of this campaign's facts: the snapshot is one consistent state.
            try (PreparedStatement ps = c.prepareStatement("lock table fact in share row exclusive mode")) {
                ps.execute();
            }
            execute(c, "delete from fact where source = 'PUBLISHED' and campaign_code = ?", campaign);
            int copied = execute(c, """
                    insert into fact (source, campaign_code, siren, assessment_version, revision, model, questionnaire_version,
                                      kind, population, stratum, departement, region, networks, index, payload, received_at)
                    select 'PUBLISHED', campaign_code, siren, assessment_version, revision, model, questionnaire_version,
                           kind, population, stratum, departement, region, networks, index, payload, received_at
                    from fact where source = 'LIVE' and campaign_code = ?""", campaign);
            if (copied == 0) {
                throw ProblemException.notFound("Reporting holds no assessment of campaign " + campaign + " to publish.");
            }
            execute(c, """
                    insert into fact_theme (source, campaign_code, siren, theme, score, level, engaged)
                    select 'PUBLISHED', campaign_code, siren, theme, score, level, engaged
                    from fact_theme where source = 'LIVE' and campaign_code = ?""", campaign);
            execute(c, """
                    insert into fact_answer (source, campaign_code, siren, question, answer, number)
                    select 'PUBLISHED', campaign_code, siren, question, answer, number
                    from fact_answer where source = 'LIVE' and campaign_code = ?""", campaign);
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into publication (campaign_code, published_at, published_by, authorities) values (?, ?, ?, ?)
                    on conflict (campaign_code) do update set published_at = excluded.published_at,
                        published_by = excluded.published_by, authorities = excluded.authorities""")) {
                ps.setString(1, campaign);
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setString(3, by);
                ps.setInt(4, copied);
                ps.executeUpdate();
            }
            facts.bumpVersion(c, campaign);
            // The copy may double the tables at once: without fresh statistics the planner takes the
            // snapshot for empty and the first public reads scan it row by row (minutes at 36,130 facts).
            try (PreparedStatement ps = c.prepareStatement("analyze fact, fact_theme, fact_answer")) {
                ps.execute();
            }
            Log.infof("Edition %s published by %s: %d authorities", campaign, by, copied);
            return new Views.Publication(campaign, now, by, copied);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot publish " + campaign, e);
        }
    }

    private static int execute(Connection c, String sql, String campaign) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, campaign);
            return ps.executeUpdate();
        }
    }
}
