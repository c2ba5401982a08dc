package fr.barometre.reporting.bench;

import fr.barometre.reporting.fact.Themes;
import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
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
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads a registry's worth of facts (direct SQL batch insert of facts and their theme rows) and
 * measures, in the same run on the same service, the throughput of GET /barometers/{code} computed
 * afresh (the version row bumped before each call), served from the cache, and of GET /q/health/live.
 * {@code ./mvnw verify} runs it small (a smoke run); the full size on demand:
 * {@code ./mvnw -pl reporting-service test -Dtest=ReportingBenchmarkTest -Dbench.size=36130}.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class ReportingBenchmarkTest {

    private static final String CAMPAIGN = "zz-bench";
    private static final int THREADS = 2;

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/barometers/" + CAMPAIGN)
    URI barometer;

    @TestHTTPResource("/q/health/live")
    URI live;

    @Test
    void barometerAndLivenessThroughput() throws Exception {
        int size = Integer.getInteger("bench.size", 300);
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", size > 1000 ? "5" : "1"));
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

        System.out.printf("""
                ==== reporting benchmark: %,d facts (7 themes each) in campaign %s ====
                  load (SQL batch insert)                   : %8.2f s
                  GET /barometers/{code}, first call        : %8.1f ms
                  GET /barometers/{code}, computed afresh   : %,10.1f req/s  (1 thread, version row bumped before each call, %d calls)
                  GET /barometers/{code}, from the cache    : %,10.1f req/s  (%d threads, %.0f s)
                  GET /q/health/live                        : %,10.1f req/s  (%d threads, %.0f s)
                %n""", size, CAMPAIGN, loading, firstCall * 1000, uncachedRate, uncached, cachedRate, THREADS, seconds,
                healthRate, THREADS, seconds);
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

    private void load(int size) throws Exception {
        Random random = new Random(36130);
        String[] kinds = {"COMMUNE", "COMMUNE", "COMMUNE", "EPCI_CC", "EPCI_CA"};
        String[][] networks = {{}, {"INTERCONNECTES"}, {"FRANCE_URBAINE"}, {"INTERCOMMUNALITES_DE_FRANCE", "INTERCONNECTES"}};
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement clear = c.prepareStatement("delete from fact where campaign_code = ?")) {
                clear.setString(1, CAMPAIGN);
                clear.executeUpdate();
            }
            try (PreparedStatement facts = c.prepareStatement("""
                    insert into fact (source, campaign_code, siren, assessment_version, revision, model, questionnaire_version,
                                      kind, population, stratum, departement, region, networks, index, payload)
                    values ('LIVE', ?, ?, 1, 1, 'barometre-v1', 'T.1', ?, ?, ?, '69', ?, ?, ?, '{}'::jsonb)""");
                 PreparedStatement themes = c.prepareStatement("""
                    insert into fact_theme (source, campaign_code, siren, theme, score, level, engaged)
                    values ('LIVE', ?, ?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < size; i++) {
                    String siren = String.format("9%08d", i);
                    int population = random.nextInt(10) < 8 ? 200 + random.nextInt(3300) : 3500 + random.nextInt(400_000);
                    int sum = 0;
                    int scored = 0;
                    for (String theme : Themes.CODES) {
                        if (random.nextInt(20) == 0) {
                            themes.setString(1, CAMPAIGN);
                            themes.setString(2, siren);
                            themes.setString(3, theme);
                            themes.setNull(4, java.sql.Types.NUMERIC);
                            themes.setNull(5, java.sql.Types.SMALLINT);
                            themes.setBoolean(6, false);
                        } else {
                            int score = random.nextInt(101);
                            int level = score < 12.5 ? 0 : score < 37.5 ? 1 : score < 62.5 ? 2 : score < 87.5 ? 3 : 4;
                            sum += score;
                            scored++;
                            themes.setString(1, CAMPAIGN);
                            themes.setString(2, siren);
                            themes.setString(3, theme);
                            themes.setBigDecimal(4, java.math.BigDecimal.valueOf(score));
                            themes.setShort(5, (short) level);
                            themes.setBoolean(6, level >= 3);
                        }
                        themes.addBatch();
                    }
                    facts.setString(1, CAMPAIGN);
                    facts.setString(2, siren);
                    facts.setString(3, kinds[random.nextInt(kinds.length)]);
                    facts.setInt(4, population);
                    facts.setString(5, stratum(population));
                    facts.setString(6, String.valueOf(11 + random.nextInt(80)));
                    facts.setArray(7, c.createArrayOf("text", networks[random.nextInt(networks.length)]));
                    facts.setBigDecimal(8, scored == 0 ? null : java.math.BigDecimal.valueOf(sum).divide(java.math.BigDecimal.valueOf(scored), 2, java.math.RoundingMode.HALF_UP));
                    facts.addBatch();
                    if (i % 1000 == 999) {
                        facts.executeBatch();
                        themes.executeBatch();
                    }
                }
                facts.executeBatch();
                themes.executeBatch();
            }
            bumpVersion(c);
            c.commit();
            try (PreparedStatement analyze = c.prepareStatement("analyze fact; analyze fact_theme")) {
                c.setAutoCommit(true);
                analyze.execute();
            }
        }
    }

    private static String stratum(int population) {
        return population < 3_500 ? "S1" : population < 20_000 ? "S2" : population < 50_000 ? "S3"
                : population < 100_000 ? "S4" : population < 200_000 ? "S5" : "S6";
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
