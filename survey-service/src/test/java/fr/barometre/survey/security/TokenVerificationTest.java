package fr.barometre.survey.security;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issuer, audience, signature and expiry are all checked: only the realm's tokens for barometre-api pass. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class TokenVerificationTest {

    private static final String PATH = "/collectivities/216901231";
    private static final String KEY_SET = "/auth/realms/quarkus/protocol/openid-connect/certs";
    /** The time a caller may wait when Keycloak does not answer: the bound (5 s in tests) and the slack of a loaded build machine. */
    private static final Duration FEW_SECONDS = Duration.ofSeconds(12);

    @OidcWireMock
    WireMockServer keycloak;

    @Test
    void aTokenWhoseKeyIdTheKeySetLacksIsRefusedAtOnce() {
        String token = withUnknownKeyId();

        long started = System.nanoTime();
        given().auth().oauth2(token).get(PATH).then().statusCode(401).contentType("application/problem+json");
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        System.out.printf("Unknown key id, key set read again and lacking it: 401 after %d ms%n", waited.toMillis());
        assertTrue(waited.compareTo(FEW_SECONDS) < 0, "answered after " + waited);
    }

    @Test
    void aTokenWithAnUnknownKeyIdIsA503WhenTheKeySetCannotBeRead() {
        StubMapping unresponsive = keycloak.stubFor(WireMock.get(KEY_SET).atPriority(1)
                .willReturn(aResponse().withStatus(200).withFixedDelay(30_000)));
        try {
            String token = withUnknownKeyId();

            long started = System.nanoTime();
            given().auth().oauth2(token).get(PATH).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "5");
            Duration waited = Duration.ofNanos(System.nanoTime() - started);

            System.out.printf("Unknown key id, key set unresponsive: 503 after %d ms%n", waited.toMillis());
            assertTrue(waited.compareTo(FEW_SECONDS) < 0, "answered after " + waited);
        } finally {
            keycloak.removeStub(unresponsive);
        }
        given().auth().oauth2(Tokens.analyst()).get(PATH).then().statusCode(200);
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

    @Test
    void aTokenOfTheRealmForTheApiIsAccepted() {
        given().auth().oauth2(Tokens.analyst()).get(PATH).then().statusCode(200);
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        String token = Tokens.sign(Tokens.claims("analyst", "analyst").issuer("https://elsewhere.example.com/realms/barometre"));
        given().auth().oauth2(token).get(PATH)
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void aTokenWithoutTheAudienceIsRefused() {
        String token = Tokens.sign(Tokens.claims("analyst", "analyst").audience("account"));
        given().auth().oauth2(token).get(PATH).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = Tokens.sign(Tokens.claims("analyst", "analyst")
                .issuedAt(Instant.now().minusSeconds(7200)).expiresAt(Instant.now().minusSeconds(3600)));
        given().auth().oauth2(token).get(PATH).then().statusCode(401);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String token = Jwt.claims().issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).subject("analyst")
                .claim("realm_access", Map.of("roles", List.of("admin")))
                .jws().keyId("1").sign(generator.generateKeyPair().getPrivate());
        given().auth().oauth2(token).get(PATH).then().statusCode(401);
    }

    @Test
    void garbageInsteadOfATokenIsRefused() {
        given().header("Authorization", "Bearer not-a-token").get(PATH)
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
    }

    @Test
    void aTokenWithoutAnyRoleOfTheServiceIsForbidden() {
        given().auth().oauth2(Tokens.withRoles("offline_access")).get(PATH)
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void serviceRolesDoNotOpenUserEndpoints() {
        given().auth().oauth2(Tokens.feed()).get(PATH).then().statusCode(403);
    }
}
