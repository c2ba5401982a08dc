package fr.barometre.reporting.bench;

import fr.barometre.reporting.fact.Themes;
import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import fr.barometre.testing.LongRun;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads a registry's worth of facts (set-based SQL: the facts, with their themes and answers on their rows) and
 * measures, in the same run on the same service, the throughput of GET /barometers/{code} computed
 * afresh (the version row bumped before each call), served from the cache, and of GET /q/health/live;
 * then of the public reads and of the cross-analysis of GOV-PORTAGE (LIVE and published); then the
 * edition page: its weight (HTML and stylesheet, at most 150 KB) and the pages rendered per second from
 * the cache beside the JSON of its ranking.
 * {@code ./mvnw verify} runs it small, each measurement 0.2 s (a smoke run: {@value #SMOKE_SIZE} facts); the long run
 * ({@code -Plong}) at {@value #LONG_SIZE} facts, 1 s each; the full size on demand:
 * {@code ./mvnw -pl reporting-service test -Dtest=ReportingBenchmarkTest -Dbench.size=36130} (5 s each beyond 1,000 facts,
 * or {@code -Dbench.seconds}).
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class ReportingBenchmarkTest {

    private static final String CAMPAIGN = "zz-bench";
    private static final int SMOKE_SIZE = 300;
    private static final int LONG_SIZE = 3000;
    private static final int THREADS = 2;
    /** An edition page, everything transferred (HTML with its inline SVG, and the stylesheet), whatever the number of respondents. */
    private static final int PAGE_BUDGET = 150 * 1024;

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/barometers/" + CAMPAIGN)
    URI barometer;

    @TestHTTPResource("/q/health/live")
    URI live;

    @Test
    void barometerAndLivenessThroughput() throws Exception {
        int size = size();
        double seconds = seconds(size);
        long start = System.nanoTime();
        load(size);
        double loading = elapsed(start);

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String token = Tokens.analyst();
        HttpRequest figures = HttpRequest.newBuilder(barometer).header("Authorization", "Bearer " + token).GET().build();
        HttpRequest health = HttpRequest.newBuilder(live).GET().build();

        start = System.nanoTime();
        HttpResponse<String> first = http.send(figures, HttpResponse.BodyHandlers.ofString());
        double firstCall = elapsed(start);
        assertEquals(200, first.statusCode(), first.body());
        assertTrue(first.body().contains("\"authorities\":" + size), "every fact counted");

        int uncached = 0;
        start = System.nanoTime();
        while (elapsed(start) < seconds) {
            bumpVersion();
            assertEquals(200, http.send(figures, HttpResponse.BodyHandlers.discarding()).statusCode());
            uncached++;
        }
        double uncachedRate = uncached / elapsed(start);

        double cachedRate = throughput(http, figures, seconds);
        double healthRate = throughput(http, health, seconds);

        // The public side: the published edition read anonymously, where confidentiality applies.
        start = System.nanoTime();
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(barometer.resolve(CAMPAIGN + "/publication"))
                .header("Authorization", "Bearer " + Tokens.admin()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        double publishing = elapsed(start);
        assertEquals(200, published.statusCode(), published.body());
        analyze();   // as autovacuum would soon: the planner must know that the published copy is not empty
        double publicRate = afresh(http, HttpRequest.newBuilder(barometer.resolve(CAMPAIGN + "?stratum=S2&network=INTERCONNECTES")).GET().build(), seconds);
        double strataRate = afresh(http, HttpRequest.newBuilder(barometer.resolve(CAMPAIGN + "/strata?kind=COMMUNE")).GET().build(), seconds);

        // The cross-analysis of GOV-PORTAGE: the analyst's LIVE figures, then the public's, where every cell goes through the rule.
        HttpRequest cross = HttpRequest.newBuilder(barometer.resolve(CAMPAIGN + "/cross?question=GOV-PORTAGE"))
                .header("Authorization", "Bearer " + token).GET().build();
        bumpVersion();
        start = System.nanoTime();
        HttpResponse<String> crossed = http.send(cross, HttpResponse.BodyHandlers.ofString());
        double crossFirst = elapsed(start);
        assertEquals(200, crossed.statusCode(), crossed.body());
        assertTrue(crossed.body().contains("\"authorities\":" + size), "every fact counted in the cross-analysis");
        double crossRate = afresh(http, cross, seconds);
        double crossCachedRate = throughput(http, cross, seconds);
        HttpRequest publicCross = HttpRequest.newBuilder(barometer.resolve(CAMPAIGN + "/cross?question=GOV-PORTAGE&stratum=S2")).GET().build();
        start = System.nanoTime();
        HttpResponse<String> publicCrossed = http.send(publicCross, HttpResponse.BodyHandlers.ofString());
        double publicCrossFirst = elapsed(start);
        assertEquals(200, publicCrossed.statusCode(), publicCrossed.body());
        double publicCrossRate = afresh(http, publicCross, seconds);

        // The edition page for people, as a browser loads it: its HTML (figures, inline SVG charts) and its one stylesheet.
        HttpRequest page = HttpRequest.newBuilder(barometer.resolve("/editions/" + CAMPAIGN)).header("Accept", "text/html").GET().build();
        start = System.nanoTime();
        HttpResponse<byte[]> html = http.send(page, HttpResponse.BodyHandlers.ofByteArray());
        double firstPage = elapsed(start);
        assertEquals(200, html.statusCode(), new String(html.body()));
        HttpResponse<byte[]> css = http.send(HttpRequest.newBuilder(barometer.resolve("/static/barometre.css")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, css.statusCode());
        int pageBytes = html.body().length + css.body().length;
        assertTrue(pageBytes <= PAGE_BUDGET, "an edition page weighs at most 150 KB: " + pageBytes + " bytes");
        double pageRate = throughput(http, page, seconds);
        double publicJsonRate = throughput(http, HttpRequest.newBuilder(barometer).GET().build(), seconds);

        System.out.printf("""
                ==== reporting benchmark: %,d facts (7 themes each) in campaign %s ====
                  load (set-based SQL insert)               : %8.2f s
                  GET /barometers/{code}, first call        : %8.1f ms
                  GET /barometers/{code}, computed afresh   : %,10.1f req/s  (1 thread, version row bumped before each call, %d calls)
                  GET /barometers/{code}, from the cache    : %,10.1f req/s  (%d threads, %.0f s)
                  GET /q/health/live                        : %,10.1f req/s  (%d threads, %.0f s)
                  publication (copy of the facts)           : %8.2f s
                  anonymous GET /barometers/{code}?stratum=S2&network=INTERCONNECTES, computed afresh : %,10.1f req/s  (1 thread)
                  anonymous GET /barometers/{code}/strata?kind=COMMUNE, computed afresh              : %,10.1f req/s  (1 thread)
                  GET /barometers/{code}/cross?question=GOV-PORTAGE, first call                     : %8.1f ms
                  GET /barometers/{code}/cross?question=GOV-PORTAGE, computed afresh                : %,10.1f req/s  (1 thread)
                  GET /barometers/{code}/cross?question=GOV-PORTAGE, from the cache                 : %,10.1f req/s  (%d threads)
                  anonymous GET /barometers/{code}/cross?question=GOV-PORTAGE&stratum=S2, first call  : %8.1f ms
                  anonymous GET /barometers/{code}/cross?question=GOV-PORTAGE&stratum=S2, afresh      : %,10.1f req/s  (1 thread)
                  edition page GET /editions/{code}: HTML %,d bytes + stylesheet %,d bytes = %,d bytes (budget %,d), first call %.1f ms
                  edition page GET /editions/{code}, from the cache     : %,10.1f pages/s  (%d threads, %.0f s)
                  anonymous GET /barometers/{code}, from the cache      : %,10.1f req/s    (%d threads, %.0f s; the ranking's JSON)
                %n""", size, CAMPAIGN, loading, firstCall * 1000, uncachedRate, uncached, cachedRate, THREADS, seconds,
                healthRate, THREADS, seconds, publishing, publicRate, strataRate, crossFirst * 1000, crossRate, crossCachedRate, THREADS,
                publicCrossFirst * 1000, publicCrossRate,
                html.body().length, css.body().length, pageBytes, PAGE_BUDGET, firstPage * 1000, pageRate, THREADS, seconds,
                publicJsonRate, THREADS, seconds);
    }

    /**
     * Each read endpoint computed afresh (the version row bumped before each call: the figures cache
     * misses), as an analyst (LIVE, no confidentiality) and anonymously (the published snapshot, every
     * figure through the confidentiality rule): median and 90th percentile of the latency; the cached
     * reads per second beside {@code /q/health/live} with the same client threads; and the latency of
     * reads polled while facts arrive (a writer changing 50 facts per transaction, bumping the version
     * row each time, as the ingest does).
     */
    @Test
    void everyReadEndpoint() throws Exception {
        int size = size();
        double seconds = seconds(size);
        load(size);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String analyst = "Bearer " + Tokens.analyst();
        List<String> paths = List.of("", "?stratum=S1", "?kind=COMMUNE&network=INTERCONNECTES&region=11", "/strata", "/strata?kind=COMMUNE",
                "/questions/NR-1", "/questions/GOV-BUDGET?stratum=S2", "/cross?question=GOV-PORTAGE", "/cross?question=GOV-PORTAGE&stratum=S2",
                "/export.csv");
        StringBuilder report = new StringBuilder("==== reporting reads: %,d facts, %s ====%n".formatted(size, CAMPAIGN));
        report.append("  uncached (version row bumped before each call), 1 thread: median / p90 in ms%n".formatted());
        for (String path : paths) {
            double[] live = latencies(http, HttpRequest.newBuilder(barometer.resolve(CAMPAIGN + path)).header("Authorization", analyst).GET().build(),
                    seconds);
            report.append("  analyst   GET /barometers/{code}%-50s %8.1f / %8.1f%n".formatted(path, live[0], live[1]));
        }
        HttpResponse<String> published = http.send(HttpRequest.newBuilder(barometer.resolve(CAMPAIGN + "/publication"))
                .header("Authorization", "Bearer " + Tokens.admin()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, published.statusCode(), published.body());
        analyze();
        for (String path : paths) {
            double[] open = latencies(http, HttpRequest.newBuilder(barometer.resolve(CAMPAIGN + path)).GET().build(), seconds);
            report.append("  anonymous GET /barometers/{code}%-50s %8.1f / %8.1f%n".formatted(path, open[0], open[1]));
        }
        HttpRequest health = HttpRequest.newBuilder(live).GET().build();
        HttpRequest liveFigures = HttpRequest.newBuilder(barometer).header("Authorization", analyst).GET().build();
        HttpRequest openFigures = HttpRequest.newBuilder(barometer.resolve(CAMPAIGN + "?stratum=S1")).GET().build();
        http.send(liveFigures, HttpResponse.BodyHandlers.discarding());
        http.send(openFigures, HttpResponse.BodyHandlers.discarding());
        double liveCached = throughput(http, liveFigures, seconds);
        double openCached = throughput(http, openFigures, seconds);
        double healthRate = throughput(http, health, seconds);
        report.append("  cached, %d threads: analyst GET /barometers/{code} %,.0f req/s (%.0f %%), anonymous ?stratum=S1 %,.0f req/s (%.0f %%),"
                .formatted(THREADS, liveCached, 100 * liveCached / healthRate, openCached, 100 * openCached / healthRate))
                .append(" GET /q/health/live %,.0f req/s%n".formatted(healthRate));

        // Reads while facts arrive: every read finds a new version row.
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        AtomicLong transactions = new AtomicLong();
        Thread writer = new Thread(() -> {
            java.util.Random random = new java.util.Random(7);
            while (writing.get()) {
                try {
                    changeFacts(random, size, 50);
                    transactions.incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        });
        writer.start();
        List<Double> during = new ArrayList<>();
        long start = System.nanoTime();
        while (elapsed(start) < 3 * seconds) {
            for (HttpRequest request : List.of(liveFigures, openFigures)) {
                long t = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                during.add(elapsed(t) * 1000);
                assertEquals(200, response.statusCode(), response.body());
            }
        }
        writing.set(false);
        writer.join();
        during.sort(null);
        report.append("  while facts arrive (%d transactions of 50 facts in %.0f s): %d reads, p50 %.1f ms, p99 %.1f ms, max %.1f ms%n".formatted(
                transactions.get(), elapsed(start), during.size(), percentile(during, 0.5), percentile(during, 0.99), during.get(during.size() - 1)));
        System.out.print(report);
    }

    /**
     * What a refresh of the edition in memory costs after a few changes: the edition read once, then
     * rounds of one transaction changing 50 facts (as the ingest writes them) followed by one analyst
     * read, which refreshes the snapshot with the changed facts; median and maximum of those reads.
     */
    @Test
    void refreshAfterAFewChanges() throws Exception {
        int size = size();
        int rounds = Integer.getInteger("bench.rounds", 20);
        load(size);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest figures = HttpRequest.newBuilder(barometer).header("Authorization", "Bearer " + Tokens.analyst()).GET().build();
        assertEquals(200, http.send(figures, HttpResponse.BodyHandlers.discarding()).statusCode());
        java.util.Random random = new java.util.Random(11);
        List<Double> times = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            changeFacts(random, size, 50);
            long t = System.nanoTime();
            HttpResponse<String> response = http.send(figures, HttpResponse.BodyHandlers.ofString());
            times.add(elapsed(t) * 1000);
            assertEquals(200, response.statusCode(), response.body());
        }
        times.sort(null);
        System.out.printf("==== reporting refresh: %,d facts, %d rounds of 50 changed facts: read after each, median %.1f ms, max %.1f ms%n",
                size, rounds, percentile(times, 0.5), times.get(times.size() - 1));
    }

    /** Median and 90th percentile, in ms, of one thread's calls, the version row bumped before each. */
    private static int size() {
        return LongRun.size("bench.size", SMOKE_SIZE, LONG_SIZE);
    }

    /** How long each measurement lasts: 5 s at a large size, else 0.2 s in the default run (a smoke run), 1 s in the long one. */
    private static double seconds(int size) {
        return LongRun.seconds("bench.seconds", size > 1000 ? 5 : 0.2, size > 1000 ? 5 : 1);
    }

    private double[] latencies(HttpClient http, HttpRequest request, double seconds) throws Exception {
        List<Double> times = new ArrayList<>();
        long start = System.nanoTime();
        while (elapsed(start) < seconds || times.size() < 3) {
            bumpVersion();
            long t = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            times.add(elapsed(t) * 1000);
            assertEquals(200, response.statusCode(), response.body());
        }
        times.sort(null);
        return new double[] {percentile(times, 0.5), percentile(times, 0.9)};
    }

    private static double percentile(List<Double> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /** One transaction as the ingest writes it: the version row locked, some facts replaced (a newer version, new scores), the version bumped. */
    private void changeFacts(java.util.Random random, int size, int facts) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            bumpVersion(c);
            List<String> sirens = new ArrayList<>();
            for (int i = 0; i < facts; i++) {
                sirens.add("9" + String.format("%08d", 1 + random.nextInt(size)));
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    update fact set assessment_version = assessment_version + 1, received_at = now(),
                                    theme_scores = array(select case when s is null then null else round((random() * 100)::numeric, 2) end
                                                         from unnest(theme_scores) with ordinality u(s, o) order by o)
                    where source = 'LIVE' and campaign_code = ? and siren = any(?)""")) {
                ps.setString(1, CAMPAIGN);
                ps.setArray(2, c.createArrayOf("text", sirens.toArray()));
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    /** Calls per second of one thread, the version row bumped before each call so that every one is computed afresh. */
    private double afresh(HttpClient http, HttpRequest request, double seconds) throws Exception {
        int calls = 0;
        long start = System.nanoTime();
        while (elapsed(start) < seconds) {
            bumpVersion();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            calls++;
        }
        return calls / elapsed(start);
    }

    private static double throughput(HttpClient http, HttpRequest request, double seconds) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        (status == 200 ? done : failed).incrementAndGet();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(0, failed.get(), "every request answered 200");
        return done.get() / elapsed(start);
    }

    /**
     * Set-based load in four statements (deterministic: setseed): the facts with a profile drawn
     * like the registry (80 % of small communes), their seven themes (5 % with nothing scored), and
     * each fact's index as the mean of its theme scores.
     */
    private void load(int size) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            execute(c, "select setseed(0.3613)");
            execute(c, "delete from fact where campaign_code = '" + CAMPAIGN + "'");
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into fact (source, campaign_code, siren, assessment_version, revision, model, questionnaire_version,
                                      kind, population, stratum, departement, region, networks, index, payload)
                    select 'LIVE', ?, '9' || lpad(g::text, 8, '0'), 1, 1, 'barometre-v1', 'T.1',
                           (array['COMMUNE', 'COMMUNE', 'COMMUNE', 'EPCI_CC', 'EPCI_CA'])[1 + g % 5], p.population,
                           case when p.population < 3500 then 'S1' when p.population < 20000 then 'S2'
                                when p.population < 50000 then 'S3' when p.population < 100000 then 'S4'
                                when p.population < 200000 then 'S5' else 'S6' end,
                           '69', (11 + g % 80)::text,
                           case g % 4 when 0 then '{}'::text[] when 1 then '{INTERCONNECTES}'::text[]
                                      when 2 then '{FRANCE_URBAINE}'::text[] else '{INTERCOMMUNALITES_DE_FRANCE,INTERCONNECTES}'::text[] end,
                           null, '{}'::jsonb
                    from generate_series(1, ?) g,
                         lateral (select case when random() < 0.8 then 200 + (random() * 3300)::int
                                              else 3500 + (random() * 400000)::int end + g * 0 as population) p""")) {
                ps.setString(1, CAMPAIGN);
                ps.setInt(2, size);
                ps.executeUpdate();
            }
            // Statistics before the themes and answers: their updates join the facts, which the planner must not believe few.
            c.commit();
            execute(c, "analyze fact");
            // Each fact's seven themes (5 % with nothing scored), on its row.
            execute(c, """
                    update fact f set theme_codes = t.codes, theme_scores = t.scores, theme_levels = t.levels, theme_engaged = t.engaged
                    from (select f2.siren, array_agg(x.theme order by x.ord) codes, array_agg(x.score order by x.ord) scores,
                                 array_agg(case when x.score is null then null when x.score < 12.5 then 0 when x.score < 37.5 then 1
                                                when x.score < 62.5 then 2 when x.score < 87.5 then 3 else 4 end::int2 order by x.ord) levels,
                                 array_agg(coalesce(x.score >= 62.5, false) order by x.ord) engaged
                          from fact f2 cross join lateral (
                              select t.theme, t.ord, case when random() < 0.05 then null
                                                          else round((random() * 100 + length(f2.siren) * 0)::numeric, 2) end as score
                              from unnest(array['%s']) with ordinality t(theme, ord)) x
                          where f2.source = 'LIVE' and f2.campaign_code = '%s' group by f2.siren) t
                    where f.source = 'LIVE' and f.campaign_code = '%s' and f.siren = t.siren"""
                    .formatted(String.join("', '", Themes.CODES), CAMPAIGN, CAMPAIGN));
            // Answers as a national edition holds them (about 40 per fact): each authority's answer to GOV-PORTAGE (for the
            // cross-analysis), the maturity items of the questionnaire, thirty more questions, and the budget (a number).
            execute(c, """
                    update fact f set answer_questions = a.questions, answer_values = a.answers, answer_numbers = a.numbers
                    from (select f2.siren, array_agg(x.question order by x.ord) questions, array_agg(x.answer order by x.ord) answers,
                                 array_agg(x.number order by x.ord) numbers
                          from fact f2 cross join lateral (
                              select 0::bigint ord, 'GOV-PORTAGE' question,
                                     (array['ELUS_ET_DIRECTION_GENERALE', 'ELUS_ET_DIRECTION_GENERALE', 'ELUS_SEULS', 'DIRECTION_GENERALE_SEULE',
                                            'AUCUN'])[1 + floor(random() * 5 + length(f2.siren) * 0)::int] answer, null::numeric number
                              union all
                              select q.ord, q.code, (array['0', '1', '2', '3', '4', 'NSP'])[1 + floor(random() * 6 + length(f2.siren) * 0)::int], null
                              from unnest(array['NR-1', 'SU-1', 'CO-1', 'IN-1', 'CYB-PLAN-CRISE', 'SA-1', 'DIA-PLAN-FORMATION',
                                  'X-01', 'X-02', 'X-03', 'X-04', 'X-05', 'X-06', 'X-07', 'X-08', 'X-09', 'X-10', 'X-11', 'X-12', 'X-13', 'X-14',
                                  'X-15', 'X-16', 'X-17', 'X-18', 'X-19', 'X-20', 'X-21', 'X-22', 'X-23', 'X-24', 'X-25', 'X-26', 'X-27', 'X-28',
                                  'X-29', 'X-30']) with ordinality q(code, ord)
                              union all
                              select 100, 'GOV-BUDGET', b.n::text, b.n
                              from (select ((random() * 100000)::int + length(f2.siren) * 0)::numeric as n) b) x
                          where f2.source = 'LIVE' and f2.campaign_code = '%s' group by f2.siren) a
                    where f.source = 'LIVE' and f.campaign_code = '%s' and f.siren = a.siren""".formatted(CAMPAIGN, CAMPAIGN));
            execute(c, """
                    update fact set index = (select round(avg(s), 2) from unnest(theme_scores) s)
                    where source = 'LIVE' and campaign_code = '%s'""".formatted(CAMPAIGN));
            bumpVersion(c);
            c.commit();
            c.setAutoCommit(true);
            execute(c, "analyze fact");
        }
    }

    private void analyze() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            execute(c, "analyze fact");
        }
    }

    private static void execute(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    private void bumpVersion() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            bumpVersion(c);
        }
    }

    private static void bumpVersion(Connection c) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into campaign_version (campaign_code, version) values (?, 1)
                on conflict (campaign_code) do update set version = campaign_version.version + 1""")) {
            ps.setString(1, CAMPAIGN);
            ps.executeUpdate();
        }
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
