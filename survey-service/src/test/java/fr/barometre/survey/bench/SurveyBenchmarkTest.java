package fr.barometre.survey.bench;

import fr.barometre.survey.testing.Answers;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import fr.barometre.testing.LongRun;
import io.quarkus.logging.Log;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The intake's speed beside two floors measured on the same embedded PostgreSQL with the same rows
 * (a response with its answers, a submission row, an outbox message per response) and as many client
 * threads: complete responses through {@code POST /campaigns/{code}/responses/batch} (1,000 per call)
 * against the batched floor (one transaction per 1,000 responses, JDBC batches), and single
 * submissions ({@code PUT} then {@code POST .../submission}, a token each) against the per-response
 * floor (one transaction per response). {@code ./mvnw verify} runs it small (200, a smoke run), the long run
 * ({@code -Plong}) at 2,000; larger on
 * demand: {@code ./mvnw -pl test-support,survey-service verify -Dtest=SurveyBenchmarkTest -Dbench.size=10000}
 * ({@code -Dbench.single-size} bounds the single submissions, {@code -Dbench.threads} the client threads).
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class SurveyBenchmarkTest {

    private static final int CHUNK = 1000;

    @Test
    void intakeBesideItsFloors() throws Exception {
        int size = LongRun.size("bench.size", 200, 2000);
        int threads = Integer.getInteger("bench.threads", 2);
        int singleSize = Math.min(size, Integer.getInteger("bench.single-size", size));
        List<String> sirens = sirens(size);
        Campaigns.createOpen("bench-batch", "{}");
        Campaigns.createOpen("bench-single", "{}");
        List<Map<String, Object>> complete = Answers.complete(Campaigns.questionnaire("bench-batch"));

        // Batch intake: 1,000 responses per call, the calls shared among the threads.
        String admin = Tokens.admin();
        List<Callable<Void>> batches = new ArrayList<>();
        for (int from = 0; from < size; from += CHUNK) {
            List<String> chunk = sirens.subList(from, Math.min(size, from + CHUNK));
            String body = Answers.batch(chunk.stream().map(s -> Answers.item(s, complete)).toList());
            batches.add(() -> {
                given().auth().oauth2(admin).contentType("application/json").body(body)
                        .post("/campaigns/bench-batch/responses/batch")
                        .then().statusCode(200).body("submitted", equalTo(chunk.size()));
                return null;
            });
        }
        double batchRate = size / seconds(run(batches, threads));

        // Single submissions: PUT then POST .../submission, each authority's agent with a token of its own.
        String answers = Answers.body(complete);
        List<Callable<Void>> singles = new ArrayList<>();
        for (String siren : sirens.subList(0, singleSize)) {
            String token = Tokens.agent("bench-agent-" + siren, siren);
            singles.add(() -> {
                given().auth().oauth2(token).contentType("application/json").body(answers)
                        .put("/campaigns/bench-single/responses/" + siren).then().statusCode(201);
                given().auth().oauth2(token).post("/campaigns/bench-single/responses/" + siren + "/submission")
                        .then().statusCode(200);
                return null;
            });
        }
        double singleRate = singleSize / seconds(run(singles, threads));
        assertEquals(singleSize, count("select count(*) from submission where campaign_code = 'bench-single'"));
        assertEquals(size, count("select count(*) from submission where campaign_code = 'bench-batch'"));

        // The floors: the same rows, written by plain JDBC into tables of the same shape.
        String[] rows = sample();
        scratchTables();
        AtomicInteger next = new AtomicInteger();
        List<Callable<Void>> perResponse = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            perResponse.add(() -> {
                try (Connection c = db()) {
                    c.setAutoCommit(false);
                    for (int i = next.getAndIncrement(); i < size; i = next.getAndIncrement()) {
                        writeFloor(c, "floor-one", sirens.subList(i, i + 1), rows);
                        c.commit();
                    }
                }
                return null;
            });
        }
        double perResponseFloor = size / seconds(run(perResponse, threads));
        List<Callable<Void>> batched = new ArrayList<>();
        for (int from = 0; from < size; from += CHUNK) {
            List<String> chunk = sirens.subList(from, Math.min(size, from + CHUNK));
            batched.add(() -> {
                try (Connection c = db()) {
                    c.setAutoCommit(false);
                    writeFloor(c, "floor-batch", chunk, rows);
                    c.commit();
                }
                return null;
            });
        }
        double batchedFloor = size / seconds(run(batched, threads));

        Log.infof("""
                        Survey intake benchmark: %d responses (%d single), %d client threads, %d cores
                          batch intake       %8.1f responses/s   batched floor       %8.1f/s   ratio %5.1f %%
                          single PUT+submit  %8.1f responses/s   per-response floor  %8.1f/s   ratio %5.1f %%""",
                size, singleSize, threads, Runtime.getRuntime().availableProcessors(),
                batchRate, batchedFloor, 100 * batchRate / batchedFloor,
                singleRate, perResponseFloor, 100 * singleRate / perResponseFloor);
    }

    /** The first authorities of the registry, as many as asked. */
    private static List<String> sirens(int size) throws SQLException {
        List<String> sirens = new ArrayList<>();
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("select siren from collectivity order by siren limit ?")) {
            ps.setInt(1, size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sirens.add(rs.getString(1));
                }
            }
        }
        assertEquals(size, sirens.size(), "the registry has that many authorities");
        return sirens;
    }

    /** A response's answers, its feed row's payload and its outbox message's, as the intake stored them. */
    private static String[] sample() throws SQLException {
        try (Connection c = db(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                select r.answers::text, s.payload::text, o.payload::text
                from response r join submission s on s.campaign_code = r.campaign_code and s.siren = r.siren
                join outbox_message o on o.message_key = r.campaign_code || ':' || r.siren || ':1'
                where r.campaign_code = 'bench-batch' limit 1""")) {
            rs.next();
            return new String[]{rs.getString(1), rs.getString(2), rs.getString(3)};
        }
    }

    private static void scratchTables() throws SQLException {
        try (Connection c = db(); Statement st = c.createStatement()) {
            st.execute("drop schema if exists bench_floor cascade");
            st.execute("create schema bench_floor");
            for (String table : List.of("response", "submission", "outbox_message")) {
                st.execute("create table bench_floor." + table + " (like public." + table + " including all)");
            }
        }
    }

    /** The rows of these responses: a response, a submission, an outbox message each, by JDBC batches. */
    private static void writeFloor(Connection c, String campaign, List<String> sirens, String[] rows) throws SQLException {
        try (PreparedStatement response = c.prepareStatement("""
                insert into bench_floor.response (campaign_code, siren, status, revision, answers, version, submitted_at)
                values (?, ?, 'SUBMITTED', 1, cast(? as jsonb), 1, now())""");
             PreparedStatement submission = c.prepareStatement("""
                insert into bench_floor.submission (campaign_code, siren, revision, payload, submitted_at)
                values (?, ?, 1, cast(? as jsonb), now())""");
             PreparedStatement outbox = c.prepareStatement("""
                insert into bench_floor.outbox_message (message_key, destination, payload)
                values (?, 'scoring', cast(? as jsonb))""")) {
            for (String siren : sirens) {
                response.setString(1, campaign);
                response.setString(2, siren);
                response.setString(3, rows[0]);
                response.addBatch();
                submission.setString(1, campaign);
                submission.setString(2, siren);
                submission.setString(3, rows[1]);
                submission.addBatch();
                outbox.setString(1, campaign + ":" + siren + ":1");
                outbox.setString(2, rows[2]);
                outbox.addBatch();
            }
            response.executeBatch();
            submission.executeBatch();
            outbox.executeBatch();
        }
    }

    private static long run(List<Callable<Void>> work, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long started = System.nanoTime();
            List<Future<Void>> done = pool.invokeAll(work);
            for (Future<Void> f : done) {
                f.get();
            }
            return System.nanoTime() - started;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /**
     * The benchmark's thousands of submissions and messages leave the database as the other classes
     * expect it: the feed's and the relay's tests read those tables from their start.
     */
    @AfterAll
    static void removeTheBenchmarksRows() throws SQLException {
        try (Connection c = db(); Statement st = c.createStatement()) {
            st.executeUpdate("delete from outbox_message where message_key like 'bench-%'");
            st.executeUpdate("delete from submission where campaign_code in ('bench-batch', 'bench-single')");
            st.executeUpdate("delete from idempotency_key where campaign_code in ('bench-batch', 'bench-single')");
            st.executeUpdate("delete from response where campaign_code in ('bench-batch', 'bench-single')");
            st.executeUpdate("drop schema if exists bench_floor cascade");
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = db(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection db() throws SQLException {
        return EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
    }
}
