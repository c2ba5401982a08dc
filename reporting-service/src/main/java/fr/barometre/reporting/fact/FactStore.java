package fr.barometre.reporting.fact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.reporting.ingest.Fact;
import fr.barometre.reporting.ingest.IngestReceipt;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.postgresql.PGStatement;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
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
     * the keys of the rows it changed come back. The facts are the rows of a VALUES list, one parameter a
     * value ({@link #ROW}), so that PostgreSQL reads each value once: the payload is parsed once as jsonb, each
     * array once as an array literal (never an array literal inside another one). They are locked in
     * (campaign, SIREN) order whatever the order of the list.
     */
    private static final String UPSERT_HEAD = """
            insert into fact (source, campaign_code, siren, assessment_version, revision, model, questionnaire_version,
                              kind, population, stratum, departement, region, networks, index, payload,
                              theme_codes, theme_scores, theme_levels, theme_engaged, answer_questions, answer_values, answer_numbers)
            select 'LIVE', f.campaign, f.siren, f.assessment_version, f.revision, f.model, f.questionnaire_version,
                   f.kind, f.population, f.stratum, f.departement, f.region, f.networks, f.index, f.payload,
                   f.theme_codes, f.theme_scores, f.theme_levels, f.theme_engaged, f.answer_questions, f.answer_values, f.answer_numbers
            from (values""";

    /** One fact's values, in the order of {@link #UPSERT_TAIL}'s column names. */
    private static final String ROW = "(?, ?, ?::int, ?::int, ?, ?, ?, ?::int, ?, ?, ?, ?::text[], ?::numeric, ?::jsonb, "
            + "?::text[], ?::numeric[], ?::int2[], ?::bool[], ?::text[], ?::text[], ?::numeric[])";

    private static final String UPSERT_TAIL = """
                 ) as f(campaign, siren, assessment_version, revision, model, questionnaire_version, kind, population, stratum,
                        departement, region, networks, index, payload, theme_codes, theme_scores, theme_levels, theme_engaged,
                        answer_questions, answer_values, answer_numbers)
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

    /** The parameters of one fact ({@link #ROW}). */
    private static final int PER_ROW = 21;

    /** The most facts one statement carries: a statement binds at most 32,767 parameters (the protocol's limit). */
    static final int ROWS_PER_STATEMENT = 32_767 / PER_ROW;

    private static final String CURRENT_VERSIONS = """
            select f.campaign_code, f.siren, f.assessment_version
            from fact f join unnest(?::text[], ?::text[]) as k(campaign, siren)
                 on f.source = 'LIVE' and f.campaign_code = k.campaign and f.siren = k.siren
            """;

    /** Which of the facts (campaigns, SIRENs and versions, pairwise) are held neither at that version nor a newer one, by their place (from 1). */
    private static final String NOT_HELD = """
            select k.i from unnest(?::text[], ?::text[], ?::int[]) with ordinality as k(campaign, siren, version, i)
            where not exists (select 1 from fact f where f.source = 'LIVE' and f.campaign_code = k.campaign and f.siren = k.siren
                                                      and f.assessment_version >= k.version)
            order by k.i
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

    private Set<String> upsertFacts(Connection c, List<Fact> facts) throws SQLException, JsonProcessingException {
        Set<String> changed = new HashSet<>();
        for (int from = 0; from < facts.size(); from += ROWS_PER_STATEMENT) {   // in (campaign, SIREN) order, chunk after chunk
            List<Fact> part = facts.subList(from, Math.min(facts.size(), from + ROWS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder(UPSERT_HEAD);
            for (int i = 0; i < part.size(); i++) {
                sql.append(i == 0 ? "\n" : ",\n").append(ROW);
            }
            try (PreparedStatement ps = c.prepareStatement(sql.append('\n').append(UPSERT_TAIL).toString())) {
                int p = 1;
                for (Fact f : part) {
                    Fact.Profile profile = f.profile();
                    ps.setString(p++, f.campaign());
                    ps.setString(p++, f.siren());
                    ps.setInt(p++, f.assessmentVersion());
                    ps.setInt(p++, f.revision());
                    ps.setString(p++, f.model());
                    ps.setString(p++, f.questionnaireVersion());
                    ps.setString(p++, profile.kind());
                    ps.setObject(p++, profile.population(), Types.INTEGER);
                    ps.setString(p++, profile.stratum());
                    ps.setString(p++, profile.departement());
                    ps.setString(p++, profile.region());
                    ps.setString(p++, literal(new ArrayList<>(profile.networks())));
                    ps.setBigDecimal(p++, f.index());
                    ps.setString(p++, json.writeValueAsString(f));
                    for (String array : arrays(f)) {
                        ps.setString(p++, array);
                    }
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        changed.add(rs.getString(1) + '/' + rs.getString(2));
                    }
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

    /**
     * The places (from 0) of the facts (campaigns, SIRENs and assessment versions, pairwise) the read model holds
     * neither at that version nor a newer one: one statement, one look-up of the primary key a fact, nothing locked.
     */
    public List<Integer> notHeld(List<String> campaigns, List<String> sirens, List<Integer> versions) {
        List<Integer> places = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(NOT_HELD)) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(0);   // planned with its keys, as CURRENT_VERSIONS (below)
            ps.setArray(1, c.createArrayOf("text", campaigns.toArray()));
            ps.setArray(2, c.createArrayOf("text", sirens.toArray()));
            ps.setArray(3, c.createArrayOf("integer", versions.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    places.add(rs.getInt(1) - 1);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the facts held", e);
        }
        return places;
    }

    /** The versions held for the facts (none for a fact never held). */
    private static Map<String, Integer> currentVersions(Connection c, java.util.Collection<Fact> facts) throws SQLException {
        Map<String, Integer> versions = new HashMap<>();
        if (facts.isEmpty()) {
            return versions;
        }
        try (PreparedStatement ps = c.prepareStatement(CURRENT_VERSIONS)) {
            // Planned with its keys at each call, never from a plan kept for the connection: the driver keeps one
            // after five calls, and PostgreSQL's generic plan, made while the table was near empty and not yet
            // analyzed (the first batches of an edition), read every fact of the campaign through the index of
            // changes for each key (0.14-0.49 s a batch of 500, a third of the database's time in a national
            // edition's batches) instead of one look-up of the primary key per key.
            ps.unwrap(PGStatement.class).setPrepareThreshold(0);
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
