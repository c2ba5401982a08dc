package fr.barometre.reporting.client;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import fr.barometre.reporting.catchup.FactCatchUp;
import fr.barometre.reporting.problem.ProblemException;
import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each call to a neighbour goes through its guard (client.NeighbourGuard): given up after its
 * timeout (1 s in this profile), and a circuit per kind of call (survey-questionnaire,
 * scoring-feed) that opens after 3 failures in a row, refuses calls without making them (WireMock
 * receives nothing), and closes again once a call let through after the delay succeeds. A delivery
 * waiting on a questionnaire gets a 503 problem with Retry-After; the catch-up's round stops, its
 * cursor where it was, and the next round tries again.
 */
@QuarkusTest
@TestProfile(NeighbourCircuitTest.TightCircuit.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class NeighbourCircuitTest {

    private static final int FAILURES = 3;
    private static final long DELAY_MILLIS = 2_000;
    private static final long TIMEOUT_MILLIS = 1_000;
    /** An answer trickling in 20 chunks over this time: each within the client's read timeout, the whole far past the guard's. */
    private static final int TRICKLE_MILLIS = 12_000;
    private static final String FEED = "/internal/assessments";

    public static class TightCircuit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "barometre.neighbours.circuit-breaker.failures", String.valueOf(FAILURES),
                    "barometre.neighbours.circuit-breaker.delay", DELAY_MILLIS + "ms",
                    "quarkus.rest-client.survey.read-timeout", String.valueOf(TIMEOUT_MILLIS),
                    "quarkus.rest-client.scoring.read-timeout", String.valueOf(TIMEOUT_MILLIS));
        }
    }

    @Inject
    CircuitBreakerMaintenance circuits;

    @Inject
    FactCatchUp catchUp;

    @Inject
    AgroalDataSource dataSource;

    private final WireMockServer neighbours = NeighboursWireMockResource.server();
    private final List<StubMapping> stubs = new ArrayList<>();

    /** Every circuit closed, and only this test's calls counted. */
    @BeforeEach
    void closedCircuits() {
        circuits.resetAll();
        neighbours.resetRequests();
    }

    /** The other test classes find the neighbours as they left them. */
    @AfterEach
    void neighboursAnswerAsUsual() {
        stubs.forEach(neighbours::removeStub);
        stubs.clear();
    }

    // Deliveries, which read the questionnaire of their fact ------------------------------------------

    @Test
    void aQuestionnaireTricklingPastItsTimeoutIsGivenUpOnAsAWholeWithA503AndRetryAfter() throws Exception {
        String campaign = "nc-slow";
        stub(questionnaire(campaign), aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(NeighboursWireMockResource.questionnaire()).withChunkedDribbleDelay(20, TRICKLE_MILLIS));

        long started = System.nanoTime();
        fact(campaign, siren(41, 1)).allAt(2).post().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
        long millis = (System.nanoTime() - started) / 1_000_000;

        System.out.printf("Questionnaire trickling over %d ms, timeout %d ms: the delivery answered 503 after %d ms%n",
                TRICKLE_MILLIS, TIMEOUT_MILLIS, millis);
        assertTrue(millis < 5_000, "answered after " + millis + " ms");
        assertEquals(0, facts(campaign), "nothing kept");
    }

    @Test
    void afterRepeatedFailuresDeliveriesAre503WithoutACallUntilAHalfOpenCallSucceeds() throws Exception {
        String down = "nc-down";
        String up = "nc-up";
        stub(questionnaire(down), aResponse().withStatus(503));

        for (int i = 1; i <= FAILURES; i++) {
            fact(down, siren(42, i)).allAt(2).post().statusCode(503).header("Retry-After", "5");
        }
        assertEquals(FAILURES, calls(questionnaire(down)));

        // Open: survey-service would answer for another campaign now, but is not asked.
        fact(up, siren(42, 9)).allAt(2).post().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
        assertEquals(0, calls(questionnaire(up)), "no call while the circuit is open");

        // After the delay one call goes through (half-open); its success closes the circuit.
        Thread.sleep(DELAY_MILLIS + 300);
        fact(up, siren(42, 9)).allAt(2).post().statusCode(200);
        fact(up, siren(42, 10)).allAt(2).post().statusCode(200);
        assertEquals(1, calls(questionnaire(up)), "read once, then kept");
        assertEquals(2, facts(up));
    }

    // The catch-up, which reads scoring-service's feed -------------------------------------------------

    @Test
    void aFeedPageTricklingPastItsTimeoutIsGivenUpOnAsAWholeAndTheRoundEnds() throws Exception {
        String campaign = "nc-feed-slow";
        stub(FEED, page(fact(campaign, siren(43, 1)).allAt(2).json()).withChunkedDribbleDelay(20, TRICKLE_MILLIS));

        long started = System.nanoTime();
        ProblemException stopped = assertThrows(ProblemException.class, catchUp::catchUp);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(503, stopped.status());
        System.out.printf("Feed page trickling over %d ms, timeout %d ms: the catch-up round ended after %d ms%n",
                TRICKLE_MILLIS, TIMEOUT_MILLIS, millis);
        assertTrue(millis < 5_000, "the round ended after " + millis + " ms");
        assertEquals(0, facts(campaign));
    }

    @Test
    void afterRepeatedFailuresTheCatchUpBacksOffWithoutCallingUntilAHalfOpenCallSucceeds() throws Exception {
        String campaign = "nc-feed";
        StubMapping failing = stub(FEED, aResponse().withStatus(503));

        for (int i = 0; i < FAILURES; i++) {
            assertEquals(503, assertThrows(ProblemException.class, catchUp::catchUp).status());
        }
        assertEquals(FAILURES, calls(FEED));

        // Open: the feed would answer now, but the rounds end without asking.
        neighbours.removeStub(failing);
        stub(FEED, page(fact(campaign, siren(44, 1)).allAt(2).json()));
        ProblemException refused = assertThrows(ProblemException.class, catchUp::catchUp);
        assertTrue(refused.detail().contains("circuit is open"), refused.detail());
        assertEquals(FAILURES, calls(FEED), "no call while the circuit is open");

        Thread.sleep(DELAY_MILLIS + 300);
        catchUp.catchUp();
        assertEquals(FAILURES + 2, calls(FEED), "the page's keys (the half-open call), then the page: its fact is not held yet");
        assertEquals(1, facts(campaign), "the feed's fact is applied once the circuit closes");
    }

    // ---------------------------------------------------------------------------------------------------

    private StubMapping stub(String path, ResponseDefinitionBuilder answer) {
        StubMapping stub = neighbours.stubFor(get(urlPathEqualTo(path)).atPriority(1).willReturn(answer));
        stubs.add(stub);
        return stub;
    }

    private static String questionnaire(String campaign) {
        return "/internal/campaigns/" + campaign + "/questionnaire";
    }

    /** A page of the feed without a cursor: nothing is kept between rounds, the feed's own tests start from the beginning. */
    private static ResponseDefinitionBuilder page(String item) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"items\": [" + item + "], \"nextCursor\": null}");
    }

    private int calls(String path) {
        return neighbours.findAll(getRequestedFor(urlPathEqualTo(path))).size();
    }

    private long facts(String campaign) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from fact where campaign_code = ?")) {
            ps.setString(1, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
