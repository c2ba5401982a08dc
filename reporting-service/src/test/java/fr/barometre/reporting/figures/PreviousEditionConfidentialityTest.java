package fr.barometre.reporting.figures;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * The previous edition's block follows the rule over the previous edition's authorities, and a
 * difference or a rank change with either side withheld is null. prv-2025: 5 in S6 and 5 in S3,
 * every theme scored. prv-2023: 5 in S6 and 1 in S3; NUMERIQUE_RESPONSABLE scored for 4 of them only.
 * <pre>
 *   public, overall:    NR  2025 10 respondents, 2023 4  → previous withheld (fewer than 5)
 *                       SU  2025 10,             2023 6  → both shown, difference and rank change
 *   public, S6:         SU  2025 5 of 10,        2023 5 of 6 → previous withheld (the sixth by difference)
 * </pre>
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class PreviousEditionConfidentialityTest {

    private static final String CURRENT = "prv-2025";
    private static final String PREVIOUS = "prv-2023";
    private static boolean loaded;

    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        for (int i = 1; i <= 10; i++) {
            fact(CURRENT, siren(11, i)).stratum(i <= 5 ? "S6" : "S3").allAt(i % 2 == 0 ? 3 : 1).deliver();
        }
        for (int i = 1; i <= 6; i++) {
            fact(PREVIOUS, siren(11, i)).stratum(i <= 5 ? "S6" : "S3").levels(i <= 4 ? 3 : -1, i <= 2 ? 3 : 0, 0, 0, 0, 0, 0).deliver();
        }
        for (String code : new String[] {PREVIOUS, CURRENT}) {
            given().auth().oauth2(Tokens.admin()).post("/barometers/" + code + "/publication").then().statusCode(200);
        }
        loaded = true;
    }

    private static List<RequestSpecification> publicCallers() {
        return List.of(given(), given().auth().oauth2(Tokens.partner(List.of("FRANCE_URBAINE"), List.of(siren(11, 1)))),
                given().auth().oauth2(Tokens.respondent(siren(11, 1))));
    }

    @Test
    void aPreviousThemeOverFewerThanTheThresholdIsWithheldFromThePublicWithItsDifference() {
        for (RequestSpecification caller : publicCallers()) {
            caller.get("/barometers/" + CURRENT + "?compareTo=" + PREVIOUS).then().statusCode(200)
                    .body("comparedTo", equalTo(PREVIOUS))
                    .body("themes[0].withheld", equalTo(false))
                    .body("themes[0].share", equalTo(0.5f))
                    .body("themes[0].previous.withheld", equalTo(true))
                    .body("themes[0].previous.withheldReason", equalTo("fewer than 5 authorities"))
                    .body("themes[0].previous.respondents", nullValue())
                    .body("themes[0].previous.share", nullValue())
                    .body("themes[0].previous.rank", nullValue())
                    .body("themes[0].previous.differencePoints", nullValue())
                    .body("themes[0].previous.rankChange", nullValue())
                    .body("themes[1].previous.withheld", equalTo(false))
                    .body("themes[1].previous.respondents", equalTo(6))
                    .body("themes[1].previous.share", equalTo(0.3333f))
                    .body("themes[1].previous.differencePoints", equalTo(16.67f))
                    .body("themes[1].previous.rankChange", notNullValue());
        }
    }

    @Test
    void aPreviousThemeThatADifferenceWouldIsolateIsWithheldFromThePublic() {
        for (RequestSpecification caller : publicCallers()) {
            caller.get("/barometers/" + CURRENT + "?stratum=S6&compareTo=" + PREVIOUS).then().statusCode(200)
                    .body("themes[1].withheld", equalTo(false))
                    .body("themes[1].share", equalTo(0.4f))
                    .body("themes[1].previous.withheld", equalTo(true))
                    .body("themes[1].previous.withheldReason", equalTo("secret statistique secondaire"))
                    .body("themes[1].previous.share", nullValue())
                    .body("themes[1].previous.differencePoints", nullValue())
                    .body("themes[1].previous.rankChange", nullValue());
        }
    }

    @Test
    void aWithheldCurrentThemeHasNoDifferenceEvenWhenThePreviousIsShown() {
        // Read the other way round: 2023 compared with 2025. NUMERIQUE_RESPONSABLE has 4 respondents in 2023 (withheld), 10 in 2025.
        given().get("/barometers/" + PREVIOUS + "?compareTo=" + CURRENT).then().statusCode(200)
                .body("themes[0].withheld", equalTo(true))
                .body("themes[0].previous.withheld", equalTo(false))
                .body("themes[0].previous.share", equalTo(0.5f))
                .body("themes[0].previous.differencePoints", nullValue())
                .body("themes[0].previous.rankChange", nullValue());
    }

    @Test
    void analystsSeeThePreviousEditionWhole() {
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CURRENT + "?stratum=S6&compareTo=" + PREVIOUS).then().statusCode(200)
                .body("themes[0].previous.withheld", equalTo(false))
                .body("themes[0].previous.respondents", equalTo(4))
                .body("themes[1].previous.respondents", equalTo(5))
                .body("themes[1].previous.share", equalTo(0.4f))
                .body("themes[1].previous.differencePoints", equalTo(0.0f));
    }
}
