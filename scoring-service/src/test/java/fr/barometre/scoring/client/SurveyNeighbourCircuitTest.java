package fr.barometre.scoring.client;

import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import fr.barometre.scoring.catchup.SubmissionCatchUp;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.OwnSettings;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Submissions;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.scoring.testing.Api.deliver;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.questionnairePath;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.server;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * scoring-service's calls to survey-service go through their guards (client.NeighbourGuard): the
 * questionnaire fetch on the ingest's request path (circuit survey-questionnaire) and the catch-up's
 * feed reads (circuit survey-feed). A survey-service slower than the read timeout is given up on within
 * it as a whole (an answer trickling in, each chunk within the client's read timeout, is given up on
 * too): the sender of a submission gets a 503 with Retry-After, the catch-up round ends with its cursor
 * kept. After 3 failures in a row (the profile testing.OwnSettings) a circuit opens: calls are refused without reaching
 * survey-service (WireMock receives nothing), the ingest answering 503 with Retry-After at once, until a
 * call let through after the delay succeeds. Each kind of call has its own circuit.
 */
@QuarkusTest
@TestProfile(OwnSettings.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class SurveyNeighbourCircuitTest {

    private static final int FAILURES = OwnSettings.FAILURES;
    private static final long DELAY_MILLIS = OwnSettings.DELAY_MILLIS;
    private static final long TIMEOUT_MILLIS = OwnSettings.TIMEOUT_MILLIS;
    private static final String FEED = "/internal/submissions";

    @Inject
    CircuitBreakerMaintenance circuits;

    @Inject
    SubmissionCatchUp catchUp;

    private final List<StubMapping> stubs = new ArrayList<>();

    @BeforeEach
    void closedCircuits() {
        circuits.resetAll();
    }

    /** The WireMock server is shared with every test class of the JVM: this class's stubs go with each test. */
    @AfterEach
    void removeStubs() {
        stubs.forEach(server()::removeStub);
        stubs.clear();
    }

    // The questionnaire, on the ingest's request path ------------------------------------------------

    @Test
    void aQuestionnaireSlowerThanTheTimeoutIsA503WithRetryAfterWithinTheTimeout() {
        String campaign = "circuit-slow";
        stub(get(urlPathEqualTo(questionnairePath(campaign)))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(Questionnaires.small("slow.1")).withChunkedDribbleDelay(20, 8_000)));

        long started = System.nanoTime();
        deliver(Submissions.of(campaign, "700000017", 1, "slow.1").level("CYB-A", 2))
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < TIMEOUT_MILLIS + 3_000, "the sender was answered after " + millis + " ms");
        assertEquals(0, Db.count("select count(*) from submission where campaign_code = ?", campaign));
    }

    @Test
    void afterRepeatedFailuresTheQuestionnaireCircuitAnswers503WithoutACallUntilAHalfOpenCallSucceeds() throws InterruptedException {
        String campaign = "circuit-questionnaire";
        String version = "cq.1";
        RequestPatternBuilder asked = getRequestedFor(urlPathEqualTo(questionnairePath(campaign)));
        StubMapping down = stub(get(urlPathEqualTo(questionnairePath(campaign))).willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < FAILURES; i++) {
            deliver(Submissions.of(campaign, "700000025", 1, version).level("CYB-A", 2)).statusCode(503);
        }
        assertEquals(FAILURES, server().countRequestsMatching(asked.build()).getCount());

        // Open: survey-service would answer now, but is not asked; the sender still gets 503 with Retry-After.
        server().removeStub(down);
        NeighboursWireMockResource.stubQuestionnaire(campaign, version, Questionnaires.small(version));
        deliver(Submissions.of(campaign, "700000025", 1, version).level("CYB-A", 2))
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue());
        assertEquals(FAILURES, server().countRequestsMatching(asked.build()).getCount(), "no call while the circuit is open");

        // The feed's circuit is its own: still closed.
        long feedCalls = calls(FEED);
        stub(get(urlPathEqualTo(FEED)).willReturn(okFeed()));
        catchUp.catchUp();
        assertEquals(feedCalls + 1, calls(FEED));

        // After the delay one call goes through (half-open); its success closes the circuit.
        Thread.sleep(DELAY_MILLIS + 300);
        deliver(Submissions.of(campaign, "700000025", 1, version).level("CYB-A", 2))
                .statusCode(200).body("assessmentVersion", equalTo(1));
        deliver(Submissions.of(campaign, "700000033", 1, version).level("CYB-A", 3)).statusCode(200);
        assertEquals(FAILURES + 1, server().countRequestsMatching(asked.build()).getCount(), "the questionnaire is kept once read");
    }

    // The catch-up's feed reads ----------------------------------------------------------------------

    @Test
    void aFeedSlowerThanTheTimeoutEndsTheRoundWithinTheTimeoutAndKeepsTheCursor() {
        String cursor = cursor();
        stub(get(urlPathEqualTo(FEED)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"items\": [], \"nextCursor\": \"999999:1\"}").withChunkedDribbleDelay(20, 8_000)));

        long started = System.nanoTime();
        assertThrows(RuntimeException.class, catchUp::catchUp);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < TIMEOUT_MILLIS + 3_000, "the round ended after " + millis + " ms");
        assertEquals(cursor, cursor(), "the next round reads on from the same cursor");
    }

    @Test
    void afterRepeatedFailuresTheFeedCircuitEndsRoundsWithoutACallUntilAHalfOpenCallSucceeds() throws InterruptedException {
        long before = calls(FEED);
        StubMapping down = stub(get(urlPathEqualTo(FEED)).willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < FAILURES; i++) {
            assertThrows(RuntimeException.class, catchUp::catchUp);
        }
        assertEquals(before + FAILURES, calls(FEED));

        server().removeStub(down);
        stub(get(urlPathEqualTo(FEED)).willReturn(okFeed()));
        RuntimeException refused = assertThrows(RuntimeException.class, catchUp::catchUp);
        assertTrue(NeighbourGuard.circuitOpen(refused), "refused by the open circuit: " + refused);
        assertEquals(before + FAILURES, calls(FEED), "no call while the circuit is open");

        Thread.sleep(DELAY_MILLIS + 300);
        assertEquals(0, catchUp.catchUp());
        assertEquals(before + FAILURES + 1, calls(FEED));
    }

    // ------------------------------------------------------------------------------------------------

    private StubMapping stub(com.github.tomakehurst.wiremock.client.MappingBuilder mapping) {
        StubMapping stub = server().stubFor(mapping);
        stubs.add(stub);
        return stub;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okFeed() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"items\": [], \"nextCursor\": null}");
    }

    private static long calls(String path) {
        return server().countRequestsMatching(getRequestedFor(urlPathEqualTo(path)).build()).getCount();
    }

    private static String cursor() {
        List<Map<String, Object>> rows = Db.rows("select cursor from feed_cursor where feed = 'survey-submissions'");
        return rows.isEmpty() ? null : (String) rows.get(0).get("cursor");
    }
}
