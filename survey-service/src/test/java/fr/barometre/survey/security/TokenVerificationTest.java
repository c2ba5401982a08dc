package fr.barometre.survey.security;

import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Issuer, audience, signature and expiry are all checked: only the realm's tokens for barometre-api pass. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class TokenVerificationTest {

    private static final String PATH = "/collectivities/216901231";

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
