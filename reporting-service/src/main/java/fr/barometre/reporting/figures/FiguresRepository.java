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
             from fact f join fact_theme t on t.source = f.source and t.campaign_code = f.campaign_code and t.siren = f.siren
            where f.source = ? and f.campaign_code = ?""";

    @Inject
    AgroalDataSource dataSource;

    /** Per theme (and per stratum when asked): respondents, engaged, mean score and the five level counts. */
    public List<ThemeRow> themeRows(Source source, String campaign, Filters filters, boolean byStratum) {
        String sql = "select t.theme, " + (byStratum ? "f.stratum" : "null") + """
                , count(t.score), count(*) filter (where t.engaged and t.score is not null), avg(t.score),
                  count(*) filter (where t.level = 0), count(*) filter (where t.level = 1), count(*) filter (where t.level = 2),
                  count(*) filter (where t.level = 3), count(*) filter (where t.level = 4)
                """ + JOIN_THEMES + filters.sql() + (byStratum ? " and f.stratum is not null group by t.theme, f.stratum" : " group by t.theme");
        return query(sql, params(source, campaign, filters), rs -> new ThemeRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                rs.getBigDecimal(5), new long[] {rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10)}));
    }

    /**
     * The populations the confidentiality rule counts, in one statement: per profile (stratum,
     * kind, région, networks) of the campaign's authorities, how many there are (key
     * {@link Populations#AUTHORITIES}), how many have a score on each theme (key: the theme code)
     * and how many have an index (key {@link Populations#INDEX}).
     */
    public Populations populations(Source source, String campaign) {
        String profile = "f.stratum, f.kind, f.region, f.networks";
        String sql = "select " + profile + ", '" + Populations.AUTHORITIES + "', count(*) from fact f where f.source = ? and f.campaign_code = ?"
                + " group by " + profile
                + " union all select " + profile + ", t.theme, count(*)" + JOIN_THEMES + " and t.score is not null group by " + profile + ", t.theme"
                + " union all select " + profile + ", '" + Populations.INDEX + "', count(*) from fact f where f.source = ? and f.campaign_code = ?"
                + " and f.index is not null group by " + profile;
        Map<String, List<Confidentiality.Cell>> cells = new HashMap<>();
        query(sql, List.of(source.name(), campaign, source.name(), campaign, source.name(), campaign),
                rs -> cells.computeIfAbsent(rs.getString(5), k -> new ArrayList<>()).add(cell(rs)));
        return new Populations(cells);
    }

    /** Per profile, how many of the campaign's authorities answered the question (its distribution's population). */
    public List<Confidentiality.Cell> answered(Source source, String campaign, String question) {
        return query("select f.stratum, f.kind, f.region, f.networks, null, count(*) from fact f where f.source = ? and f.campaign_code = ?"
                + " and exists (select 1 from fact_answer a where a.source = f.source and a.campaign_code = f.campaign_code"
                + " and a.siren = f.siren and a.question = ?) group by f.stratum, f.kind, f.region, f.networks",
                List.of(source.name(), campaign, question), FiguresRepository::cell);
    }

    private static Confidentiality.Cell cell(ResultSet rs) throws SQLException {
        return cell(rs, 6);
    }

    /** A cell from a row whose first columns are stratum, kind, région and networks, its count in column {@code countColumn}. */
    private static Confidentiality.Cell cell(ResultSet rs, int countColumn) throws SQLException {
        Array networks = rs.getArray(4);
        return new Confidentiality.Cell(new Confidentiality.Profile(rs.getString(1), rs.getString(2), rs.getString(3),
                networks == null ? Set.of() : Set.copyOf(Arrays.asList((String[]) networks.getArray()))), rs.getLong(countColumn));
    }

    /** The cells of each population of an edition (see {@link #populations}); an absent population has no cell. */
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

    /** How many authorities the filters select. */
    public long authorities(Source source, String campaign, Filters filters) {
        return query("select count(*) from fact f where f.source = ? and f.campaign_code = ?" + filters.sql(),
                params(source, campaign, filters), rs -> rs.getLong(1)).get(0);
    }

    /** Per answer of a question, the authorities that gave it; and how many answered at all (key null). */
    public Map<String, Long> answerCounts(Source source, String campaign, Filters filters, String question) {
        List<Object> params = params(source, campaign, filters);
        params.add(question);
        String from = " from fact f join fact_answer a on a.source = f.source and a.campaign_code = f.campaign_code and a.siren = f.siren"
                + " where f.source = ? and f.campaign_code = ?" + filters.sql() + " and a.question = ?";
        Map<String, Long> counts = new HashMap<>();
        query("select a.answer, count(*)" + from + " group by a.answer", params, rs -> counts.put(rs.getString(1), rs.getLong(2)));
        counts.put(null, query("select count(distinct a.siren)" + from, params, rs -> rs.getLong(1)).get(0));
        return counts;
    }

    /**
     * The answer each fact gave to one question, beside the fact: {@link Confidentiality#UNANSWERED}
     * when it gave none (a SINGLE_CHOICE or BOOLEAN question has one answer row at most).
     */
    private static final String ANSWER_OF_EACH_FACT = " from fact f left join fact_answer a"
            + " on a.source = f.source and a.campaign_code = f.campaign_code and a.siren = f.siren and a.question = ?";

    /**
     * The cross-analysis of one question, in one statement: per answer (key
     * {@link Confidentiality#UNANSWERED} for the authorities that gave none), the authorities
     * selected that gave it (theme {@link Populations#AUTHORITIES}) and per theme those with a score
     * on it and those engaged.
     */
    public List<CrossRow> crossRows(Source source, String campaign, Filters filters, String question) {
        String answer = "coalesce(a.answer, '" + Confidentiality.UNANSWERED + "')";
        String where = " where f.source = ? and f.campaign_code = ?" + filters.sql();
        String sql = "select " + answer + ", t.theme, count(t.score), count(*) filter (where t.engaged and t.score is not null)"
                + ANSWER_OF_EACH_FACT
                + " join fact_theme t on t.source = f.source and t.campaign_code = f.campaign_code and t.siren = f.siren"
                + where + " group by 1, t.theme"
                + " union all select " + answer + ", '" + Populations.AUTHORITIES + "', count(*), 0" + ANSWER_OF_EACH_FACT + where + " group by 1";
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            params.add(question);
            params.addAll(params(source, campaign, filters));
        }
        return query(sql, params, rs -> new CrossRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
    }

    /** Whether some fact of the campaign has no answer to the question. */
    public boolean anyUnanswered(Source source, String campaign, String question) {
        return query("select exists (select 1" + ANSWER_OF_EACH_FACT + " where f.source = ? and f.campaign_code = ? and a.siren is null)",
                List.of(question, source.name(), campaign), rs -> rs.getBoolean(1)).get(0);
    }

    /** One cell of a cross-analysis: the answer, the theme (or {@link Populations#AUTHORITIES}), how many, how many engaged. */
    public record CrossRow(String answer, String theme, long respondents, long engaged) {
    }

    /**
     * The populations of a cross-analysis for the confidentiality rule, as {@link #populations} but
     * with each profile carrying the authority's answer to the question
     * ({@link Confidentiality#UNANSWERED} when none).
     */
    public Populations crossPopulations(Source source, String campaign, String question) {
        String profile = "f.stratum, f.kind, f.region, f.networks, coalesce(a.answer, '" + Confidentiality.UNANSWERED + "')";
        String where = " where f.source = ? and f.campaign_code = ?";
        String sql = "select " + profile + ", '" + Populations.AUTHORITIES + "', count(*)" + ANSWER_OF_EACH_FACT + where + " group by " + profile
                + " union all select " + profile + ", t.theme, count(*)" + ANSWER_OF_EACH_FACT
                + " join fact_theme t on t.source = f.source and t.campaign_code = f.campaign_code and t.siren = f.siren"
                + where + " and t.score is not null group by " + profile + ", t.theme";
        Map<String, List<Confidentiality.Cell>> cells = new HashMap<>();
        query(sql, List.of(question, source.name(), campaign, question, source.name(), campaign), rs -> {
            Confidentiality.Cell plain = cell(rs, 7);
            Confidentiality.Profile p = plain.profile();
            return cells.computeIfAbsent(rs.getString(6), k -> new ArrayList<>()).add(new Confidentiality.Cell(
                    new Confidentiality.Profile(p.stratum(), p.kind(), p.region(), p.networks(), rs.getString(5)), plain.authorities()));
        });
        return new Populations(cells);
    }

    /** count, mean, min and max of the numbers answered to a NUMBER question; mean, min and max null when none was. */
    public List<BigDecimal> numberStats(Source source, String campaign, Filters filters, String question) {
        List<Object> params = params(source, campaign, filters);
        params.add(question);
        return query("select count(a.number), avg(a.number), min(a.number), max(a.number)"
                + " from fact f join fact_answer a on a.source = f.source and a.campaign_code = f.campaign_code and a.siren = f.siren"
                + " where f.source = ? and f.campaign_code = ?" + filters.sql() + " and a.question = ? and a.number is not null",
                params, rs -> java.util.Arrays.asList(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4))).get(0);
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
                select f.stratum, f.networks, f.index, f.model, f.assessment_version, f.kind
                from fact f where f.source = ? and f.campaign_code = ? and f.siren = ?""",
                List.of(source.name(), campaign, siren), rs -> {
                    Array networks = rs.getArray(2);
                    return new AuthorityRow(siren, rs.getString(1), List.of((String[]) networks.getArray()), rs.getBigDecimal(3),
                            rs.getString(4), rs.getInt(5), rs.getString(6), new LinkedHashMap<>());
                });
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        AuthorityRow row = rows.get(0);
        query("select theme, score, level, engaged from fact_theme where source = ? and campaign_code = ? and siren = ?",
                List.of(source.name(), campaign, siren), rs -> row.themes().put(rs.getString(1),
                        new AuthorityRow.ThemeResult(rs.getBigDecimal(2), (Integer) rs.getObject(3), rs.getBoolean(4))));
        return Optional.of(row);
    }

    /** percent_rank of the authority's score per theme among the authorities of its stratum with a score, and their count. */
    public Map<String, Percentile> themePercentiles(Source source, String campaign, String stratum, String siren) {
        Map<String, Percentile> result = new HashMap<>();
        query("""
                select theme, pr, n from (
                  select t.siren, t.theme, percent_rank() over (partition by t.theme order by t.score) pr,
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
            select p.campaign_code, v.version from publication p join campaign_version v on v.campaign_code = p.campaign_code
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
                       (select published_at from publication where campaign_code = ?),
                       exists (select 1 from fact where source = 'LIVE' and campaign_code = ?),
                       pl.campaign_code, pl.version, pp.campaign_code, pp.version
                from (select 1) one
                left join lateral (""" + PREVIOUS_LIVE + ") pl on true left join lateral (" + PREVIOUS_PUBLISHED + ") pp on true",
                List.of(campaign, campaign, campaign, campaign, campaign), rs -> {
                    Timestamp published = rs.getTimestamp(2);
                    return new CampaignState(campaign, rs.getLong(1), published == null ? null : published.toInstant(), rs.getBoolean(3),
                            rs.getString(4) == null ? null : new Edition(rs.getString(4), rs.getLong(5)),
                            rs.getString(6) == null ? null : new Edition(rs.getString(6), rs.getLong(7)));
                }).get(0);
    }

    /** A campaign code and its version row. */
    public record Edition(String campaign, long version) {
    }

    public record ThemeRow(String theme, String stratum, long respondents, long engaged, BigDecimal mean, long[] levels) {
        public static ThemeRow empty(String theme, String stratum) {
            return new ThemeRow(theme, stratum, 0, 0, null, new long[5]);
        }
    }

    public record Percentile(double percentRank, long peers) {
    }

    public record CampaignState(String campaign, long version, Instant publishedAt, boolean hasLiveFacts,
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

    private static List<Object> params(Source source, String campaign, Filters filters) {
        List<Object> params = new ArrayList<>();
        params.add(source.name());
        params.add(campaign);
        params.addAll(filters.parameters());
        return params;
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
