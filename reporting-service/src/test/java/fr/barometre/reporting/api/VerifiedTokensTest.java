package fr.barometre.reporting.api;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import fr.barometre.testing.TamperedTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A bearer token verified once is not verified again while it is valid ({@link VerifiedTokens}), and
 * that never lets through a token the full verification refuses: a tampered one, an expired one (even
 * one accepted while it was valid), one of another issuer or audience, each read right after the
 * genuine token was kept. An endpoint for signed-in callers only: 404 for an authority it does not
 * know means the token was accepted, 401 that it was refused.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class VerifiedTokensTest {

    private static final String BENCHMARK = "/barometers/tok-2025/collectivities/" + siren(81, 9);

    @Inject
    MeterRegistry metrics;

    @Test
    void aTokenIsVerifiedOnceThenServedFromTheCacheWithItsOwnRolesAndClaims() {
        String campaign = "tok-roles";
        fact(campaign, siren(81, 1)).allAt(3).deliver();
        String respondent = Tokens.respondent(siren(81, 1));
        double verified = count("verified");
        double cached = count("cached");
        for (int i = 0; i < 3; i++) {
            // its own authority, read through its collectivity claim and role, each time
            given().auth().oauth2(respondent).get("/barometers/" + campaign + "/collectivities/" + siren(81, 1)).then().statusCode(200)
                    .body("siren", equalTo(siren(81, 1)));
            given().auth().oauth2(respondent).get("/barometers/" + campaign + "/collectivities/" + siren(81, 2)).then().statusCode(404);
        }
        assertEquals(verified + 1, count("verified"), "verified once");
        assertEquals(cached + 5, count("cached"), "then served from the cache");
        // another caller's token is its own identity, not the one held
        given().auth().oauth2(Tokens.withRoles("nobody")).get("/barometers/" + campaign + "/collectivities/" + siren(81, 1)).then().statusCode(403);
    }

    @Test
    void aTamperedTokenIsRefusedAfterTheGenuineOneWasKept() {
        String genuine = Tokens.analyst();
        given().auth().oauth2(genuine).get(BENCHMARK).then().statusCode(404);
        given().auth().oauth2(genuine).get(BENCHMARK).then().statusCode(404);
        // the payload with one more role, the signature kept; and the signature altered, the payload kept
        String moreRoles = TamperedTokens.withPayloadReplaced(genuine, "\"analyst\"]", "\"analyst\",\"admin\"]");
        String badSignature = TamperedTokens.withSignatureAltered(genuine);
        given().auth().oauth2(moreRoles).get(BENCHMARK).then().statusCode(401);
        given().auth().oauth2(badSignature).get(BENCHMARK).then().statusCode(401);
        given().auth().oauth2(genuine + "x").get(BENCHMARK).then().statusCode(401);
        given().auth().oauth2(genuine).get(BENCHMARK).then().statusCode(404);
    }

    @Test
    void aTokenAcceptedWhileValidIsRefusedOnceExpired() throws Exception {
        given().auth().oauth2(Tokens.analyst()).get(BENCHMARK).then().statusCode(404);   // the service warm: the token below lives a few seconds
        long expiry = Instant.now().getEpochSecond() + 6;
        String shortLived = Tokens.sign(Tokens.claims("analyst", "analyst").expiresAt(expiry));
        given().auth().oauth2(shortLived).get(BENCHMARK).then().statusCode(404);
        double cached = count("cached");
        given().auth().oauth2(shortLived).get(BENCHMARK).then().statusCode(404);
        assertEquals(cached + 1, count("cached"), "served from the cache while valid");
        while (Instant.now().getEpochSecond() < expiry + 1) {
            Thread.sleep(200);
        }
        given().auth().oauth2(shortLived).get(BENCHMARK).then().statusCode(401);
        given().auth().oauth2(Tokens.sign(Tokens.claims("analyst", "analyst").expiresAt(Instant.now().minusSeconds(60))))
                .get(BENCHMARK).then().statusCode(401);
    }

    @Test
    void aTokenOfAnotherIssuerOrAudienceIsRefusedEveryTime() {
        given().auth().oauth2(Tokens.analyst()).get(BENCHMARK).then().statusCode(404);
        String otherIssuer = Tokens.sign(Tokens.claims("analyst", "analyst").issuer("https://elsewhere.example.com/realms/barometre"));
        String otherAudience = Tokens.sign(Tokens.claims("analyst", "analyst").audience("another-api"));
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(otherIssuer).get(BENCHMARK).then().statusCode(401);
            given().auth().oauth2(otherAudience).get(BENCHMARK).then().statusCode(401);
        }
    }

    private double count(String outcome) {
        return metrics.counter("tokens.verified", "outcome", outcome).count();
    }
}
