package fr.barometre.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.barometre.launcher.AnswerSets;
import fr.barometre.launcher.Database;
import fr.barometre.launcher.Http;
import fr.barometre.launcher.ServiceProcess;
import fr.barometre.launcher.Stack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault scenario on the real stack: two replicas of each service (the stack's own on
 * 18081–18083 and a second one on 18091–18093, each pair sharing its service's database), many
 * submissions spread over both survey replicas, while scoring- and reporting-service replicas are
 * killed with SIGKILL and restarted and Keycloak is frozen (SIGSTOP, then SIGCONT) once. The same
 * answer sets are first submitted, calmly, to another campaign: the figures of both must be equal.
 *
 * <p>Sizes: {@code -Dfault.size} submissions (default 1,000), {@code -Dfault.kills} kills of each
 * of scoring- and reporting-service (default 1), {@code -Dfault.freeze-seconds} (default 8, beyond the
 * services' 3-s bound on each call to Keycloak); the profiles {@code fault-full} and {@code long} run 10,000
 * submissions, 2 kills each and a 60 s freeze.
 */
@ExtendWith(E2eStack.Extension.class)
@Order(9)
class FaultScenarioTest {

    static final String CALM = "2040";
    static final String FAULT = "2041";

    static final int SIZE = Integer.getInteger("fault.size", 1000);
    static final int KILLS = Integer.getInteger("fault.kills", 1);
    static final Duration FREEZE = Duration.ofSeconds(Long.getLong("fault.freeze-seconds", 8));
    /** How long a killed replica stays down before it is started again. */
    static final Duration DOWN = Duration.ofSeconds(Long.getLong("fault.down-seconds", 2));
    static final int SUBMITTERS = 4;
    /** Every fifth unit of work is this many single submissions (PUT, then POST …/submission). */
    static final int SINGLES = 5;

    final Replicas.Tally submitting = new Replicas.Tally();
    final Replicas.Tally reading = new Replicas.Tally();
    final AtomicLong tokenWaitMillis = new AtomicLong();
    final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong conflictsAfterRetry = new AtomicLong();

    Replicas survey;
    Replicas reporting;
    RenewingToken admin;
    RenewingToken analyst;
    JsonNode questionnaire;

    /** A share of the work: a batch of SIRENs, or a few single submissions. */
    record Unit(int from, int to, boolean singles, int chunk) {
    }

    @Test
    void submissionsSurviveKilledReplicasAndAFrozenKeycloak() throws Exception {
        long started = System.nanoTime();
        Stack stack = E2eStack.stack();
        Map<String, ServiceProcess> first = stack.services();
        Map<String, ServiceProcess> second = stack.startReplicas(E2eStack.REPLICA_PORTS);
        try {
            run(stack, first, second, started);
        } finally {
            stack.keycloak().thaw();
            stack.stopReplicas();
        }
    }

    private void run(Stack stack, Map<String, ServiceProcess> first, Map<String, ServiceProcess> second, long started) throws Exception {
        survey = new Replicas(Stack.SURVEY, List.of(first.get(Stack.SURVEY).url(), second.get(Stack.SURVEY).url()), submitting);
        reporting = new Replicas(Stack.REPORTING, List.of(first.get(Stack.REPORTING).url(), second.get(Stack.REPORTING).url()), reading);
        admin = new RenewingToken(E2eStack.keycloakUrl(), "admin", "admin", tokenWaitMillis);
        analyst = new RenewingToken(E2eStack.keycloakUrl(), "analyst", "analyst", tokenWaitMillis);

        for (String code : List.of(CALM, FAULT)) {
            expect(201, call("POST", "/campaigns", Map.of("code", code, "title", "Fault scenario " + code, "audience", Map.of()), Map.of()),
                    "POST /campaigns " + code);
            expect(200, call("POST", "/campaigns/" + code + "/open", null, Map.of()), "open " + code);
        }
        questionnaire = json(expect(200, call("GET", "/campaigns/" + FAULT + "/questionnaire", null, Map.of()), "questionnaire"));
        JsonNode calmQuestionnaire = json(expect(200, call("GET", "/campaigns/" + CALM + "/questionnaire", null, Map.of()), "questionnaire"));
        assertEquals(calmQuestionnaire.path("themes"), questionnaire.path("themes"), "both campaigns ask the same questions");
        List<String> sirens = sirens(SIZE);

        // 1. the calm run: every answer set submitted to CALM, nothing killed
        long calmStarted = System.nanoTime();
        List<Unit> calmUnits = units(1);
        submitAll(CALM, sirens, calmUnits, unit -> { }, unit -> { });
        awaitConverged(CALM, sirens.size(), Duration.ofMinutes(5).plusMillis(sirens.size() * 60L));
        long calmSeconds = seconds(calmStarted);

        // 2. the same answer sets to FAULT, while replicas are killed and Keycloak frozen
        List<Step> steps = steps(stack, first, second);
        List<Unit> faultUnits = units(steps.size());
        CountDownLatch[] faultStarted = new CountDownLatch[steps.size()];
        CountDownLatch[] chunkDone = new CountDownLatch[steps.size()];
        for (int c = 0; c < steps.size(); c++) {
            faultStarted[c] = new CountDownLatch(1);
            final int chunk = c;
            chunkDone[c] = new CountDownLatch((int) faultUnits.stream().filter(u -> u.chunk() == chunk).count());
        }
        AtomicBoolean stopReading = new AtomicBoolean();
        ExecutorService background = Executors.newFixedThreadPool(2);
        long faultStartedAt = System.nanoTime();
        Future<Long> chaos = background.submit(() -> chaos(steps, faultStarted, chunkDone));
        Future<Long> readers = background.submit(() -> read(stopReading));
        submitAll(FAULT, sirens, faultUnits, unit -> faultStarted[unit.chunk()].await(), unit -> chunkDone[unit.chunk()].countDown());
        long lastRecovery = chaos.get(30, TimeUnit.MINUTES);
        long convergedAt = awaitConverged(FAULT, sirens.size(), Duration.ofMinutes(10).plusMillis(sirens.size() * 60L));
        stopReading.set(true);
        long reads = readers.get(2, TimeUnit.MINUTES);
        background.shutdown();
        long faultSeconds = seconds(faultStartedAt);
        double convergeSeconds = (convergedAt - lastRecovery) / 1e9;

        // 3. what the scenario must leave behind (the figures printed first, whatever the checks find)
        System.out.printf("""

                === Fault scenario: %d submissions, %d kill(s) of scoring- and of reporting-service, Keycloak frozen %d s ===
                submissions            %d per campaign (calm run, then fault run) over 2 survey replicas by %d clients (batches; every fifth unit %d single PUT + submission)
                replicas               2 of each service (survey, scoring, reporting), each pair sharing its database
                faults                 %s
                Keycloak frozen        %d s (SIGSTOP, then SIGCONT)
                calm run               %d s to submit and converge
                fault run              %d s from the first fault to convergence
                converged              %.1f s after the last restart
                callers: submitting    %d answers, %d × 503 with Retry-After, %d moved to the other replica, %d timeouts, %d conflicts after a retry, max latency %d ms
                callers: reading       %d reads (%d answers), %d × 503 with Retry-After, %d moved to the other replica, %d timeouts, max latency %d ms
                token renewals         waited %d ms in all
                5xx other than 503     %d
                """,
                SIZE, KILLS, FREEZE.toSeconds(), sirens.size(), SUBMITTERS, SINGLES,
                String.join("; ", steps.stream().map(Step::report).toList()),
                FREEZE.toSeconds(), calmSeconds, faultSeconds, convergeSeconds,
                submitting.calls.get(), submitting.unavailableWithRetryAfter.get(), submitting.movedToOtherReplica.get(),
                submitting.timeouts.get(), conflictsAfterRetry.get(), submitting.maxLatencyMillis.get(),
                reads, reading.calls.get(), reading.unavailableWithRetryAfter.get(), reading.movedToOtherReplica.get(),
                reading.timeouts.get(), reading.maxLatencyMillis.get(), tokenWaitMillis.get(),
                submitting.serverErrorCount() + reading.serverErrorCount());
        submitting.serverErrors.stream().limit(20).forEach(e -> log("5xx: " + e));
        reading.serverErrors.stream().limit(20).forEach(e -> log("5xx: " + e));
        unexpected.stream().limit(20).forEach(e -> log("unexpected: " + e));

        Set<String> expected = new HashSet<>(sirens);
        checkOneCurrentFactEach(expected);
        checkNoAssessmentTwice(sirens.size());
        JsonNode faultBarometer = checkFiguresEqualTheCalmRun(sirens.size());
        System.out.printf("""
                figures                %d authorities, equal to the calm run's (barometer, strata, %d questions)
                total                  %d s

                """, faultBarometer.path("authorities").asLong(), questionsCompared, seconds(started));

        assertEquals(List.of(), unexpected, "unexpected answers to the submitting clients");
        List<String> serverErrors = new ArrayList<>(submitting.serverErrors);
        serverErrors.addAll(reading.serverErrors);
        assertEquals(List.of(), serverErrors, "no caller sees a 5xx other than a 503 with Retry-After");
    }

    // --- the faults ----------------------------------------------------------------------------

    /** One fault: a replica killed and started again, or Keycloak frozen and resumed. */
    final class Step {
        final ServiceProcess target;   // null: Keycloak
        final Stack stack;
        String report;

        Step(Stack stack, ServiceProcess target) {
            this.stack = stack;
            this.target = target;
        }

        String report() {
            return report;
        }

        /** Applies the fault, lets the submitters of its chunk go, and returns once it has been repaired. */
        void apply(CountDownLatch letGo) throws Exception {
            long t = System.nanoTime();
            if (target == null) {
                admin.renew();     // a client about to wait renews its token first
                analyst.renew();
                List<String> frozen = stack.keycloak().freeze();
                log("Keycloak frozen: " + frozen);
                letGo.countDown();
                Thread.sleep(FREEZE.toMillis());
                stack.keycloak().thaw();
                report = "Keycloak frozen " + FREEZE.toSeconds() + " s";
                log(report);
            } else {
                long pid = target.process().pid();
                target.kill();
                log(target.instance() + " killed (SIGKILL, pid " + pid + ")");
                letGo.countDown();
                Thread.sleep(DOWN.toMillis());
                E2eStack.restart(target);
                report = target.instance() + " killed, ready again after " + seconds(t) + " s";
                log(report);
            }
        }
    }

    /** Kills of scoring- and reporting-service alternating between the replicas, Keycloak's freeze after the first kill. */
    private List<Step> steps(Stack stack, Map<String, ServiceProcess> first, Map<String, ServiceProcess> second) {
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < KILLS; k++) {
            steps.add(new Step(stack, (k % 2 == 0 ? first : second).get(Stack.SCORING)));
            if (k == 0) {
                steps.add(new Step(stack, null));
            }
            steps.add(new Step(stack, (k % 2 == 0 ? second : first).get(Stack.REPORTING)));
        }
        return steps;
    }

    /** Runs the steps in order, each once the previous chunk is submitted; returns when the last repair ended. */
    private long chaos(List<Step> steps, CountDownLatch[] faultStarted, CountDownLatch[] chunkDone) throws Exception {
        long lastRecovery = System.nanoTime();
        for (int c = 0; c < steps.size(); c++) {
            if (c > 0) {
                chunkDone[c - 1].await();
            }
            steps.get(c).apply(faultStarted[c]);
            lastRecovery = System.nanoTime();
        }
        return lastRecovery;
    }

    // --- submitting ----------------------------------------------------------------------------

    interface UnitHook {
        void accept(Unit unit) throws Exception;
    }

    /** The work split into units (batches, and every fifth unit a few single submissions) and into {@code chunks} in order. */
    private List<Unit> units(int chunks) {
        int batch = Math.max(50, Math.min(500, SIZE / 40));
        List<Unit> units = new ArrayList<>();
        int from = 0;
        while (from < SIZE) {
            boolean singles = units.size() % 5 == 4;
            int to = Math.min(SIZE, from + (singles ? SINGLES : batch));
            units.add(new Unit(from, to, singles, (int) ((long) from * chunks / SIZE)));
            from = to;
        }
        return units;
    }

    private void submitAll(String campaign, List<String> sirens, List<Unit> units, UnitHook before, UnitHook after) throws Exception {
        ConcurrentLinkedQueue<Unit> queue = new ConcurrentLinkedQueue<>(units);
        ExecutorService pool = Executors.newFixedThreadPool(SUBMITTERS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < SUBMITTERS; t++) {
                final int replica = t;
                workers.add(pool.submit(() -> {
                    for (Unit unit; (unit = queue.poll()) != null; ) {
                        before.accept(unit);
                        if (unit.singles()) {
                            for (int i = unit.from(); i < unit.to(); i++) {
                                submitOne(campaign, sirens.get(i), i, replica);
                            }
                        } else {
                            submitBatch(campaign, sirens, unit, replica);
                        }
                        after.accept(unit);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void submitBatch(String campaign, List<String> sirens, Unit unit, int replica) throws Exception {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = unit.from(); i < unit.to(); i++) {
            items.add(Map.of("siren", sirens.get(i), "answers", AnswerSets.complete(questionnaire, i)));
        }
        Replicas.Answer answer = survey.send(replica, "POST", "/campaigns/" + campaign + "/responses/batch", admin,
                Http.JSON.writeValueAsString(Map.of("responses", items)), Map.of());
        if (answer.status() != 200) {
            unexpected.add("batch " + campaign + " [" + unit.from() + "," + unit.to() + ") → " + answer.status() + " " + answer.body());
            return;
        }
        for (JsonNode outcome : json(answer).path("results")) {
            String status = outcome.path("status").asText();
            if ("CONFLICT".equals(status)) {
                conflictsAfterRetry.incrementAndGet();   // submitted by an earlier attempt whose answer was lost
            } else if (!"SUBMITTED".equals(status)) {
                unexpected.add("batch item " + campaign + " " + outcome);
            }
        }
    }

    private void submitOne(String campaign, String siren, int index, int replica) throws Exception {
        String path = "/campaigns/" + campaign + "/responses/" + siren;
        Replicas.Answer put = survey.send(replica, "PUT", path, admin,
                Http.JSON.writeValueAsString(Map.of("answers", AnswerSets.complete(questionnaire, index))), Map.of("If-None-Match", "*"));
        if (put.status() == 412) {   // created by an earlier attempt whose answer was lost
            put = survey.send(replica, "GET", path, admin, null, Map.of());
        }
        if (put.status() != 200 && put.status() != 201) {
            unexpected.add("PUT " + path + " → " + put.status() + " " + put.body());
            return;
        }
        String etag = put.header("ETag").orElse(null);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Idempotency-Key", "fault-" + campaign + "-" + siren);
        if (etag != null) {
            headers.put("If-Match", etag);
        }
        Replicas.Answer submission = survey.send(replica, "POST", path + "/submission", admin, null, headers);
        if (submission.status() != 200 || !"SUBMITTED".equals(json(submission).path("status").asText())) {
            unexpected.add("POST " + path + "/submission → " + submission.status() + " " + submission.body());
        }
    }

    // --- reading -------------------------------------------------------------------------------

    /** An analyst reading the figures during the run, over both reporting replicas; returns how many reads. */
    private long read(AtomicBoolean stop) throws Exception {
        long reads = 0;
        while (!stop.get()) {
            String path = reads % 3 == 2 ? "/barometers/" + FAULT + "/strata" : "/barometers/" + FAULT;
            Replicas.Answer answer = reporting.send((int) reads, "GET", path, analyst, null, Map.of());
            if (answer.status() != 200 && answer.status() != 404) {   // 404 until the first fact of the edition
                unexpected.add("GET " + path + " → " + answer.status() + " " + answer.body());
            }
            reads++;
            Thread.sleep(250);
        }
        return reads;
    }

    // --- convergence and checks ----------------------------------------------------------------

    /** Waits until scoring holds an assessment and reporting a current fact of every submission; returns when. */
    private long awaitConverged(String campaign, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long assessed = -1;
        long facts = -1;
        while (System.nanoTime() < deadline) {
            assessed = count("scoring", "select count(distinct siren) from assessment where campaign_code = ?", campaign);
            facts = count("reporting", "select count(*) from fact where source = 'LIVE' and campaign_code = ?", campaign);
            if (assessed == count && facts == count) {
                long at = System.nanoTime();
                log(campaign + ": " + count + " assessed and " + count + " facts in reporting");
                return at;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(campaign + " did not converge in " + timeout.toSeconds() + " s: " + assessed
                + " authorities assessed, " + facts + " facts in reporting, of " + count);
    }

    /** reporting: exactly one current fact per submitted authority, from its first and only assessment. */
    private void checkOneCurrentFactEach(Set<String> expected) throws Exception {
        Set<String> sirens = new HashSet<>();
        List<String> wrong = new ArrayList<>();
        try (Connection db = connect("reporting");
             PreparedStatement q = db.prepareStatement(
                     "select siren, assessment_version, revision from fact where source = 'LIVE' and campaign_code = ?")) {
            q.setString(1, FAULT);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    if (!sirens.add(rows.getString(1))) {
                        wrong.add(rows.getString(1) + " twice");
                    }
                    if (rows.getInt(2) != 1 || rows.getInt(3) != 1) {
                        wrong.add(rows.getString(1) + " assessment version " + rows.getInt(2) + ", revision " + rows.getInt(3));
                    }
                }
            }
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())), "facts of " + FAULT);
        assertEquals(expected, sirens, "one current fact per submitted authority");
    }

    /** scoring: one assessment per (campaign, SIREN, revision), in both campaigns. */
    private void checkNoAssessmentTwice(int count) throws Exception {
        for (String campaign : List.of(CALM, FAULT)) {
            assertEquals(0, count("scoring", """
                    select count(*) from (select siren, revision from assessment where campaign_code = ?
                                          group by siren, revision having count(*) > 1) twice""", campaign),
                    "authorities assessed twice for one revision in " + campaign);
            assertEquals(count, count("scoring", "select count(*) from assessment where campaign_code = ?", campaign),
                    "assessments of " + campaign);
        }
    }

    int questionsCompared;

    /** The analyst's figures of FAULT equal CALM's: barometer, strata, every question's distribution. */
    private JsonNode checkFiguresEqualTheCalmRun(int count) throws Exception {
        JsonNode fault = figures("/barometers/" + FAULT);
        JsonNode calm = figures("/barometers/" + CALM);
        assertEquals(count, fault.path("authorities").asLong(), "authorities in " + FAULT);
        assertEquals(comparable(calm), comparable(fault), "barometer of " + FAULT + " against the calm run");
        // FAULT is compared with the edition below it, the calm run: no theme moved
        assertEquals(CALM, fault.path("comparedTo").asText());
        for (JsonNode theme : fault.path("themes")) {
            assertEquals(count, theme.path("respondents").asLong(), theme.path("theme").asText());
            assertEquals(0, theme.path("previous").path("differencePoints").decimalValue().signum(), theme.toString());
            assertEquals(0, theme.path("previous").path("rankChange").asInt(), theme.toString());
        }
        assertEquals(comparable(figures("/barometers/" + CALM + "/strata")), comparable(figures("/barometers/" + FAULT + "/strata")),
                "strata of " + FAULT + " against the calm run");
        questionsCompared = 0;
        for (JsonNode part : allQuestions()) {
            if ("TEXT".equals(part.path("type").asText())) {
                continue;
            }
            String code = part.path("code").asText();
            assertEquals(comparable(figures("/barometers/" + CALM + "/questions/" + code)),
                    comparable(figures("/barometers/" + FAULT + "/questions/" + code)), "question " + code);
            questionsCompared++;
        }
        assertTrue(questionsCompared > 0);
        return fault;
    }

    private List<JsonNode> allQuestions() {
        List<JsonNode> all = new ArrayList<>();
        questionnaire.path("general").forEach(all::add);
        questionnaire.path("themes").forEach(t -> t.path("questions").forEach(all::add));
        return all;
    }

    private JsonNode figures(String path) throws Exception {
        return json(expect(200, reporting.send(0, "GET", path, analyst, null, Map.of()), path));
    }

    /** The figures without what names the edition (its code, the edition compared with). */
    private static JsonNode comparable(JsonNode figures) {
        JsonNode copy = figures.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(List.of("edition", "comparedTo", "previous"));
        }
        node.forEach(FaultScenarioTest::strip);
    }

    // --- helpers -------------------------------------------------------------------------------

    private Replicas.Answer call(String method, String path, Object body, Map<String, String> headers) throws Exception {
        return survey.send(0, method, path, admin, body == null ? null : Http.JSON.writeValueAsString(body), headers);
    }

    private static Replicas.Answer expect(int status, Replicas.Answer answer, String what) {
        assertEquals(status, answer.status(), what + ": " + answer.body());
        return answer;
    }

    private static JsonNode json(Replicas.Answer answer) throws Exception {
        return Http.JSON.readTree(answer.body());
    }

    /** The first {@code count} authorities of the registry (by name), read page by page. */
    private List<String> sirens(int count) throws Exception {
        List<String> sirens = new ArrayList<>();
        for (int page = 0; sirens.size() < count; page++) {
            JsonNode items = json(expect(200, call("GET", "/collectivities?size=500&page=" + page, null, Map.of()), "registry")).path("items");
            assertTrue(items.size() > 0, "the registry has fewer than " + count + " authorities");
            for (JsonNode item : items) {
                if (sirens.size() < count) {
                    sirens.add(item.path("siren").asText());
                }
            }
        }
        return sirens;
    }

    private static Connection connect(String database) throws Exception {
        return DriverManager.getConnection(E2eStack.databaseUrl(database), Database.USER, Database.PASSWORD);
    }

    private static long count(String database, String sql, String campaign) throws Exception {
        try (Connection db = connect(database); PreparedStatement q = db.prepareStatement(sql)) {
            q.setString(1, campaign);
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static long seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L;
    }

    private static void log(String line) {
        System.out.println("[fault scenario] " + java.time.LocalTime.now().withNano(0) + " " + line);
    }
}
