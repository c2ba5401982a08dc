package fr.barometre.reporting.fact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.reporting.ingest.Fact;
import fr.barometre.reporting.ingest.IngestReceipt;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The LIVE read model, written with plain SQL in the caller's transaction: the fact row, its theme
 * and answer rows, and the campaign's version row, all changed together.
 */
@ApplicationScoped
public class FactStore {

    private static final String UPSERT = """
            insert into fact (source, campaign_code, siren, assessment_version, revision, model, questionnaire_version,
                              kind, population, stratum, departement, region, networks, index, payload)
            values ('LIVE', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
            on conflict (source, campaign_code, siren) do update set
                assessment_version = excluded.assessment_version, revision = excluded.revision, model = excluded.model,
                questionnaire_version = excluded.questionnaire_version, kind = excluded.kind, population = excluded.population,
                stratum = excluded.stratum, departement = excluded.departement, region = excluded.region,
                networks = excluded.networks, index = excluded.index, payload = excluded.payload, received_at = now()
            where fact.assessment_version < excluded.assessment_version
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    /**
     * Keeps the fact when it is newer than the one held (or the first), replacing its theme and answer
     * rows and bumping the campaign's version; otherwise changes nothing. Must run in a transaction.
     *
     * <p>The campaign's version row is locked first, before any fact row: every transaction that
     * writes a campaign's facts takes the locks in that order, so a catch-up page (many facts, one
     * transaction) and a live delivery of one of its facts wait for each other instead of deadlocking
     * (the page holding the version row and waiting for the fact, the delivery the other way round).
     */
    public IngestReceipt upsert(Fact fact) {
        try (Connection c = dataSource.getConnection()) {
            lockVersion(c, fact.campaign());
            int changed;
            try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
                Fact.Profile p = fact.profile();
                ps.setString(1, fact.campaign());
                ps.setString(2, fact.siren());
                ps.setInt(3, fact.assessmentVersion());
                ps.setInt(4, fact.revision());
                ps.setString(5, fact.model());
                ps.setString(6, fact.questionnaireVersion());
                ps.setString(7, p.kind());
                if (p.population() == null) {
                    ps.setNull(8, Types.INTEGER);
                } else {
                    ps.setInt(8, p.population());
                }
                ps.setString(9, p.stratum());
                ps.setString(10, p.departement());
                ps.setString(11, p.region());
                ps.setArray(12, c.createArrayOf("text", p.networks().toArray()));
                ps.setBigDecimal(13, fact.index());
                ps.setString(14, json.writeValueAsString(fact));
                changed = ps.executeUpdate();
            }
            if (changed == 0) {
                int current = currentVersion(c, fact.campaign(), fact.siren());
                return new IngestReceipt(fact.campaign(), fact.siren(), fact.assessmentVersion(), current,
                        current > fact.assessmentVersion());
            }
            replaceChildren(c, fact);
            bumpVersion(c, fact.campaign());
            return new IngestReceipt(fact.campaign(), fact.siren(), fact.assessmentVersion(), fact.assessmentVersion(), false);
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot keep the fact " + fact.campaign() + "/" + fact.siren(), e);
        }
    }

    /** Locks the version row of a campaign (created at version 0 when missing) until the transaction ends. */
    private static void lockVersion(Connection c, String campaign) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into campaign_version (campaign_code, version) values (?, 0)
                on conflict (campaign_code) do update set version = campaign_version.version
                """)) {
            ps.setString(1, campaign);
            ps.executeUpdate();
        }
    }

    /** Bumps the version row of a campaign, in the caller's transaction: every replica's cached figures of it are stale from now on. */
    public void bumpVersion(String campaign) {
        try (Connection c = dataSource.getConnection()) {
            bumpVersion(c, campaign);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot bump the version of " + campaign, e);
        }
    }

    private static void bumpVersion(Connection c, String campaign) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into campaign_version (campaign_code, version) values (?, 1)
                on conflict (campaign_code) do update set version = campaign_version.version + 1""")) {
            ps.setString(1, campaign);
            ps.executeUpdate();
        }
    }

    private void replaceChildren(Connection c, Fact fact) throws SQLException {
        for (String table : new String[] {"fact_theme", "fact_answer"}) {
            try (PreparedStatement ps = c.prepareStatement(
                    "delete from " + table + " where source = 'LIVE' and campaign_code = ? and siren = ?")) {
                ps.setString(1, fact.campaign());
                ps.setString(2, fact.siren());
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into fact_theme (source, campaign_code, siren, theme, score, level, engaged)
                values ('LIVE', ?, ?, ?, ?, ?, ?)""")) {
            for (Fact.ThemeFact t : fact.themes()) {
                ps.setString(1, fact.campaign());
                ps.setString(2, fact.siren());
                ps.setString(3, t.theme());
                ps.setBigDecimal(4, t.score());
                if (t.level() == null) {
                    ps.setNull(5, Types.SMALLINT);
                } else {
                    ps.setShort(5, t.level().shortValue());
                }
                ps.setBoolean(6, t.engaged());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into fact_answer (source, campaign_code, siren, question, answer, number)
                values ('LIVE', ?, ?, ?, ?, ?)""")) {
            for (Map.Entry<String, BigDecimal> row : answerRows(fact).entrySet()) {
                int split = row.getKey().indexOf('\u0000');
                ps.setString(1, fact.campaign());
                ps.setString(2, fact.siren());
                ps.setString(3, row.getKey().substring(0, split));
                ps.setString(4, row.getKey().substring(split + 1));
                ps.setBigDecimal(5, row.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The answer rows of a fact, keyed by question and answer, with the number of a NUMBER answer. */
    static Map<String, BigDecimal> answerRows(Fact fact) {
        Map<String, BigDecimal> rows = new LinkedHashMap<>();
        for (Fact.Answer a : fact.answers()) {
            if (a.level() != null) {
                rows.put(a.question() + '\u0000' + a.level(), null);
            }
            if (a.abstention() != null) {
                rows.put(a.question() + '\u0000' + a.abstention(), null);
            }
            JsonNode value = a.value();
            if (value == null || value.isNull()) {
                continue;
            }
            if (value.isArray()) {
                value.forEach(v -> rows.put(a.question() + '\u0000' + v.asText(), null));
            } else if (value.isNumber()) {
                BigDecimal number = value.decimalValue();
                rows.put(a.question() + '\u0000' + number.stripTrailingZeros().toPlainString(), number);
            } else {
                rows.put(a.question() + '\u0000' + value.asText(), null);
            }
        }
        return rows;
    }

    private static int currentVersion(Connection c, String campaign, String siren) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select assessment_version from fact where source = 'LIVE' and campaign_code = ? and siren = ?")) {
            ps.setString(1, campaign);
            ps.setString(2, siren);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
