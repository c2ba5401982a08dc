package fr.barometre.reporting.figures;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;

/** The threshold on both sides: 5 authorities are shown, 4 are withheld from the public, partners and respondents; analysts see all. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class ConfidentialityTest {

    private static final String FIVE = "conf-5";
    private static final String FOUR = "conf-4";
    private static boolean loaded;

    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        for (int i = 1; i <= 5; i++) {
            fact(FIVE, siren(8, i)).allAt(i % 2 == 0 ? 3 : 1).deliver();
            if (i <= 4) {
                fact(FOUR, siren(8, i)).allAt(i % 2 == 0 ? 3 : 1).deliver();
            }
        }
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + FIVE + "/publication").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + FOUR + "/publication").then().statusCode(200);
        loaded = true;
    }

    @Test
    void fiveAuthoritiesAreEnough() {
        given().get("/barometers/" + FIVE).then().statusCode(200)
                .body("authorities", equalTo(5))
                .body("themes.withheld", everyItem(equalTo(false)))
                .body("themes[0].share", equalTo(0.4f))
                .body("themes[0].meanScore", equalTo(45.0f));
    }

    @Test
    void fourAuthoritiesAreWithheldFromThePublicPartnersAndRespondents() {
        for (String token : new String[] {null, Tokens.partner(List.of("INTERCONNECTES"), List.of(siren(8, 1))), Tokens.respondent(siren(8, 1))}) {
            var request = token == null ? given() : given().auth().oauth2(token);
            request.get("/barometers/" + FOUR).then().statusCode(200)
                    .body("edition.confidentialityApplied", equalTo(true))
                    .body("edition.confidentialityThreshold", equalTo(5))
                    .body("authorities", nullValue())
                    .body("themes.withheld", everyItem(equalTo(true)))
                    .body("themes.share", everyItem(nullValue()))
                    .body("themes.meanScore", everyItem(nullValue()))
                    .body("themes.respondents", everyItem(nullValue()))
                    .body("homogeneity.themes", equalTo(0))
                    .body("homogeneity.rangePoints", nullValue());
        }
    }

    @Test
    void analystsAndAdminsSeeEverything() {
        for (String token : new String[] {Tokens.analyst(), Tokens.admin()}) {
            given().auth().oauth2(token).get("/barometers/" + FOUR + "?published=true").then().statusCode(200)
                    .body("edition.confidentialityApplied", equalTo(false))
                    .body("authorities", equalTo(4))
                    .body("themes[0].respondents", equalTo(4))
                    .body("themes[0].share", equalTo(0.5f))
                    .body("themes.withheld", everyItem(equalTo(false)));
        }
    }

    @Test
    void theCsvLeavesWithheldCellsEmpty() {
        String csv = given().get("/barometers/" + FOUR + "/export.csv").then().statusCode(200).extract().asString();
        org.junit.jupiter.api.Assertions.assertTrue(csv.contains(FOUR + ",PUBLISHED,"), csv);
        org.junit.jupiter.api.Assertions.assertTrue(csv.contains(",5,overall,,NUMERIQUE_RESPONSABLE,,,,,,,,,,true,fewer than 5 authorities\r\n"), csv);
    }
}
