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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The LIVE read model, written with plain SQL in the caller's transaction: the fact rows (each with
 * its themes and answer rows as arrays on the row, migration V2_3) and the campaigns' version rows,
 * changed together, set-based: whatever the number of facts, one statement per table (arrays bound
 * as parameters and read back with {@code unnest}), so that a delivery of 500 facts costs about what
 * a delivery of one does.
 */
@ApplicationScoped
public class FactStore {

    /** Locks the version rows of the campaigns (created at version 0 when missing), in code order. */
    private static final String LOCK_VERSIONS = """
            insert into campaign_version (campaign_code, version)
            select code, 0 from unnest(?::text[]) as code order by code
            on conflict (campaign_code) do update set version = campaign_version.version
            """;

    /**
     * Each fact kept when it is newer than the one held (or the first), with its themes and answers;
     * the keys of the rows it changed come back.
     */
    private static final String UPSERT = """
            insert into fact (source, campaign_code, siren, assessment_version, revision, model, questionnaire_version,
                              kind, population, stratum, departement, region, networks, index, payload,
                              theme_codes, theme_scores, theme_levels, theme_engaged, answer_questions, answer_values, answer_numbers)
            select 'LIVE', f.campaign, f.siren, f.assessment_version, f.revision, f.model, f.questionnaire_version,
                   f.kind, f.population, f.stratum, f.departement, f.region,
                   array(select jsonb_array_elements_text(d.doc -> 'profile' -> 'networks')), f.index, d.doc,
                   f.theme_codes::text[], f.theme_scores::numeric[], f.theme_levels::int2[], f.theme_engaged::bool[],
                   f.answer_questions::text[], f.answer_values::text[], f.answer_numbers::numeric[]
            from unnest(?::text[], ?::text[], ?::int[], ?::int[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[],
                        ?::text[], ?::text[], ?::numeric[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[])
                   as f(campaign, siren, assessment_version, revision, model, questionnaire_version, kind, population, stratum,
                        departement, region, index, payload, theme_codes, theme_scores, theme_levels, theme_engaged,
                        answer_questions, answer_values, answer_numbers)
                 cross join lateral (select f.payload::jsonb as doc) d
            order by f.campaign, f.siren
            on conflict (source, campaign_code, siren) do update set
                assessment_version = excluded.assessment_version, revision = excluded.revision, model = excluded.model,
                questionnaire_version = excluded.questionnaire_version, kind = excluded.kind, population = excluded.population,
                stratum = excluded.stratum, departement = excluded.departement, region = excluded.region,
                networks = excluded.networks, index = excluded.index, payload = excluded.payload, received_at = now(),
                theme_codes = excluded.theme_codes, theme_scores = excluded.theme_scores, theme_levels = excluded.theme_levels,
                theme_engaged = excluded.theme_engaged, answer_questions = excluded.answer_questions,
                answer_values = excluded.answer_values, answer_numbers = excluded.answer_numbers
            where fact.assessment_version < excluded.assessment_version
            returning campaign_code, siren
            """;

    private static final String CURRENT_VERSIONS = """
            select f.campaign_code, f.siren, f.assessment_version
            from fact f join unnest(?::text[], ?::text[]) as k(campaign, siren)
                 on f.source = 'LIVE' and f.campaign_code = k.campaign and f.siren = k.siren
            """;

    private static final String BUMP_VERSIONS = "update campaign_version set version = version + 1 where campaign_code = any(?::text[])";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    /** {@link #keepAll} for one fact. */
    public IngestReceipt upsert(Fact fact) {
        return keepAll(List.of(fact)).get(0);
    }

    /**
     * Keeps each fact that is newer than the one held for its (campaign, authority), or the first,
     * with its themes and answers, and bumps once the version of each campaign changed;
     * a fact as old as the one held or older changes nothing. Of two facts of one authority given
     * together, the one with the greatest assessmentVersion is the one kept, whatever their order.
     * Returns one receipt per fact, in their order. Must run in a transaction.
     *
     * <p>The versions held are read first, without a lock: when no fact is newer (a redelivery, a
     * catch-up page re-reading what was delivered) nothing is locked nor written. Otherwise the
     * version rows of the campaigns of the newer facts are locked, in code order, then their fact
     * rows in (campaign, SIREN) order by the upsert, whose WHERE decides again under the locks: every
     * transaction that writes facts takes its locks in that order, so that two deliveries, or a
     * catch-up page and a delivery, sharing facts wait for each other instead of deadlocking.
     */
    public List<IngestReceipt> keepAll(List<Fact> facts) {
        if (facts.isEmpty()) {
            return List.of();
        }
        Map<String, Fact> newest = newestPerAuthority(facts);
        try (Connection c = dataSource.getConnection()) {
            // A plain read first (no lock, nothing written): a fact as old as the one held, or older, costs only that.
            Map<String, Integer> current = currentVersions(c, newest.values());
            List<Fact> newer = newest.values().stream()
                    .filter(f -> !current.containsKey(key(f)) || current.get(key(f)) < f.assessmentVersion()).toList();
            if (!newer.isEmpty()) {
                lockVersions(c, new TreeSet<>(newer.stream().map(Fact::campaign).toList()));
                Set<String> changed = upsertFacts(c, newer);   // the upsert's WHERE decides, under the locks
                List<Fact> kept = newer.stream().filter(f -> changed.contains(key(f))).toList();
                Set<String> touched = new TreeSet<>(kept.stream().map(Fact::campaign).toList());
                if (!touched.isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement(BUMP_VERSIONS)) {
                        ps.setArray(1, c.createArrayOf("text", touched.toArray()));
                        ps.executeUpdate();
                    }
                }
                // What another transaction kept meanwhile, read again now that the rows are locked.
                current.putAll(currentVersions(c, newer.stream().filter(f -> !changed.contains(key(f))).toList()));
                kept.forEach(f -> current.put(key(f), f.assessmentVersion()));
            }
            List<IngestReceipt> receipts = new ArrayList<>(facts.size());
            for (Fact f : facts) {
                int now = current.get(key(f));
                receipts.add(new IngestReceipt(f.campaign(), f.siren(), f.assessmentVersion(), now, now > f.assessmentVersion()));
            }
            return receipts;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot keep " + facts.size() + " fact(s), the first " + key(facts.get(0)), e);
        }
    }

    /** Per (campaign, SIREN), the fact with the greatest assessmentVersion (the first of equal ones), in key order. */
    private static Map<String, Fact> newestPerAuthority(List<Fact> facts) {
        Map<String, Fact> newest = new HashMap<>();
        for (Fact f : facts) {
            newest.merge(key(f), f, (held, other) -> other.assessmentVersion() > held.assessmentVersion() ? other : held);
        }
        Map<String, Fact> ordered = new LinkedHashMap<>();
        newest.values().stream().sorted(Comparator.comparing(Fact::campaign).thenComparing(Fact::siren))
                .forEach(f -> ordered.put(key(f), f));
        return ordered;
    }

    private static String key(Fact f) {
        return f.campaign() + '/' + f.siren();
    }

    private static void lockVersions(Connection c, Set<String> campaigns) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK_VERSIONS)) {
            ps.setArray(1, c.createArrayOf("text", campaigns.toArray()));
            ps.executeUpdate();
        }
    }

    private Set<String> upsertFacts(Connection c, java.util.Collection<Fact> facts) throws SQLException, JsonProcessingException {
        int n = facts.size();
        Object[][] columns = new Object[20][n];
        int i = 0;
        for (Fact f : facts) {
            Fact.Profile p = f.profile();
            Object[] row = {f.campaign(), f.siren(), f.assessmentVersion(), f.revision(), f.model(), f.questionnaireVersion(),
                    p.kind(), p.population(), p.stratum(), p.departement(), p.region(), f.index(), json.writeValueAsString(f)};
            String[] arrays = arrays(f);
            for (int col = 0; col < row.length; col++) {
                columns[col][i] = row[col];
            }
            for (int col = 0; col < arrays.length; col++) {
                columns[row.length + col][i] = arrays[col];
            }
            i++;
        }
        String[] types = {"text", "text", "int4", "int4", "text", "text", "text", "int4", "text", "text", "text", "numeric", "text",
                "text", "text", "text", "text", "text", "text", "text"};
        Set<String> changed = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            for (int col = 0; col < types.length; col++) {
                ps.setArray(col + 1, c.createArrayOf(types[col], columns[col]));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    changed.add(rs.getString(1) + '/' + rs.getString(2));
                }
            }
        }
        return changed;
    }

    /** A fact's theme results and answer rows as the fact row's arrays, each as a PostgreSQL array literal. */
    private static String[] arrays(Fact f) {
        List<Object> codes = new ArrayList<>();
        List<Object> scores = new ArrayList<>();
        List<Object> levels = new ArrayList<>();
        List<Object> engaged = new ArrayList<>();
        for (Fact.ThemeFact t : f.themes()) {
            codes.add(t.theme());
            scores.add(t.score() == null ? null : t.score().toPlainString());
            levels.add(t.level());
            engaged.add(t.engaged());
        }
        List<Object> questions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        List<Object> numbers = new ArrayList<>();
        for (Map.Entry<String, BigDecimal> row : answerRows(f).entrySet()) {
            int split = row.getKey().indexOf('\u0000');
            questions.add(row.getKey().substring(0, split));
            values.add(row.getKey().substring(split + 1));
            numbers.add(row.getValue() == null ? null : row.getValue().toPlainString());
        }
        return new String[] {literal(codes), literal(scores), literal(levels), literal(engaged), literal(questions), literal(values),
                literal(numbers)};
    }

    /** A PostgreSQL array literal: every element quoted (backslashes and quotes escaped), null as NULL. */
    static String literal(List<Object> values) {
        StringBuilder out = new StringBuilder("{");
        for (Object v : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            if (v == null) {
                out.append("NULL");
            } else {
                out.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return out.append('}').toString();
    }

    /** Bumps the version row of a campaign, in the caller's transaction: every replica's cached figures of it are stale from now on. */
    public void bumpVersion(String campaign) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     insert into campaign_version (campaign_code, version) values (?, 1)
                     on conflict (campaign_code) do update set version = campaign_version.version + 1""")) {
            ps.setString(1, campaign);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot bump the version of " + campaign, e);
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

    /** The versions held for the facts (none for a fact never held). */
    private static Map<String, Integer> currentVersions(Connection c, java.util.Collection<Fact> facts) throws SQLException {
        Map<String, Integer> versions = new HashMap<>();
        if (facts.isEmpty()) {
            return versions;
        }
        try (PreparedStatement ps = c.prepareStatement(CURRENT_VERSIONS)) {
            ps.setArray(1, c.createArrayOf("text", facts.stream().map(Fact::campaign).toArray()));
            ps.setArray(2, c.createArrayOf("text", facts.stream().map(Fact::siren).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getString(1) + '/' + rs.getString(2), rs.getInt(3));
                }
            }
        }
        return versions;
    }
}
