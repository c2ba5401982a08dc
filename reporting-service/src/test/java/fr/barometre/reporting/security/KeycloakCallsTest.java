package fr.barometre.reporting.security;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.barometre.reporting.catchup.FactCatchUp;
import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.agroal.api.AgroalDataSource;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every call to Keycloak is bounded ({@code barometre.keycloak.timeout}, 3 s by default, 5 s in tests,
 * {@value #BOUND} in this class's profile, so that waiting it out is short): the key set that
 * verifies callers' tokens and the token endpoint, for the catch-up pulls; and the service token is renewed
 * ahead of its expiry.
 * <p>
 * The profile gives this class an application of its own, so that no service token is cached when it
 * starts: its tests run in order, the first one seeing the first token. No cursor is kept (the pages
 * stubbed here have none), so that the feed's own tests start from the beginning.
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
    private static final String FEED = "/internal/assessments";
    private static final String PROTECTED = "/barometers/kc-2025";

    /** This class's own application: a fresh service token cache, and a short bound on the calls to Keycloak. */
    public static class OwnApplication implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("barometre.keycloak.timeout", BOUND);
        }
    }

    @OidcWireMock
    WireMockServer keycloak;

    @Inject
    FactCatchUp catchUp;

    @Inject
    AgroalDataSource dataSource;

    private final WireMockServer neighbours = NeighboursWireMockResource.server();
    private final List<StubMapping> keycloakStubs = new ArrayList<>();
    private final List<StubMapping> neighbourStubs = new ArrayList<>();

    @AfterEach
    void keycloakAndScoringAnswerAsUsual() {
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
        neighbourStubs.add(neighbours.stubFor(get(urlPathEqualTo(FEED)).atPriority(1).willReturn(page("[]"))));
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
    void aTokenEndpointThatDoesNotAnswerEndsTheCatchUpRoundQuicklyAndTheNextRoundReadsTheFeed() throws SQLException {
        // The token of the previous test is close to its expiry: the next pull asks for a new one.
        String siren = siren(31, 1);
        neighbourStubs.add(neighbours.stubFor(get(urlPathEqualTo(FEED)).atPriority(1)
                .willReturn(page("[" + fact("kc-2025", siren).allAt(2).json() + "]"))));
        StubMapping late = keycloak.stubFor(post(TOKEN_PATH).atPriority(1).willReturn(token("late-token", 300).withFixedDelay(UNRESPONSIVE_MS)));
        keycloakStubs.add(late);
        neighbours.resetRequests();

        long started = System.nanoTime();
        assertThrows(RuntimeException.class, catchUp::catchUp);
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("Token endpoint unresponsive: the catch-up round ended after %d ms%n", waited.toMillis());

        assertTrue(waited.compareTo(FEW_SECONDS) < 0, "the catch-up gave up waiting for its token after " + waited);
        assertEquals(0, neighbours.findAll(getRequestedFor(urlPathEqualTo(FEED))).size(), "nothing pulled without a token");
        assertEquals(0, facts("kc-2025", siren));

        keycloak.removeStub(late);
        keycloakStubs.remove(late);
        catchUp.catchUp();   // the next round, Keycloak answering

        assertEquals(1, facts("kc-2025", siren), "the feed's fact is applied once Keycloak answers");
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
        keycloakAndScoringAnswerAsUsual();
        given().auth().oauth2(Tokens.analyst()).get(PROTECTED).then().statusCode(allOf(not(401), lessThan(500)));
    }

    /** A page of scoring-service's feed without a cursor: nothing is kept between rounds. */
    private static ResponseDefinitionBuilder page(String items) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"items\": " + items + ", \"nextCursor\": null}");
    }

    private static ResponseDefinitionBuilder token(String value, int expiresIn) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\": \"" + value + "\", \"token_type\": \"Bearer\", \"expires_in\": " + expiresIn + "}");
    }

    private long facts(String campaign, String siren) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from fact where campaign_code = ? and siren = ?")) {
            ps.setString(1, campaign);
            ps.setString(2, siren);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
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
