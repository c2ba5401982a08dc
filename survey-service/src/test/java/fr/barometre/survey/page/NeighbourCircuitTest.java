package fr.barometre.survey.page;

import com.github.tomakehurst.wiremock.WireMockServer;
import fr.barometre.survey.outbox.OutboxRelay;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.ReportingWireMockResource;
import fr.barometre.survey.testing.ReportingWireMockResource.InjectReportingWireMock;
import fr.barometre.survey.testing.Responses;
import fr.barometre.survey.testing.ScoringWireMockResource;
import fr.barometre.survey.testing.ScoringWireMockResource.InjectScoringWireMock;
import fr.barometre.survey.testing.SubmissionFixtures;
import fr.barometre.survey.testing.Tokens;
import fr.barometre.testing.BatchAnswer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each call to a neighbour goes through its guard (client.NeighbourGuard): bounded in time as a
 * whole, and a circuit breaker that opens after 3 failures in a row (this profile), refuses calls
 * without making them (WireMock receives nothing), and closes again once a call let through after
 * the delay succeeds. The pages keep their outcome (200, "momentanément indisponibles"); the relay
 * keeps every message and backs off.
 */
@QuarkusTest
@TestProfile(NeighbourCircuitTest.TightCircuit.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(ScoringWireMockResource.class)
@WithTestResource(ReportingWireMockResource.class)
class NeighbourCircuitTest {

    static final String LYON = "216901231";
    private static final String INGEST = ScoringWireMockResource.INGEST_BATCH;
    private static final int FAILURES = 3;
    private static final long DELAY_MILLIS = 2_000;
    private static final long TIMEOUT_MILLIS = 1_000;

    public static class TightCircuit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "barometre.outbox.batch-size", "1",   // a message per call: each failed call counts towards the circuit
                    "barometre.neighbours.circuit-breaker.failures", String.valueOf(FAILURES),
                    "barometre.neighbours.circuit-breaker.delay", DELAY_MILLIS + "ms",
                    "quarkus.rest-client.scoring.read-timeout", String.valueOf(TIMEOUT_MILLIS),
                    "quarkus.rest-client.scoring-reads.read-timeout", String.valueOf(TIMEOUT_MILLIS),
                    "quarkus.rest-client.reporting.read-timeout", String.valueOf(TIMEOUT_MILLIS));
        }
    }

    @OidcWireMock
    WireMockServer oidc;

    @InjectScoringWireMock
    WireMockServer scoring;

    @InjectReportingWireMock
    WireMockServer reporting;

    @Inject
    OutboxRelay relay;

    @Inject
    CircuitBreakerMaintenance circuits;

    /**
     * Every circuit closed; messages left pending by other test classes delivered first, so that every
     * post seen here is this test's.
     */
    @BeforeEach
    void closedCircuitsAndOnlyThisTestsMessagesPending() throws SQLException {
        circuits.resetAll();
        scoring.resetAll();
        reporting.resetAll();
        scoring.stubFor(post(urlEqualTo(INGEST)).willReturn(ScoringWireMockResource.batchAnswer(BatchAnswer.every(200))));
        update("update outbox_message set next_attempt_at = now() where status = 'PENDING'");
        relay.relayDue();
        scoring.resetAll();
    }

    // The pages' reads ---------------------------------------------------------------------------------

    @Test
    void aReadTricklingPastItsTimeoutIsGivenUpOnAsAWhole() {
        String code = submittedCampaign("nc-trickle");
        PageSession lyon = PageSession.respondent(oidc, "agent-lyon", LYON);
        // Each chunk arrives well within the read timeout, the whole answer takes 8 s: only the guard's bound stops it.
        scoring.stubFor(get(urlEqualTo(assessmentPath(code))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(NeighbourDocuments.assessment(code, LYON))
                .withChunkedDribbleDelay(20, 8_000)));
        serveBenchmark(code);

        long started = System.nanoTime();
        Document page = lyon.get(resultsPage(code), 200);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertNotNull(page.getElementById("evaluation-indisponible"), "the assessment given up on");
        assertNull(page.getElementById("position-indisponible"), "the benchmark answered in time");
        assertTrue(millis < 5_000, "the page answered after " + millis + " ms");
        serveAssessment(code);
        assertNull(lyon.get(resultsPage(code), 200).getElementById("evaluation-indisponible"));
    }

    @Test
    void afterRepeatedFailuresReadsAreRefusedWithoutACallUntilAHalfOpenCallSucceeds() throws InterruptedException {
        String code = submittedCampaign("nc-pages");
        PageSession lyon = PageSession.respondent(oidc, "agent-lyon", LYON);
        scoring.stubFor(get(urlEqualTo(assessmentPath(code))).willReturn(aResponse().withStatus(503)));
        serveBenchmark(code);

        for (int i = 0; i < FAILURES; i++) {
            assertNotNull(lyon.get(resultsPage(code), 200).getElementById("evaluation-indisponible"));
        }
        assertEquals(FAILURES, scoring.countRequestsMatching(getRequestedFor(urlEqualTo(assessmentPath(code))).build()).getCount());

        // Open: the neighbour would answer now, but is not asked; the other neighbour's circuit is its own.
        serveAssessment(code);
        Document open = lyon.get(resultsPage(code), 200);
        assertNotNull(open.getElementById("evaluation-indisponible"), "refused by the open circuit");
        assertNull(open.getElementById("position-indisponible"), "reporting-service still read");
        assertEquals(FAILURES, scoring.countRequestsMatching(getRequestedFor(urlEqualTo(assessmentPath(code))).build()).getCount(),
                "no call while the circuit is open");

        // After the delay one call goes through (half-open); its success closes the circuit.
        Thread.sleep(DELAY_MILLIS + 300);
        assertNull(lyon.get(resultsPage(code), 200).getElementById("evaluation-indisponible"));
        assertNull(lyon.get(resultsPage(code), 200).getElementById("evaluation-indisponible"));
        assertEquals(FAILURES + 2, scoring.countRequestsMatching(getRequestedFor(urlEqualTo(assessmentPath(code))).build()).getCount());
    }

    @Test
    void answersBelow500AreTheNeighbourWorkingAndNeverOpenTheCircuit() {
        String code = submittedCampaign("nc-404");
        PageSession lyon = PageSession.respondent(oidc, "agent-lyon", LYON);
        scoring.stubFor(get(urlEqualTo(assessmentPath(code))).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":404}")));
        serveBenchmark(code);

        for (int i = 0; i <= FAILURES; i++) {
            assertNotNull(lyon.get(resultsPage(code), 200).getElementById("evaluation-en-calcul"), "not computed yet, each time asked");
        }
        assertEquals(FAILURES + 1, scoring.countRequestsMatching(getRequestedFor(urlEqualTo(assessmentPath(code))).build()).getCount());
        serveAssessment(code);
        assertNull(lyon.get(resultsPage(code), 200).getElementById("evaluation-en-calcul"));
    }

    // The relay ---------------------------------------------------------------------------------------

    @Test
    void aSlowIngestIsGivenUpOnAndTheMessageRetried() throws Exception {
        String code = "nc-relay-slow";
        SubmissionFixtures.createOpenCampaign(code, LYON);
        SubmissionFixtures.submit(code, LYON, SubmissionFixtures.completeAnswers(code));
        scoring.stubFor(post(urlEqualTo(INGEST)).willReturn(ScoringWireMockResource.batchAnswer(BatchAnswer.every(200)).withFixedDelay(15_000)));

        long started = System.nanoTime();
        relay.relayDue();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 5_000, "the relay's round ended after " + millis + " ms");
        Row slow = messages(code).get(0);
        assertEquals("PENDING", slow.status());
        assertEquals(1, slow.attempts());
        assertNotNull(slow.lastError());

        scoring.resetAll();
        scoring.stubFor(post(urlEqualTo(INGEST)).willReturn(ScoringWireMockResource.batchAnswer(BatchAnswer.every(200))));
        update("update outbox_message set next_attempt_at = now() where status = 'PENDING'");
        relay.relayDue();
        assertEquals("DELIVERED", messages(code).get(0).status(), "retried, nothing lost");
    }

    @Test
    void afterRepeatedFailuresTheRelayBacksOffWithoutCallingThenDeliversEverything() throws Exception {
        String code = "nc-relay";
        List<String> sirens = SubmissionFixtures.communes("69", FAILURES + 2);
        SubmissionFixtures.createOpenCampaign(code, sirens.toArray(String[]::new));
        for (String siren : sirens) {
            SubmissionFixtures.submit(code, siren, SubmissionFixtures.completeAnswers(code));
        }
        scoring.stubFor(post(urlEqualTo(INGEST)).willReturn(aResponse().withStatus(503)));

        relay.relayDue();
        assertEquals(FAILURES, scoring.countRequestsMatching(postRequestedFor(urlEqualTo(INGEST)).build()).getCount(),
                "the circuit opened after the third failure: the round ended without calling again");
        List<Row> rows = messages(code);
        assertEquals(sirens.size(), rows.size());
        assertTrue(rows.stream().allMatch(r -> r.status().equals("PENDING")), "nothing lost");
        assertEquals(FAILURES + 1, rows.stream().filter(r -> r.attempts() == 1).count(), "attempted: three posts and one refusal");
        assertEquals(1, rows.stream().filter(r -> r.lastError() != null && r.lastError().contains("CircuitBreakerOpen")).count());

        // Due again, circuit still open: backed off without a call.
        scoring.resetAll();
        scoring.stubFor(post(urlEqualTo(INGEST)).willReturn(ScoringWireMockResource.batchAnswer(BatchAnswer.every(200))));
        update("update outbox_message set next_attempt_at = now() where status = 'PENDING'");
        relay.relayDue();
        assertEquals(0, scoring.countRequestsMatching(postRequestedFor(urlEqualTo(INGEST)).build()).getCount(), "no call while open");

        // After the delay, the half-open call succeeds and the rest follows.
        Thread.sleep(DELAY_MILLIS + 300);
        update("update outbox_message set next_attempt_at = now() where status = 'PENDING'");
        relay.relayDue();
        assertTrue(messages(code).stream().allMatch(r -> r.status().equals("DELIVERED")), "every message delivered");
        assertEquals(sirens.size(), scoring.countRequestsMatching(postRequestedFor(urlEqualTo(INGEST)).build()).getCount());
    }

    // ---------------------------------------------------------------------------------------------------

    private static String submittedCampaign(String code) {
        SubmissionFixtures.createOpenCampaign(code, LYON);
        Responses.createAndSubmit(Tokens.agent("agent-lyon", LYON), code, LYON, SubmissionFixtures.completeAnswers(code));
        return code;
    }

    private static String resultsPage(String code) {
        return "/reponses/" + code + "/resultats";
    }

    private static String assessmentPath(String code) {
        return "/campaigns/" + code + "/assessments/" + LYON;
    }

    private void serveAssessment(String code) {
        scoring.stubFor(get(urlEqualTo(assessmentPath(code))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(NeighbourDocuments.assessment(code, LYON))));
    }

    private void serveBenchmark(String code) {
        reporting.stubFor(get(urlEqualTo("/barometers/" + code + "/collectivities/" + LYON)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(NeighbourDocuments.benchmark(code, LYON))));
    }

    private record Row(String status, int attempts, String lastError) {
    }

    private static List<Row> messages(String code) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "select status, attempts, last_error from outbox_message where message_key like ? order by id")) {
            ps.setString(1, code + ":%");
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getInt(2), rs.getString(3)));
                }
                return rows;
            }
        }
    }

    private static void update(String sql) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }

    private static Connection db() throws SQLException {
        return EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
    }
}
