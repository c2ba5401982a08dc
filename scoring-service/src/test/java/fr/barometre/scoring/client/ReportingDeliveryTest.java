package fr.barometre.scoring.client;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import fr.barometre.scoring.outbox.OutboxRelay;
import fr.barometre.scoring.testing.Api;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Submissions;
import fr.barometre.testing.BatchAnswer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.server;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubQuestionnaire;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay's posts to reporting-service go through {@link ReportingDelivery}'s guard: a reporting
 * answering later than the read timeout is given up on within that timeout (the message stays
 * pending, retried by the relay), and after 3 failures in a row (this profile) the circuit opens:
 * the relay's attempts fail without reaching reporting-service until a call let through after the
 * delay succeeds.
 */
@QuarkusTest
@TestProfile(ReportingDeliveryTest.TightCircuit.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class ReportingDeliveryTest {

    private static final String VERSION = "rd-25.1";
    private static final String FACTS = NeighboursWireMockResource.FACTS_BATCH;
    private static final int FAILURES = 3;
    private static final long DELAY_MILLIS = 2_000;
    private static final long TIMEOUT_MILLIS = 1_000;

    public static class TightCircuit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "barometre.neighbours.circuit-breaker.failures", String.valueOf(FAILURES),
                    "barometre.neighbours.circuit-breaker.delay", DELAY_MILLIS + "ms",
                    "quarkus.rest-client.reporting.read-timeout", String.valueOf(TIMEOUT_MILLIS));
        }
    }

    @Inject
    OutboxRelay relay;

    @Inject
    CircuitBreakerMaintenance circuits;

    /** Every circuit closed; messages left pending by other test classes delivered first (reporting accepts them by default). */
    @BeforeEach
    void closedCircuitAndOnlyThisTestsMessagesPending() {
        circuits.resetAll();
        Db.update("update outbox_message set next_attempt_at = now() where status = 'PENDING'");
        relay.relayDue();
        circuits.resetAll();
    }

    @Test
    void aReportingAnsweringPastTheTimeoutIsGivenUpOnWithinItAndTheRelayRetries() {
        String campaign = "rd-slow";
        String key = submitted(campaign, "500000070");
        // reporting-service answers after 4 s, past the read timeout (the guard's bound and the client's).
        StubMapping slow = stubFacts(campaign, NeighboursWireMockResource.batchAnswer(BatchAnswer.every(200)).withFixedDelay(4_000));

        long started = System.nanoTime();
        relay.relayDue();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < TIMEOUT_MILLIS + 1_500, "the relay gave up after " + millis + " ms");
        assertEquals(1, Db.count("""
                select count(*) from outbox_message where message_key = ? and status = 'PENDING' and attempts = 1
                  and last_error like '%Timeout%'""", key), "kept, to be tried again");

        server().removeStub(slow);
        stubFacts(campaign, NeighboursWireMockResource.batchAnswer(BatchAnswer.every(200)));
        Db.update("update outbox_message set next_attempt_at = now() where message_key = ?", key);
        relay.relayDue();
        assertEquals(1, Db.count("select count(*) from outbox_message where message_key = ? and status = 'DELIVERED' and attempts = 2", key));
        assertEquals(2, posted(campaign));
    }

    @Test
    void afterRepeatedFailuresTheCircuitOpensTheRelayBacksOffWithoutCallingThenAHalfOpenCallDelivers() throws InterruptedException {
        String campaign = "rd-down";
        String key = submitted(campaign, "500000088");
        StubMapping down = stubFacts(campaign, aResponse().withStatus(503));

        for (int i = 0; i < FAILURES; i++) {
            Db.update("update outbox_message set next_attempt_at = now() where message_key = ?", key);
            relay.relayDue();
        }
        assertEquals(FAILURES, posted(campaign));
        Db.update("update outbox_message set next_attempt_at = now() where message_key = ?", key);
        relay.relayDue();
        assertEquals(FAILURES, posted(campaign), "the open circuit refuses the call without making it");
        assertEquals(1, Db.count("""
                select count(*) from outbox_message where message_key = ? and status = 'PENDING' and attempts = ?
                  and last_error like '%CircuitBreakerOpen%' and next_attempt_at > now()""", key, FAILURES + 1),
                "a failed attempt, backed off as any other");

        server().removeStub(down);
        stubFacts(campaign, NeighboursWireMockResource.batchAnswer(BatchAnswer.every(200)));
        Thread.sleep(DELAY_MILLIS + 200);
        Db.update("update outbox_message set next_attempt_at = now() where message_key = ?", key);
        relay.relayDue();
        assertEquals(FAILURES + 1, posted(campaign), "one call let through (half-open)");
        assertEquals(1, Db.count("select count(*) from outbox_message where message_key = ? and status = 'DELIVERED'", key));
    }

    /** A submission ingested: its fact waits in the outbox; returns the message's key. */
    private static String submitted(String campaign, String siren) {
        stubQuestionnaire(campaign, VERSION, Questionnaires.small(VERSION));
        Api.deliver(Submissions.of(campaign, siren, 1, VERSION).level("CYB-A", 2)).statusCode(200);
        return campaign + ":" + siren + ":1";
    }

    private static StubMapping stubFacts(String campaign, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
        return server().stubFor(post(urlPathEqualTo(FACTS))
                .withRequestBody(matchingJsonPath(NeighboursWireMockResource.carrying(campaign))).willReturn(answer));
    }

    private static int posted(String campaign) {
        return server().countRequestsMatching(postRequestedFor(urlPathEqualTo(FACTS))
                .withRequestBody(matchingJsonPath(NeighboursWireMockResource.carrying(campaign))).build()).getCount();
    }
}
