package fr.barometre.survey.security;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import fr.barometre.survey.outbox.Outbox;
import fr.barometre.survey.outbox.OutboxMessage;
import fr.barometre.survey.outbox.OutboxRelay;
import fr.barometre.survey.outbox.OutboxRepository;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.ScoringWireMockResource;
import fr.barometre.survey.testing.ScoringWireMockResource.InjectScoringWireMock;
import fr.barometre.survey.testing.Tokens;
import fr.barometre.testing.BatchAnswer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every call to Keycloak is bounded ({@code barometre.keycloak.timeout}, 3 s by default, 5 s in tests,
 * {@value #BOUND} in this class's profile, so that waiting it out is short): its admin API
 * (the real {@code KeycloakDirectory}, pointed at the WireMock stand-in for Keycloak) and its token
 * endpoint, for the outbox relay; and the service token is renewed ahead of its expiry.
 * <p>
 * The profile gives this class an application of its own, so that no service token is cached when it
 * starts: its tests run in order, the first one seeing the first token.
 */
@QuarkusTest
@TestProfile(KeycloakCallsTest.RealDirectory.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(ScoringWireMockResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakCallsTest {

    /** Longer than any bound the service may set, shorter than the suite's patience. */
    private static final int UNRESPONSIVE_MS = 30_000;
    /** The bound on each call to Keycloak in this class's profile (5 s in the other tests). */
    static final String BOUND = "2s";
    /** The time a caller may wait: the bound and the slack of a loaded build machine. */
    private static final Duration FEW_SECONDS = Duration.ofSeconds(12);
    private static final String TOKEN_PATH = "/auth/realms/quarkus/token";
    private static final String INGEST = ScoringWireMockResource.INGEST_BATCH;
    private static final String LYON = "216901231";

    /** The real Keycloak directory (not the in-memory one), its admin client pointed at the WireMock Keycloak. */
    public static class RealDirectory implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("barometre.outbox.batch-size", "1",   // a message per call: a round ending leaves the next one unattempted
                    "barometre.keycloak.timeout", BOUND,
                    "survey.identity.directory", "keycloak",
                    "%test.quarkus.keycloak.admin-client.server-url", "${keycloak.url}");
        }
    }

    @OidcWireMock
    WireMockServer keycloak;

    @InjectScoringWireMock
    WireMockServer scoring;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxRepository repository;

    private final List<StubMapping> stubs = new ArrayList<>();

    @BeforeEach
    void scoringServiceAcceptsEverything() {
        scoring.resetAll();
        scoring.stubFor(post(urlEqualTo(INGEST)).willReturn(ScoringWireMockResource.batchAnswer(BatchAnswer.every(200))));
    }

    @AfterEach
    void keycloakAnswersAgain() {
        stubs.forEach(keycloak::removeStub);
        stubs.clear();
    }

    @Test
    @Order(1)
    void aServiceTokenCloseToItsExpiryIsRenewedBeforeItIsSent() {
        // Keycloak issues a new token at each request, valid 5 s: within the renewal margin as soon as received.
        stub(post(TOKEN_PATH).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"access_token\": \"service-token-{{randomValue length=16 type='ALPHANUMERIC'}}\", "
                        + "\"token_type\": \"Bearer\", \"expires_in\": 5}")));

        enqueue("renewal-1");
        relay.relayDue();
        enqueue("renewal-2");
        relay.relayDue();   // well within the first token's 5 s: still valid, but too close to its end to be sent

        String first = ingested("renewal-1").getHeader("Authorization");
        String second = ingested("renewal-2").getHeader("Authorization");
        assertTrue(first.startsWith("Bearer service-token-") && second.startsWith("Bearer service-token-"), first + " / " + second);
        assertNotEquals(first, second, "the second delivery carries a fresh token, not the one about to expire");
    }

    @Test
    @Order(2)
    void aTokenEndpointThatDoesNotAnswerIsAFailedAttemptRetriedLater() {
        // Whatever else is due goes first, with a token close to its expiry: the next delivery asks for a new one.
        stub(post(TOKEN_PATH).atPriority(1).willReturn(token("short-token", 5)));
        relay.relayDue();
        keycloakAnswersAgain();
        scoring.resetRequests();
        stub(post(TOKEN_PATH).atPriority(1).willReturn(token("late-token", 300).withFixedDelay(UNRESPONSIVE_MS)));
        String key = enqueue("token-late");
        String next = enqueue("token-late-next");

        Instant due = Instant.now();
        long started = System.nanoTime();
        relay.relayDue();
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("Token endpoint unresponsive: the relay's attempt failed after %d ms%n", waited.toMillis());

        assertTrue(waited.compareTo(FEW_SECONDS) < 0, "the relay gave up waiting for its token after " + waited);
        OutboxMessage failed = message(key);
        assertEquals(OutboxMessage.Status.PENDING, failed.status, "nothing lost");
        assertEquals(1, failed.attempts);
        assertTrue(failed.nextAttemptAt.isAfter(due.plus(waited)), "backed off: next attempt at " + failed.nextAttemptAt);
        assertNotNull(failed.lastError);
        assertEquals(0, scoring.findAll(postRequestedFor(urlEqualTo(INGEST))).size(), "nothing sent without a token");
        assertEquals(0, message(next).attempts, "the round ended: the next message waits for the next round, unattempted");

        keycloakAnswersAgain();
        QuarkusTransaction.requiringNew().run(() -> repository.update("nextAttemptAt = ?1 where messageKey = ?2",
                Instant.now().minusSeconds(1), key));
        relay.relayDue();

        assertEquals(OutboxMessage.Status.DELIVERED, message(key).status);
        assertEquals(OutboxMessage.Status.DELIVERED, message(next).status);
        ingested("token-late");
        ingested("token-late-next");
    }

    @Test
    @Order(3)
    void anUnresponsiveAdminApiIsA503WithRetryAfterWithinSeconds() {
        String admin = Tokens.admin();
        stub(post("/auth/realms/barometre/protocol/openid-connect/token").atPriority(1)
                .willReturn(token("admin-api-token", 300)));
        // Keycloak answering first: the admin client is built and has its token (no such partner: 404).
        StubMapping answering = keycloak.stubFor(get(urlPathMatching("/auth/admin/realms/barometre/.*")).atPriority(2)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("[]")));
        stubs.add(answering);
        given().auth().oauth2(admin).get("/partners/nobody/scope").then().statusCode(404);

        stub(get(urlPathMatching("/auth/admin/realms/barometre/.*")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("[]")
                        .withFixedDelay(UNRESPONSIVE_MS)));
        for (String path : List.of("/collectivities/" + LYON + "/agents", "/partners/partner-demo/scope")) {
            long started = System.nanoTime();
            Response response = given().auth().oauth2(admin).get(path);
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf("Keycloak admin API unresponsive: GET %s answered %d after %d ms%n",
                    path, response.statusCode(), waited.toMillis());

            response.then().statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
            assertTrue(waited.compareTo(FEW_SECONDS) < 0, path + " answered after " + waited);
        }
    }

    private void stub(com.github.tomakehurst.wiremock.client.MappingBuilder mapping) {
        stubs.add(keycloak.stubFor(mapping));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder token(String value, int expiresIn) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\": \"" + value + "\", \"token_type\": \"Bearer\", \"expires_in\": " + expiresIn + "}");
    }

    private String enqueue(String campaign) {
        String key = campaign + ":" + LYON + ":1";
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(key,
                Map.of("campaign", campaign, "siren", LYON, "revision", 1)));
        return key;
    }

    private OutboxMessage message(String key) {
        return QuarkusTransaction.requiringNew().call(() -> repository.find("messageKey", key).firstResult());
    }

    private com.github.tomakehurst.wiremock.verification.LoggedRequest ingested(String campaign) {
        var requests = scoring.findAll(postRequestedFor(urlEqualTo(INGEST))
                .withRequestBody(matchingJsonPath(ScoringWireMockResource.carrying(campaign))));
        assertEquals(1, requests.size(), campaign + " delivered once");
        return requests.get(0);
    }
}
