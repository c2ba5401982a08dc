package fr.barometre.survey.api;

import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Responses;
import fr.barometre.survey.testing.SubmissionFixtures;
import fr.barometre.survey.testing.Tokens;
import fr.barometre.testing.TamperedTokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A bearer token verified once is not verified again while it is valid ({@link VerifiedTokens}: a save and its
 * submission, sent with one token, are one verification), and that never lets through a token the full
 * verification refuses: a tampered one, an expired one (even one accepted while it was valid), one of another
 * issuer or audience, each sent right after the genuine token was kept. An authority the registry does not hold
 * answers 404 to a token accepted, 401 to one refused.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class VerifiedTokensTest {

    private static final String UNKNOWN = "/collectivities/000000000";

    @Inject
    MeterRegistry metrics;

    @Test
    void aTokenIsVerifiedOnceThenServedFromTheCacheWithItsOwnRolesAndClaims() {
        List<String> sirens = SubmissionFixtures.communes("35", 2);
        String campaign = "tok-roles";
        SubmissionFixtures.createOpenCampaign(campaign, sirens.get(0), sirens.get(1));
        String respondent = Tokens.respondent(sirens.get(0));
        String other = Tokens.respondent(sirens.get(1));
        var firstAnswer = SubmissionFixtures.completeAnswers(campaign).subList(0, 1);
        Responses.create(other, campaign, sirens.get(1), firstAnswer);
        double verified = count("verified");
        double cached = count("cached");
        Responses.create(respondent, campaign, sirens.get(0), firstAnswer);
        for (int i = 0; i < 2; i++) {
            // its own authority's response, through its collectivity claim and role, each time; not another's (404: not told it exists)
            given().auth().oauth2(respondent).get(Responses.path(campaign, sirens.get(0))).then().statusCode(200)
                    .body("siren", equalTo(sirens.get(0)));
            given().auth().oauth2(respondent).get(Responses.path(campaign, sirens.get(1))).then().statusCode(404);
        }
        assertEquals(verified + 1, count("verified"), "verified once");
        assertEquals(cached + 4, count("cached"), "then served from the cache (the save and four reads)");
        // another caller's token is its own identity, not the one held
        given().auth().oauth2(other).get(Responses.path(campaign, sirens.get(0))).then().statusCode(404);
        given().auth().oauth2(other).get(Responses.path(campaign, sirens.get(1))).then().statusCode(200).body("siren", equalTo(sirens.get(1)));
        given().auth().oauth2(Tokens.withRoles("nobody")).get(UNKNOWN).then().statusCode(403);
    }

    @Test
    void aTamperedTokenIsRefusedAfterTheGenuineOneWasKept() {
        String genuine = Tokens.analyst();
        given().auth().oauth2(genuine).get(UNKNOWN).then().statusCode(404);
        given().auth().oauth2(genuine).get(UNKNOWN).then().statusCode(404);
        // the payload with one more role, the signature kept; and the signature altered, the payload kept
        String moreRoles = TamperedTokens.withPayloadReplaced(genuine, "\"analyst\"]", "\"analyst\",\"admin\"]");
        String badSignature = TamperedTokens.withSignatureAltered(genuine);
        given().auth().oauth2(moreRoles).get("/audit").then().statusCode(401);
        given().auth().oauth2(badSignature).get(UNKNOWN).then().statusCode(401);
        given().auth().oauth2(genuine + "x").get(UNKNOWN).then().statusCode(401);
        given().auth().oauth2(genuine).get(UNKNOWN).then().statusCode(404);
        given().auth().oauth2(genuine).get("/audit").then().statusCode(403);
    }

    @Test
    void aTokenAcceptedWhileValidIsRefusedOnceExpired() throws Exception {
        given().auth().oauth2(Tokens.analyst()).get(UNKNOWN).then().statusCode(404);   // the service warm: the token below lives a few seconds
        long expiry = Instant.now().getEpochSecond() + 6;
        String shortLived = Tokens.sign(Tokens.claims("analyst", "analyst").expiresAt(expiry));
        given().auth().oauth2(shortLived).get(UNKNOWN).then().statusCode(404);
        double cached = count("cached");
        given().auth().oauth2(shortLived).get(UNKNOWN).then().statusCode(404);
        assertEquals(cached + 1, count("cached"), "served from the cache while valid");
        while (Instant.now().getEpochSecond() < expiry + 1) {
            Thread.sleep(200);
        }
        given().auth().oauth2(shortLived).get(UNKNOWN).then().statusCode(401);
        given().auth().oauth2(Tokens.expired(Tokens.claims("analyst", "analyst"))).get(UNKNOWN).then().statusCode(401);
    }

    @Test
    void aTokenOfAnotherIssuerAudienceOrKeyIsRefusedEveryTime() {
        given().auth().oauth2(Tokens.analyst()).get(UNKNOWN).then().statusCode(404);
        String otherIssuer = Tokens.sign(Tokens.claims("analyst", "analyst").issuer("https://elsewhere.example.com/realms/barometre"));
        String otherAudience = Tokens.sign(Tokens.claims("analyst", "analyst").audience("another-api"));
        String otherKey = Tokens.signedWithAnotherKey(Tokens.claims("analyst", "analyst"));
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(otherIssuer).get(UNKNOWN).then().statusCode(401);
            given().auth().oauth2(otherAudience).get(UNKNOWN).then().statusCode(401);
            given().auth().oauth2(otherKey).get(UNKNOWN).then().statusCode(401);
        }
    }

    private double count(String outcome) {
        return metrics.counter("tokens.verified", "outcome", outcome).count();
    }
}
