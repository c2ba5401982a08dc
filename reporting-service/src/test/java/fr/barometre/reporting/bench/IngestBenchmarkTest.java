package fr.barometre.reporting.bench;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.Facts;
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

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ingest's cost: the same number of facts (seven themes and 40 answers each, as the default
 * questionnaire gives) delivered one by one ({@code POST /internal/facts}, one transaction each) and in
 * batches of 500 ({@code POST /internal/facts/batch}, one transaction each), each to a campaign of its
 * own, from one client thread. For each: facts per second, and CPU-seconds per 1,000 facts of the
 * service (this JVM's CPU less the benchmark's own client threads) and of PostgreSQL (its postmaster
 * and every backend, from {@code /proc}). Every request body is built before the clock starts.
 * {@code ./mvnw verify} runs it small (500 facts each way, a smoke run), the long run ({@code -Plong}) at 2,000; on demand:
 * {@code ./mvnw -pl test-support,reporting-service verify -Dtest=IngestBenchmarkTest -Dbench.facts=2000}.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class IngestBenchmarkTest {

    private static final int BATCH = 500;
    private static final int ANSWERS = 40;

    @Inject
    AgroalDataSource dataSource;

    @TestHTTPResource("/internal/facts")
    URI single;

    @TestHTTPResource("/internal/facts/batch")
    URI batch;

    /** What one way of delivering cost. */
    record Run(String way, int facts, double seconds, double serviceCpu, double postgresCpu) {
        String line() {
            return String.format("%-34s %,7d facts  %6.1f s  %8.1f facts/s  service %6.2f CPU-s/1000  PostgreSQL %6.2f CPU-s/1000  total %6.2f",
                    way, facts, seconds, facts / seconds, serviceCpu * 1000 / facts, postgresCpu * 1000 / facts,
                    (serviceCpu + postgresCpu) * 1000 / facts);
        }
    }

    @Test
    void factsOneByOneAgainstFactsInBatches() throws Exception {
        int size = Math.max(BATCH, LongRun.size("bench.facts", BATCH, 4 * BATCH) / BATCH * BATCH);
        String token = Tokens.sign(Tokens.claims("service-account-scoring-service", "reporting-ingest").expiresIn(Duration.ofHours(2)));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long postmaster = postmaster();

        boolean oneByOneToo = Boolean.parseBoolean(System.getProperty("bench.single", "true"));
        List<String> ones = oneByOneToo ? facts("zz-ingest-one", size) : List.of();
        warmUp(http, token, "zz-ingest-warm");
        Run oneByOne = !oneByOneToo ? null : measure("one by one (POST /internal/facts)", size, postmaster, () -> {
            for (String fact : ones) {
                send(http, request(single, token, fact), 200);
            }
        });
        if (!Boolean.parseBoolean(System.getProperty("bench.batches", "true"))) {
            System.out.println("IngestBenchmarkTest: " + oneByOne.line());   // a service without the batch endpoint (a before figure)
            return;
        }
        List<String> many = facts("zz-ingest-batch", size);
        List<String> batches = new ArrayList<>();
        for (int from = 0; from < size; from += BATCH) {
            batches.add("{\"messages\": [" + String.join(",", many.subList(from, from + BATCH)) + "]}");
        }
        Work deliverAll = () -> {
            for (String body : batches) {
                String answer = send(http, request(batch, token, body), 200);
                if (answer.contains("\"status\":503") || answer.contains("\"status\":422")) {
                    throw new IllegalStateException("a fact was not taken: " + answer.substring(0, Math.min(300, answer.length())));
                }
            }
        };
        Run batched = measure("batches of " + BATCH + " (POST /internal/facts/batch)", size, postmaster, deliverAll);
        // The same batches again, as a relay redelivering or a catch-up re-reading them: nothing is newer.
        Run again = measure("the same batches again (redelivered)", size, postmaster, deliverAll);
        for (String campaign : oneByOneToo ? List.of("zz-ingest-one", "zz-ingest-batch") : List.of("zz-ingest-batch")) {
            assertEquals(size, count("select count(*) from fact where campaign_code = ?", campaign));
            assertEquals(size * 7L, count("select sum(cardinality(theme_codes)) from fact where campaign_code = ?", campaign));
            assertEquals(size * (long) ANSWERS, count("select sum(cardinality(answer_questions)) from fact where campaign_code = ?", campaign));
        }
        System.out.println("IngestBenchmarkTest (" + Runtime.getRuntime().availableProcessors() + " CPUs, load average "
                + Files.readString(Path.of("/proc/loadavg")).trim() + "):");
        if (oneByOne != null) {
            System.out.println("  " + oneByOne.line());
        }
        System.out.println("  " + batched.line());
        System.out.println("  " + again.line());
        if (oneByOne != null) {
            System.out.printf("  batches / one by one: %.1f x the facts per second, %.2f x the CPU per fact%n",
                    oneByOne.seconds() / batched.seconds(),
                    (batched.serviceCpu() + batched.postgresCpu()) / (oneByOne.serviceCpu() + oneByOne.postgresCpu()));
        }
    }

    /** A few facts and a batch first, so that neither way pays for the first questionnaire read, class loading or JIT alone. */
    private void warmUp(HttpClient http, String token, String campaign) throws Exception {
        List<String> facts = facts(campaign, 2 * BATCH);
        for (String fact : facts.subList(0, 100)) {
            send(http, request(single, token, fact), 200);
        }
        if (Boolean.parseBoolean(System.getProperty("bench.batches", "true"))) {
            send(http, request(batch, token, "{\"messages\": [" + String.join(",", facts.subList(BATCH, 2 * BATCH)) + "]}"), 200);
        }
    }

    interface Work {
        void run() throws Exception;
    }

    private Run measure(String way, int facts, long postmaster, Work work) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long jvm = os.getProcessCpuTime();
        long client = clientCpu(threads);
        double postgres = postgresCpu(postmaster);
        long start = System.nanoTime();
        work.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        double service = ((os.getProcessCpuTime() - jvm) - (clientCpu(threads) - client)) / 1e9;
        return new Run(way, facts, seconds, service, postgresCpu(postmaster) - postgres);
    }

    /** CPU of the benchmark's own side: this thread and the HTTP client's threads. */
    private static long clientCpu(ThreadMXBean threads) {
        long cpu = threads.getCurrentThreadCpuTime();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("HttpClient")) {
                cpu += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return cpu;
    }

    /** The PostgreSQL postmaster of this service's database (the parent of a backend). */
    private long postmaster() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("select pg_backend_pid()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Long.parseLong(stat(rs.getLong(1))[3]);
        }
    }

    /** CPU-seconds of the postmaster, of the backends it waited for, and of its living children. */
    private static double postgresCpu(long postmaster) throws IOException {
        double ticks = 100.0;   // USER_HZ
        String[] main = stat(postmaster);
        long total = Long.parseLong(main[13]) + Long.parseLong(main[14]) + Long.parseLong(main[15]) + Long.parseLong(main[16]);
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String[] s = stat(Long.parseLong(p.getFileName().toString()));
                    if (Long.parseLong(s[3]) == postmaster) {
                        total += Long.parseLong(s[13]) + Long.parseLong(s[14]);
                    }
                } catch (IOException | RuntimeException gone) {
                    // a process that ended meanwhile: its time is in the postmaster's children's time
                }
            }
        }
        return total / ticks;
    }

    /** The fields of /proc/{pid}/stat, the command's name taken out (it may hold spaces): [2] is the state, [3] the parent. */
    private static String[] stat(long pid) throws IOException {
        String line = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String rest = line.substring(line.lastIndexOf(')') + 2);
        String[] fields = rest.split(" ");
        String[] all = new String[fields.length + 2];
        all[0] = String.valueOf(pid);
        all[1] = "";
        System.arraycopy(fields, 0, all, 2, fields.length);
        return all;
    }

    /** Facts of a campaign as scoring-service sends them: seven themes, 40 maturity answers, a traceparent. */
    private static List<String> facts(String campaign, int size) {
        List<String> facts = new ArrayList<>(size);
        for (int n = 0; n < size; n++) {
            Facts fact = Facts.fact(campaign, Facts.siren(600 + n / 1_000_000, n % 1_000_000))
                    .stratum("S" + (1 + n % 6)).levels(n % 5, (n + 1) % 5, (n + 2) % 5, (n + 3) % 5, (n + 4) % 5, n % 4, n % 3)
                    .traceparent(String.format("00-%032x-%016x-01", n + 1L, n + 1L));
            for (int q = 0; q < ANSWERS; q++) {
                fact.level(String.format("BENCH-%02d", q), (n + q) % 5);
            }
            facts.add(fact.json());
        }
        return facts;
    }

    private static HttpRequest request(URI uri, String token, String body) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String send(HttpClient http, HttpRequest request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), response.body());
        return response.body();
    }

    private long count(String sql, String campaign) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
