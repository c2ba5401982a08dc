package fr.barometre.reporting.figures;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Shares per stratum and the gap between the most and the least engaged stratum. st-2025, levels of
 * NUMERIQUE_RESPONSABLE (NR) and DONNEES_IA (DIA), the other themes at 0:
 * <pre>
 *   S1 (3)  NR 0 0 0        DIA 3 3 0       → NR 0/3, DIA 2/3
 *   S2 (2)  NR 3 3          DIA 3 0         → NR 2/2, DIA 1/2
 *   S3 (5)  NR 0 0 0 0 0    DIA 3 3 3 0 0   → NR 0/5, DIA 3/5
 *   S6 (5)  NR 3 0 0 0 0    DIA 4 3 0 0 0   → NR 1/5, DIA 2/5
 *   no stratum (1) NR 4, DIA 4: left out
 * </pre>
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class StrataFiguresTest {

    private static final String CAMPAIGN = "st-2025";
    private static boolean loaded;

    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        int n = 0;
        int[][] s1 = {{0, 3}, {0, 3}, {0, 0}};
        int[][] s2 = {{3, 3}, {3, 0}};
        int[][] s3 = {{0, 3}, {0, 3}, {0, 3}, {0, 0}, {0, 0}};
        int[][] s6 = {{3, 4}, {0, 3}, {0, 0}, {0, 0}, {0, 0}};
        String[] strata = {"S1", "S2", "S3", "S6"};
        int[][][] all = {s1, s2, s3, s6};
        for (int s = 0; s < strata.length; s++) {
            for (int[] a : all[s]) {
                fact(CAMPAIGN, siren(3, ++n)).stratum(strata[s]).levels(a[0], 0, 0, 0, 0, 0, a[1]).deliver();
            }
        }
        fact(CAMPAIGN, siren(3, ++n)).stratum(null).levels(4, 0, 0, 0, 0, 0, 4).deliver();
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + CAMPAIGN + "/publication").then().statusCode(200);
        loaded = true;
    }

    @Test
    void eachThemesSharePerStratum() {
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CAMPAIGN + "/strata").then().statusCode(200)
                .body("themes[6].theme", equalTo("DONNEES_IA"))
                .body("themes[6].strata.stratum", contains("S1", "S2", "S3", "S4", "S5", "S6"))
                .body("themes[6].strata.respondents", contains(3, 2, 5, 0, 0, 5))
                .body("themes[6].strata.engaged", contains(2, 1, 3, 0, 0, 2))
                .body("themes[6].strata.share", contains(0.6667f, 0.5f, 0.6f, null, null, 0.4f))
                .body("themes[0].strata.share", contains(0.0f, 1.0f, 0.0f, null, null, 0.2f));
    }

    @Test
    void theGapIsBetweenTheMostAndTheLeastEngagedStratum() {
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CAMPAIGN + "/strata").then().statusCode(200)
                .body("themes[6].gap.mostEngaged", equalTo("S1"))
                .body("themes[6].gap.leastEngaged", equalTo("S6"))
                .body("themes[6].gap.points", equalTo(26.67f))
                .body("themes[0].gap.mostEngaged", equalTo("S2"))
                .body("themes[0].gap.leastEngaged", equalTo("S1"))
                .body("themes[0].gap.points", equalTo(100.0f));
    }

    @Test
    void withheldStrataAreLeftOutOfTheGap() {
        given().get("/barometers/" + CAMPAIGN + "/strata").then().statusCode(200)
                .body("edition.source", equalTo("PUBLISHED"))
                .body("themes[6].strata.withheld", contains(true, true, false, true, true, false))
                .body("themes[6].strata.share", contains(null, null, 0.6f, null, null, 0.4f))
                .body("themes[6].strata[0].respondents", nullValue())
                .body("themes[6].gap.mostEngaged", equalTo("S3"))
                .body("themes[6].gap.leastEngaged", equalTo("S6"))
                .body("themes[6].gap.points", equalTo(20.0f))
                .body("themes[0].gap.mostEngaged", equalTo("S6"))
                .body("themes[0].gap.leastEngaged", equalTo("S3"));
    }

    @Test
    void authoritiesWithoutAStratumCountOnlyOverall() {
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CAMPAIGN).then().statusCode(200)
                .body("authorities", equalTo(16))
                .body("themes[6].respondents", equalTo(16))
                .body("themes[6].engaged", equalTo(9));
    }
}
