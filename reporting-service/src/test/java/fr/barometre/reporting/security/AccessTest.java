package fr.barometre.reporting.security;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Tokens are checked (issuer, audience, expiry) even where anonymous callers are allowed; problem documents for every failure. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class AccessTest {

    @Test
    void aBadTokenOnAPublicPathIsRefusedNotTreatedAsAnonymous() {
        fact("acc-2025", siren(11, 1)).allAt(3).deliver();
        String otherIssuer = Tokens.sign(Tokens.claims("analyst", "analyst").issuer("https://elsewhere.example.com/realms/barometre"));
        given().auth().oauth2(otherIssuer).get("/barometers/acc-2025").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().auth().oauth2(Tokens.sign(Tokens.claims("analyst", "analyst").audience("account"))).get("/barometers/acc-2025")
                .then().statusCode(401);
        given().auth().oauth2(Tokens.sign(Tokens.claims("analyst", "analyst").issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600)))).get("/barometers/acc-2025").then().statusCode(401);
        given().header("Authorization", "Bearer not-a-token").get("/barometers/acc-2025").then().statusCode(401);
        given().auth().oauth2(Tokens.analyst()).get("/barometers/acc-2025").then().statusCode(200);
    }

    @Test
    void problemDocumentsForHttpFailures() {
        given().get("/no/such/path").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.withRoles("reporting-ingest")).delete("/internal/facts").then().statusCode(405)
                .contentType("application/problem+json").body("status", equalTo(405));
        given().auth().oauth2(Tokens.analyst()).accept("application/xml").get("/barometers/acc-2025")
                .then().statusCode(406).body(containsString("\"status\":406"));
        given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("text/plain").body("x").post("/internal/facts")
                .then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("application/json").body("{\"campaign\": ")
                .post("/internal/facts").then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed request body"));
    }
}
