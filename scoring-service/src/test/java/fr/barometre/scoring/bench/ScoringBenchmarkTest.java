package fr.barometre.scoring.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.scoring.feed.Profile;
import fr.barometre.scoring.ingest.SubmissionMessage;
import fr.barometre.scoring.engine.Answer;
import fr.barometre.scoring.rescoring.JobView;
import fr.barometre.scoring.rescoring.RescoringRequest;
import fr.barometre.scoring.rescoring.RescoringService;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.OwnSettings;
import fr.barometre.scoring.testing.Tokens;
import fr.barometre.testing.LongRun;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Scores synthetic responses of the default questionnaire delivered as survey-service's relay delivers
 * them (batches of 500 over HTTP), rescores them all under another model, runs the rescoring's floor
 * (the same reads and writes by batched JDBC, no scoring) and reads the same rows with plain SQL,
 * printing the figures of one run, with the CPU the ingest and the rescoring cost (this JVM and PostgreSQL).
 * {@code ./mvnw verify} runs it small (500 responses, a smoke run), the long run ({@code -Plong}) at 5,000; the full
 * registry size on demand:
 * {@code ./mvnw -pl scoring-service test -Dtest=ScoringBenchmarkTest -Dbench.size=36130}.
 */
@QuarkusTest
@TestProfile(OwnSettings.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class ScoringBenchmarkTest {

    private static final String CAMPAIGN = "bench";
    private static final String WARM_UP = "bench-warm-up";
    private static final String VERSION = "bench.1";
    private static final int BATCH = 500;
    private static final int CHUNK = OwnSettings.CHUNK;

    @Inject
    RescoringService rescoring;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    /**
     * The benchmark's facts are not for reporting-service: their outbox rows (thousands, the floor's too) are
     * dropped, so that no later test class of the application has to deliver them before its own.
     */
    @AfterEach
    void noFactLeftToDeliver() throws Exception {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection(); PreparedStatement ps = c.prepareStatement(
                "delete from outbox_message where message_key like ? or message_key like ? or message_key like ?")) {
            ps.setString(1, CAMPAIGN + ":%");
            ps.setString(2, WARM_UP + ":%");
            ps.setString(3, "bench-floor:%");
            ps.executeUpdate();
        }
    }

    @Test
    void scoreRescoreAndReadTheRegistrysWorthOfResponses() throws Exception {
        int size = LongRun.size("bench.size", 500, 5000);
        JsonNode questionnaire;
        try (InputStream in = getClass().getResourceAsStream("/default-questionnaire.json")) {
            questionnaire = json.readTree(in);
        }
        keepQuestionnaire(CAMPAIGN, questionnaire);
        keepQuestionnaire(WARM_UP, questionnaire);
        List<String> maturity = new ArrayList<>();
        questionnaire.get("themes").forEach(t -> t.get("questions").forEach(q -> {
            if ("MATURITY".equals(q.get("type").asText())) {
                maturity.add(q.get("code").asText());
            }
        }));
        Random random = new Random(36130);
        String token = Tokens.withRoles("scoring-ingest");

        // a warm-up of the same work on a campaign of its own, untimed, so that the figures are of a running service
        ingest(bodies(messages(WARM_UP, BATCH, maturity, random)), token);
        rescore(WARM_UP);

        // ingest: the messages delivered as survey-service's relay does, batches of 500 over HTTP
        List<String> bodies = bodies(messages(CAMPAIGN, size, maturity, random));
        Cpu cpu = Cpu.now();
        long start = System.nanoTime();
        ingest(bodies, token);
        double scoring = seconds(start);
        Cpu ingestCpu = Cpu.now().minus(cpu);

        cpu = Cpu.now();
        start = System.nanoTime();
        JobView finished = rescore(CAMPAIGN);
        double rescore = seconds(start);
        Cpu rescoreCpu = Cpu.now().minus(cpu);
        assertEquals(size, finished.done());

        cpu = Cpu.now();
        double floor = floor(size);
        Cpu floorCpu = Cpu.now().minus(cpu);

        start = System.nanoTime();
        long bytes = 0;
        int rows = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select fact::text from assessment where campaign_code = ? and assessment_version = 1")) {
            ps.setString(1, CAMPAIGN);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bytes += rs.getString(1).length();
                    rows++;
                }
            }
        }
        double read = seconds(start);
        assertEquals(size, rows);

        System.out.printf("""
                ==== scoring benchmark: %,d responses of the default questionnaire (%d maturity items), %d CPUs, load average %s ====
                  ingest, batches of %d over HTTP : %8.2f s  (%,.0f responses/s); CPU per 1,000: service JVM %.2f s, PostgreSQL %.2f s
                  rescoring job (chunks of 200)   : %8.2f s  (%,.0f assessments/s); CPU per 1,000: service JVM %.2f s, PostgreSQL %.2f s
                  rescoring floor (batched JDBC)  : %8.2f s  -> rescoring / floor = %.2f; CPU per 1,000: JVM %.2f s, PostgreSQL %.2f s
                  plain SQL read of the same rows : %8.3f s  (%,.0f rows/s, %,d characters)
                %n""", size, maturity.size(), Runtime.getRuntime().availableProcessors(), loadAverage(),
                BATCH, scoring, size / scoring, ingestCpu.jvm() * 1000 / size, ingestCpu.postgres() * 1000 / size,
                rescore, size / rescore, rescoreCpu.jvm() * 1000 / size, rescoreCpu.postgres() * 1000 / size,
                floor, rescore / floor, floorCpu.jvm() * 1000 / size, floorCpu.postgres() * 1000 / size, read, rows / read, bytes);
    }

    /** Synthetic complete responses of the default questionnaire's maturity items, with some abstentions. */
    private static List<SubmissionMessage> messages(String campaign, int count, List<String> maturity, Random random) {
        List<SubmissionMessage> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<Answer> answers = new ArrayList<>();
            for (String code : maturity) {
                int draw = random.nextInt(12);
                answers.add(draw < 10 ? new Answer(code, draw % 5, null, null) : new Answer(code, null, draw == 10 ? "NSP" : "NA", null));
            }
            String siren = String.format("9%08d", i);
            Profile profile = new Profile("COMMUNE", 500 + random.nextInt(300_000), null, "69", "84", List.of());
            messages.add(new SubmissionMessage(campaign, siren, 1, VERSION, Instant.now(), profile, answers, null));
        }
        return messages;
    }

    /** The bodies survey-service's relay posts: batches of 500 messages. */
    private List<String> bodies(List<SubmissionMessage> messages) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += BATCH) {
            bodies.add(json.writeValueAsString(Map.of("messages", messages.subList(from, Math.min(messages.size(), from + BATCH)))));
        }
        return bodies;
    }

    private static void ingest(List<String> bodies, String token) {
        for (String body : bodies) {
            given().auth().oauth2(token).contentType("application/json").body(body).post("/internal/assessments/batch")
                    .then().statusCode(200).body("results.findAll { it.status != 200 }.size()", equalTo(0));
        }
    }

    /** A rescoring job of the campaign under bench-v2, worked to its end. */
    private JobView rescore(String campaign) {
        JobView job = rescoring.start(campaign, new RescoringRequest("bench-v2"));
        while (rescoring.workOneChunk()) {
            // until the job is done
        }
        return rescoring.find(job.id()).orElseThrow();
    }

    /**
     * The rescoring's floor: what a rescoring must at least do, by batched JDBC, chunk by chunk of 200
     * authorities, one transaction each: read their newest submissions, write the same assessment rows and
     * outbox rows the rescoring wrote (their text read beforehand, under a campaign of its own), commit.
     * No scoring, no JSON: the database's share of the work.
     */
    private double floor(int size) throws Exception {
        List<String[]> made = new ArrayList<>(size);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select a.siren, a.fact::text, a.explanation::text, o.payload::text from assessment a
                join outbox_message o on o.message_key = a.campaign_code || ':' || a.siren || ':' || a.assessment_version
                where a.campaign_code = ? and a.assessment_version = 2 order by a.siren""")) {
            ps.setString(1, CAMPAIGN);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    made.add(new String[]{rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        assertEquals(size, made.size());
        long start = System.nanoTime();
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection()) {
            c.setAutoCommit(false);
            for (int from = 0; from < size; from += CHUNK) {
                List<String[]> chunk = made.subList(from, Math.min(size, from + CHUNK));
                try (PreparedStatement read = c.prepareStatement("""
                        select distinct on (siren) siren, payload::text from submission
                        where campaign_code = ? and siren > ? order by siren, revision desc limit ?""")) {
                    read.setString(1, CAMPAIGN);
                    read.setString(2, from == 0 ? "" : made.get(from - 1)[0]);
                    read.setInt(3, CHUNK);
                    int n = 0;
                    try (ResultSet rs = read.executeQuery()) {
                        while (rs.next()) {
                            n += rs.getString(2).isEmpty() ? 0 : 1;
                        }
                    }
                    assertEquals(chunk.size(), n);
                }
                try (PreparedStatement assessments = c.prepareStatement("""
                        insert into assessment (campaign_code, siren, revision, assessment_version, model_id, fact, explanation)
                        values ('bench-floor', ?, 1, 2, 'bench-v2', ?::jsonb, ?::jsonb)""");
                     PreparedStatement outbox = c.prepareStatement("""
                             insert into outbox_message (message_key, destination, payload) values (?, 'reporting', ?::jsonb)""")) {
                    for (String[] row : chunk) {
                        assessments.setString(1, row[0]);
                        assessments.setString(2, row[1]);
                        assessments.setString(3, row[2]);
                        assessments.addBatch();
                        outbox.setString(1, "bench-floor:" + row[0] + ":2");
                        outbox.setString(2, row[3]);
                        outbox.addBatch();
                    }
                    assessments.executeBatch();
                    outbox.executeBatch();
                }
                c.commit();
            }
        }
        return seconds(start);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    /**
     * CPU time so far, in seconds: of this JVM (the service, and this test's client sending the bodies),
     * and of the PostgreSQL server (its processes and those it reaped), from /proc.
     */
    record Cpu(double jvm, double postgres) {

        static Cpu now() {
            double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
            return new Cpu(jvm, postgresSeconds());
        }

        Cpu minus(Cpu before) {
            return new Cpu(jvm - before.jvm, postgres - before.postgres);
        }

        private static double postgresSeconds() {
            try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("select pg_backend_pid()")) {
                rs.next();
                long postmaster = Long.parseLong(stat(rs.getLong(1))[3]);
                long ticks = 0;
                String[] own = stat(postmaster);
                for (int field : new int[]{13, 14, 15, 16}) {
                    ticks += Long.parseLong(own[field]);
                }
                try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                    for (Path process : processes) {
                        String[] stat = stat(Long.parseLong(process.getFileName().toString()));
                        if (stat != null && Long.parseLong(stat[3]) == postmaster) {
                            ticks += Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
                        }
                    }
                }
                return ticks / 100.0;   // USER_HZ
            } catch (Exception e) {
                return Double.NaN;
            }
        }

        /** The fields of /proc/{pid}/stat, the command name (which may hold spaces) taken as one; null when the process is gone. */
        private static String[] stat(long pid) {
            try {
                String text = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
                String after = text.substring(text.lastIndexOf(')') + 2);
                String[] rest = after.split(" ");
                String[] fields = new String[rest.length + 2];
                fields[0] = String.valueOf(pid);
                fields[1] = "comm";
                System.arraycopy(rest, 0, fields, 2, rest.length);
                return fields;
            } catch (Exception e) {
                return null;
            }
        }
    }

    private void keepQuestionnaire(String campaign, JsonNode questionnaire) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into questionnaire (campaign_code, version, document) values (?, ?, ?::jsonb) on conflict do nothing""")) {
                ps.setString(1, campaign);
                ps.setString(2, VERSION);
                ps.setString(3, json.writeValueAsString(questionnaire));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into scoring_model (id, definition)
                    select 'bench-v2', jsonb_set(definition, '{themeWeights}', '{"CYBERSECURITE": 2}') from scoring_model
                    where id = 'barometre-v1' on conflict do nothing""")) {
                ps.executeUpdate();
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
