package fr.barometre.reporting.figures;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Repeated reads come from the cache; a new fact bumps the campaign's version row and invalidates it. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class FiguresCacheTest {

    private static final String CAMPAIGN = "cache-2025";

    @Inject
    FiguresCache cache;

    @Test
    void aRepeatedReadIsServedFromTheCacheAndANewFactInvalidatesIt() {
        for (int i = 1; i <= 5; i++) {
            fact(CAMPAIGN, siren(7, i)).allAt(3).deliver();
        }
        String first = given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CAMPAIGN).then().statusCode(200)
                .body("themes[0].respondents", equalTo(5)).extract().asString();
        double misses = cache.misses();
        String second = given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CAMPAIGN).then().statusCode(200).extract().asString();
        assertEquals(first, second);
        assertEquals(misses, cache.misses(), "the second read is a hit");

        fact(CAMPAIGN, siren(7, 1)).allAt(3).deliver();   // a redelivery changes nothing, the version stays
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CAMPAIGN).then().statusCode(200);
        assertEquals(misses, cache.misses(), "a redelivery does not invalidate");

        fact(CAMPAIGN, siren(7, 6)).allAt(0).deliver();
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CAMPAIGN).then().statusCode(200)
                .body("themes[0].respondents", equalTo(6)).body("themes[0].share", equalTo(0.8333f));
        assertEquals(misses + 1, cache.misses(), "a new fact makes the figures computed afresh");
    }

    @Test
    void aNewFactOfThePreviousEditionChangesTheComparison() {
        fact("cache-3001", siren(7, 31)).allAt(3).deliver();
        fact("cache-3002", siren(7, 31)).allAt(3).deliver();
        given().auth().oauth2(Tokens.analyst()).get("/barometers/cache-3002").then().statusCode(200)
                .body("comparedTo", equalTo("cache-3001")).body("themes[0].previous.share", equalTo(1.0f));
        fact("cache-3001", siren(7, 32)).allAt(0).deliver();
        given().auth().oauth2(Tokens.analyst()).get("/barometers/cache-3002").then().statusCode(200)
                .body("themes[0].previous.share", equalTo(0.5f)).body("themes[0].previous.differencePoints", equalTo(50.0f));
    }

    @Test
    void confidentialAndFullFiguresAreCachedApart() {
        String code = "cache-2026";
        for (int i = 1; i <= 4; i++) {
            fact(code, siren(7, 10 + i)).allAt(3).deliver();
        }
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + code + "/publication").then().statusCode(200);
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + code + "?published=true").then().statusCode(200)
                .body("themes[0].respondents", equalTo(4));
        given().get("/barometers/" + code).then().statusCode(200).body("themes[0].withheld", equalTo(true));
    }

    @Test
    void publishedFiguresStayCachedWhileLiveFactsArriveAndANewPublicationIsRead() {
        String code = "cache-2028";
        for (int i = 1; i <= 5; i++) {
            fact(code, siren(7, 40 + i)).allAt(3).deliver();
        }
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + code + "/publication").then().statusCode(200);
        given().get("/barometers/" + code).then().statusCode(200).body("themes[0].respondents", equalTo(5));
        double misses = cache.misses();
        fact(code, siren(7, 46)).allAt(0).deliver();   // a LIVE fact: the version row moves, the published snapshot does not
        given().get("/barometers/" + code).then().statusCode(200).body("themes[0].respondents", equalTo(5));
        assertEquals(misses, cache.misses(), "the published figures are still those cached");
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + code + "/publication").then().statusCode(200);
        given().get("/barometers/" + code).then().statusCode(200).body("themes[0].respondents", equalTo(6))
                .body("themes[0].share", equalTo(0.8333f));
    }

    @Test
    void theCacheIsBounded() {
        String code = "cache-2027";
        fact(code, siren(7, 21)).allAt(3).deliver();
        for (int region = 10; region < 80; region++) {
            given().auth().oauth2(Tokens.analyst()).get("/barometers/" + code + "?region=" + region).then().statusCode(200);
        }
        assertTrue(cache.size() <= 50, "at most reporting.cache.max-entries (50 in tests), got " + cache.size());
    }
}
