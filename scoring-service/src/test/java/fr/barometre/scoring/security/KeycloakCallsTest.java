package fr.barometre.scoring.security;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.barometre.scoring.catchup.SubmissionCatchUp;
import fr.barometre.scoring.outbox.Outbox;
import fr.barometre.scoring.outbox.OutboxRelay;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.util.KeyUtils;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every call to Keycloak is bounded ({@code barometre.keycloak.timeout}, 3 s by default, 5 s in tests,
 * {@value #BOUND} in this class's profile, so that waiting it out is short): the key set that
 * verifies callers' tokens and the token endpoint, for the outbox relay; and the service token is renewed
 * ahead of its expiry, for the catch-up pulls.
 * <p>
 * The profile gives this class an application of its own, so that no service token is cached when it
 * starts: its tests run in order, the first one seeing the first token.
 */
@QuarkusTest
@TestProfile(KeycloakCallsTest.OwnApplication.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeycloakCallsTest {

    /** Longer than any bound the service may set, shorter than the suite's patience. */
    private static final int UNRESPONSIVE_MS = 30_000;
    /** The bound on each call to Keycloak in this class's profile (5 s in the other tests). */
    static final String BOUND = "2s";
    /** The time a caller may wait: the bound and the slack of a loaded build machine. */
    private static final Duration FEW_SECONDS = Duration.ofSeconds(12);
    private static final String TOKEN_PATH = "/auth/realms/quarkus/token";
    private static final String KEY_SET = "/auth/realms/quarkus/protocol/openid-connect/certs";
    private static final String FEED = "/internal/submissions";
    private static final String FACTS = NeighboursWireMockResource.FACTS_BATCH;
    private static final String PROTECTED = "/models";

    /** This class's own application: a fresh service token cache, and a fact per call. */
    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("barometre.outbox.batch-size", "1",   // a message per call: a round ending leaves the next one unattempted
                    "barometre.keycloak.timeout", BOUND);
        }
    }

    @OidcWireMock
    WireMockServer keycloak;

    @Inject
    SubmissionCatchUp catchUp;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    private final WireMockServer neighbours = NeighboursWireMockResource.server();
    private final List<StubMapping> keycloakStubs = new ArrayList<>();
    private final List<StubMapping> neighbourStubs = new ArrayList<>();

    @AfterEach
    void keycloakAndSurveyAnswerAsUsual() {
        keycloakStubs.forEach(keycloak::removeStub);
        keycloakStubs.clear();
        neighbourStubs.forEach(neighbours::removeStub);
        neighbourStubs.clear();
    }

    @Test
    @Order(1)
    void theCatchUpRenewsAServiceTokenCloseToItsExpiryBeforeSendingIt() {
        // Keycloak issues a new token at each request, valid 5 s: within the renewal margin as soon as received.
        keycloakStubs.add(keycloak.stubFor(post(TOKEN_PATH).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody("{\"access_token\": \"service-token-{{randomValue length=16 type='ALPHANUMERIC'}}\", "
                        + "\"token_type\": \"Bearer\", \"expires_in\": 5}"))));
        neighbourStubs.add(neighbours.stubFor(get(urlPathEqualTo(FEED)).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"items\": [], \"nextCursor\": null}"))));
        neighbours.resetRequests();

        catchUp.catchUp();
        catchUp.catchUp();   // well within the first token's 5 s: still valid, but too close to its end to be sent

        List<LoggedRequest> pulls = neighbours.findAll(getRequestedFor(urlPathEqualTo(FEED)));
        assertEquals(2, pulls.size());
        String first = pulls.get(0).getHeader("Authorization");
        String second = pulls.get(1).getHeader("Authorization");
        assertTrue(first.startsWith("Bearer service-token-") && second.startsWith("Bearer service-token-"), first + " / " + second);
        assertNotEquals(first, second, "the second pull carries a fresh token, not the one about to expire");
    }

    @Test
    @Order(2)
    void aTokenEndpointThatDoesNotAnswerIsAFailedAttemptRetriedLater() {
        // Whatever else is due goes first, with a token close to its expiry: the next delivery asks for a new one.
        StubMapping shortLived = keycloak.stubFor(post(TOKEN_PATH).atPriority(1).willReturn(token("short-token", 5)));
        relay.relayDue();
        keycloak.removeStub(shortLived);
        keycloakStubs.add(keycloak.stubFor(post(TOKEN_PATH).atPriority(1).willReturn(token("late-token", 300).withFixedDelay(UNRESPONSIVE_MS))));
        String key = enqueue("token-late");
        String next = enqueue("token-late-next");

        Instant due = Instant.now();
        long started = System.nanoTime();
        relay.relayDue();
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("Token endpoint unresponsive: the relay's attempt failed after %d ms%n", waited.toMillis());

        assertTrue(waited.compareTo(FEW_SECONDS) < 0, "the relay gave up waiting for its token after " + waited);
        Map<String, Object> failed = Db.rows("select status, attempts, next_attempt_at, last_error from outbox_message where message_key = ?", key).get(0);
        assertEquals("PENDING", failed.get("status"), "nothing lost");
        assertEquals(1, ((Number) failed.get("attempts")).intValue());
        assertTrue(((java.sql.Timestamp) failed.get("next_attempt_at")).toInstant().isAfter(due.plus(waited)), "backed off: " + failed);
        assertEquals(0, factsOf("token-late").size(), "nothing sent without a token");
        assertEquals(0L, Db.count("select attempts from outbox_message where message_key = ?", next),
                "the round ended: the next message waits for the next round, unattempted");

        keycloakAndSurveyAnswerAsUsual();
        Db.update("update outbox_message set next_attempt_at = now() - interval '1 second' where message_key = ?", key);
        relay.relayDue();

        assertEquals("DELIVERED", Db.rows("select status from outbox_message where message_key = ?", key).get(0).get("status"));
        assertEquals(1, factsOf("token-late").size(), "delivered once");
        assertEquals(1, factsOf("token-late-next").size(), "delivered once");
    }

    private String enqueue(String campaign) {
        String key = campaign + ":500000013:1";
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(key,
                Map.of("campaign", campaign, "siren", "500000013", "revision", 1)));
        return key;
    }

    @Test
    @Order(3)
    void aTokenWhoseKeyIdTheKeySetLacksIsRefusedAtOnce() {
        given().auth().oauth2(Tokens.analyst()).get(PROTECTED).then().statusCode(allOf(not(401), lessThan(500)));   // warm-up
        String token = withUnknownKeyId();

        long started = System.nanoTime();
        given().auth().oauth2(token).get(PROTECTED).then().statusCode(401).contentType("application/problem+json");
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        System.out.printf("Unknown key id, key set read again and lacking it: 401 after %d ms%n", waited.toMillis());
        assertTrue(waited.compareTo(FEW_SECONDS) < 0, "answered after " + waited);
    }

    @Test
    @Order(4)
    void aTokenWithAnUnknownKeyIdIsA503WhenTheKeySetCannotBeRead() {
        keycloakStubs.add(keycloak.stubFor(get(KEY_SET).atPriority(1).willReturn(aResponse().withStatus(200).withFixedDelay(UNRESPONSIVE_MS))));
        String token = withUnknownKeyId();

        long started = System.nanoTime();
        given().auth().oauth2(token).get(PROTECTED).then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "5");
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        System.out.printf("Unknown key id, key set unresponsive: 503 after %d ms%n", waited.toMillis());
        assertTrue(waited.compareTo(FEW_SECONDS) < 0, "answered after " + waited);
        keycloakAndSurveyAnswerAsUsual();
        given().auth().oauth2(Tokens.analyst()).get(PROTECTED).then().statusCode(allOf(not(401), lessThan(500)));
    }

    private List<LoggedRequest> factsOf(String campaign) {
        return neighbours.findAll(postRequestedFor(urlEqualTo(FACTS)).withRequestBody(matchingJsonPath(NeighboursWireMockResource.carrying(campaign))));
    }

    private static ResponseDefinitionBuilder token(String value, int expiresIn) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\": \"" + value + "\", \"token_type\": \"Bearer\", \"expires_in\": " + expiresIn + "}");
    }

    /** A token signed with the realm's key but naming a key id the key set does not have (a key rotated away). */
    private static String withUnknownKeyId() {
        try {
            return Tokens.claims("analyst", "analyst").jws().keyId("rotated-away")
                    .sign((PrivateKey) KeyUtils.readSigningKey("privateKey.jwk", "1"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
