package fr.barometre.reporting.figures;

import fr.barometre.reporting.fact.Source;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The aggregates, computed in PostgreSQL from the read model; Java only combines their rows. */
@ApplicationScoped
public class FiguresRepository {

    private static final String JOIN_THEMES = """
             from fact f cross join unnest(f.theme_codes, f.theme_scores) as t(theme, score)
            where f.source = ? and f.campaign_code = ?""";

    @Inject
    AgroalDataSource dataSource;

    /**
     * The populations the confidentiality rule counts, per profile (stratum, kind, région, networks)
     * of the edition's authorities: how many there are (key {@link Populations#AUTHORITIES}), how
     * many have a score on each theme (key: the theme code), how many have an index (key
     * {@link Populations#INDEX}). Computed from the edition's {@link Snapshot}.
     */
    public record Populations(Map<String, List<Confidentiality.Cell>> cells) {
        public static final String AUTHORITIES = "*";
        public static final String INDEX = "index";

        public List<Confidentiality.Cell> of(String population) {
            return cells.getOrDefault(population, List.of());
        }

        public List<Confidentiality.Cell> authorities() {
            return of(AUTHORITIES);
        }
    }

    /** One cell of a cross-analysis: the answer, the theme (or {@link Populations#AUTHORITIES}), how many, how many engaged. */
    public record CrossRow(String answer, String theme, long respondents, long engaged) {
    }

    /** What a load of an edition's facts read beside them, in the same PostgreSQL snapshot. */
    public record Loaded(long version, String pgSnapshot, String publication, long facts) {
    }

    private static final String FACT_COLUMNS = "select f.siren, f.stratum, f.kind, f.region, f.networks, f.index, f.model, f.questionnaire_version,"
            + " f.theme_codes, f.theme_scores, f.theme_levels, f.theme_engaged, f.answer_questions, f.answer_values, f.answer_numbers";
    private static final String EDITION = " where f.source = ? and f.campaign_code = ?";

    /** The whole edition: its facts, each with its themes and answers (parameters: source, campaign). */
    private static final String WHOLE = FACT_COLUMNS + " from fact f" + EDITION;

    /**
     * Only the facts changed since a PostgreSQL snapshot (parameters: source, campaign, that snapshot
     * twice), by the index on {@code changed_xid}: a fact's themes and answers are on its row, so that
     * a refresh reads the changed facts' rows and nothing else of the edition.
     */
    static final String CHANGED_ONLY = WHOLE + " and f.changed_xid >= pg_snapshot_xmin(cast(? as pg_snapshot))"
            + " and not pg_visible_in_snapshot(f.changed_xid, cast(? as pg_snapshot))";

    /**
     * For the rest of the transaction, rows by the indexes, whatever the planner believes of tables
     * still growing (its statistics lag behind: it would scan an edition it takes for small).
     */
    static void byIndexes(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("set local enable_seqscan = off; set local enable_hashjoin = off; set local enable_mergejoin = off")) {
            ps.execute();
        }
    }

    /**
     * Reads an edition's facts into a snapshot's builder, in one REPEATABLE READ transaction (one
     * PostgreSQL snapshot for every statement): the campaign's version row, that snapshot, the
     * number of facts and the publication; then the facts, their theme rows and their answer rows,
     * streamed. {@code since} null reads every fact; otherwise only the LIVE facts written by a
     * transaction that snapshot {@code since} did not see (committed after it, in whatever order),
     * by the index on {@code changed_xid}.
     */
    public Loaded load(Source source, String campaign, String since, Snapshot.Builder into) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Loaded loaded = readInto(c, source, campaign, since, into);
                c.commit();
                return loaded;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The facts of edition " + campaign + " cannot be read", e);
        }
    }

    private static Loaded readInto(Connection c, Source source, String campaign, String since, Snapshot.Builder into) throws SQLException {
        Loaded loaded;
        try (PreparedStatement ps = c.prepareStatement("""
                select (select version from campaign_version where campaign_code = ?), pg_current_snapshot()::text,
                       (select count(*) from fact where source = ? and campaign_code = ?),
                       p.published_at, p.published_xid::text
                from (select 1) one left join publication p on p.campaign_code = ?""")) {
            bind(ps, campaign, source.name(), campaign, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                loaded = new Loaded(rs.getLong(1), rs.getString(2),
                        source == Source.PUBLISHED ? publicationStamp(rs.getTimestamp(4), rs.getString(5)) : null, rs.getLong(3));
            }
        }
        if (since != null) {
            byIndexes(c);
        }
        List<Object> params = new ArrayList<>(List.of(source.name(), campaign));
        if (since != null) {
            params.add(since);
            params.add(since);
        }
        stream(c, since == null ? WHOLE : CHANGED_ONLY, params, rs -> {
            String siren = rs.getString(1);
            Array networks = rs.getArray(5);
            into.fact(siren, new Confidentiality.Profile(rs.getString(2), rs.getString(3), rs.getString(4),
                            networks == null ? Set.of() : Set.copyOf(Arrays.asList((String[]) networks.getArray()))),
                    rs.getBigDecimal(6), rs.getString(7), rs.getString(8));
            String[] themes = (String[]) rs.getArray(9).getArray();
            BigDecimal[] scores = (BigDecimal[]) rs.getArray(10).getArray();
            Short[] levels = (Short[]) rs.getArray(11).getArray();
            Boolean[] engaged = (Boolean[]) rs.getArray(12).getArray();
            for (int i = 0; i < themes.length; i++) {
                into.theme(siren, themes[i], scores[i], levels[i] == null ? null : levels[i].intValue(), engaged[i]);
            }
            String[] questions = (String[]) rs.getArray(13).getArray();
            String[] answers = (String[]) rs.getArray(14).getArray();
            BigDecimal[] numbers = (BigDecimal[]) rs.getArray(15).getArray();
            for (int i = 0; i < questions.length; i++) {
                into.answer(siren, questions[i], answers[i], numbers[i]);
            }
        });
        return loaded;
    }

    /** What names one publication: its instant and its transaction (two publications may share an instant). */
    static String publicationStamp(Timestamp publishedAt, String xid) {
        return publishedAt == null ? null : publishedAt.toInstant() + "/" + xid;
    }

    interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void stream(Connection c, String sql, List<Object> params, RowConsumer consumer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(5000);
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(rs);
                }
            }
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
    }

    /** The questionnaire version of the campaign's facts (the greatest when several). */
    public Optional<String> questionnaireVersion(Source source, String campaign) {
        return Optional.ofNullable(query("select max(questionnaire_version) from fact where source = ? and campaign_code = ?",
                List.of(source.name(), campaign), rs -> rs.getString(1)).get(0));
    }

    /** The distinct models of the campaign's facts, sorted. */
    public List<String> models(Source source, String campaign) {
        return query("select distinct model from fact where source = ? and campaign_code = ? order by model",
                List.of(source.name(), campaign), rs -> rs.getString(1));
    }

    /** One authority's fact: its profile, index and themes. */
    public Optional<AuthorityRow> authority(Source source, String campaign, String siren) {
        List<AuthorityRow> rows = query("""
                select f.stratum, f.networks, f.index, f.model, f.assessment_version, f.kind,
                       f.theme_codes, f.theme_scores, f.theme_levels, f.theme_engaged
                from fact f where f.source = ? and f.campaign_code = ? and f.siren = ?""",
                List.of(source.name(), campaign, siren), rs -> {
                    Array networks = rs.getArray(2);
                    AuthorityRow row = new AuthorityRow(siren, rs.getString(1), List.of((String[]) networks.getArray()), rs.getBigDecimal(3),
                            rs.getString(4), rs.getInt(5), rs.getString(6), new LinkedHashMap<>());
                    String[] themes = (String[]) rs.getArray(7).getArray();
                    BigDecimal[] scores = (BigDecimal[]) rs.getArray(8).getArray();
                    Short[] levels = (Short[]) rs.getArray(9).getArray();
                    Boolean[] engaged = (Boolean[]) rs.getArray(10).getArray();
                    for (int i = 0; i < themes.length; i++) {
                        row.themes().put(themes[i], new AuthorityRow.ThemeResult(scores[i],
                                levels[i] == null ? null : levels[i].intValue(), engaged[i]));
                    }
                    return row;
                });
        return rows.stream().findFirst();
    }

    /** percent_rank of the authority's score per theme among the authorities of its stratum with a score, and their count. */
    public Map<String, Percentile> themePercentiles(Source source, String campaign, String stratum, String siren) {
        Map<String, Percentile> result = new HashMap<>();
        query("""
                select theme, pr, n from (
                  select f.siren, t.theme, percent_rank() over (partition by t.theme order by t.score) pr,
                         count(*) over (partition by t.theme) n
                """ + JOIN_THEMES + " and f.stratum = ? and t.score is not null) x where siren = ?",
                List.of(source.name(), campaign, stratum, siren),
                rs -> result.put(rs.getString(1), new Percentile(rs.getDouble(2), rs.getLong(3))));
        return result;
    }

    /** percent_rank of the authority's index among the authorities of its stratum with an index. */
    public Optional<Percentile> indexPercentile(Source source, String campaign, String stratum, String siren) {
        List<Percentile> rows = query("""
                select pr, n from (
                  select f.siren, percent_rank() over (order by f.index) pr, count(*) over () n
                  from fact f where f.source = ? and f.campaign_code = ? and f.stratum = ? and f.index is not null) x
                where siren = ?""", List.of(source.name(), campaign, stratum, siren), rs -> new Percentile(rs.getDouble(1), rs.getLong(2)));
        return rows.stream().findFirst();
    }

    private static final String PREVIOUS_LIVE = """
            select v.campaign_code, v.version from campaign_version v
            where v.campaign_code collate "C" < ?
              and exists (select 1 from fact f where f.source = 'LIVE' and f.campaign_code = v.campaign_code)
            order by v.campaign_code collate "C" desc limit 1""";

    private static final String PREVIOUS_PUBLISHED = """
            select p.campaign_code, v.version, p.published_at, p.published_xid::text
            from publication p join campaign_version v on v.campaign_code = p.campaign_code
            where p.campaign_code collate "C" < ?
            order by p.campaign_code collate "C" desc limit 1""";

    /**
     * In one round trip, what every read needs first: the campaign's version row (0 when reporting
     * has never had a fact of it), its publication, whether it has LIVE facts, and the previous
     * edition of each source (the greatest code below this one, string order) with its version row.
     */
    public CampaignState state(String campaign) {
        return query("""
                select (select version from campaign_version where campaign_code = ?),
                       pub.published_at, pub.published_xid::text,
                       exists (select 1 from fact where source = 'LIVE' and campaign_code = ?),
                       pl.campaign_code, pl.version, pp.campaign_code, pp.version, pp.published_at, pp.published_xid
                from (select 1) one
                left join publication pub on pub.campaign_code = ?
                left join lateral (""" + PREVIOUS_LIVE + ") pl on true left join lateral (" + PREVIOUS_PUBLISHED + ") pp on true",
                List.of(campaign, campaign, campaign, campaign, campaign), rs -> {
                    Timestamp published = rs.getTimestamp(2);
                    return new CampaignState(campaign, rs.getLong(1), published == null ? null : published.toInstant(),
                            publicationStamp(published, rs.getString(3)), rs.getBoolean(4),
                            rs.getString(5) == null ? null : new Edition(rs.getString(5), rs.getLong(6), null),
                            rs.getString(7) == null ? null : new Edition(rs.getString(7), rs.getLong(8),
                                    publicationStamp(rs.getTimestamp(9), rs.getString(10))));
                }).get(0);
    }

    /** A campaign code, its version row and, for a published edition, its publication (see {@link #publicationStamp}). */
    public record Edition(String campaign, long version, String publication) {
    }

    public record ThemeRow(String theme, String stratum, long respondents, long engaged, BigDecimal mean, long[] levels) {
        public static ThemeRow empty(String theme, String stratum) {
            return new ThemeRow(theme, stratum, 0, 0, null, new long[5]);
        }
    }

    public record Percentile(double percentRank, long peers) {
    }

    public record CampaignState(String campaign, long version, Instant publishedAt, String publication, boolean hasLiveFacts,
                                Edition previousLive, Edition previousPublished) {
        /** The previous edition with figures in the source, if any. */
        public Optional<Edition> previous(Source source) {
            return Optional.ofNullable(source == Source.LIVE ? previousLive : previousPublished);
        }
    }

    public record AuthorityRow(String siren, String stratum, List<String> networks, BigDecimal index, String model,
                               int assessmentVersion, String kind, Map<String, ThemeResult> themes) {
        public record ThemeResult(BigDecimal score, Integer level, boolean engaged) {
        }
    }

    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<?> params, RowMapper<T> mapper) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("A figure cannot be computed", e);
        }
    }
}
