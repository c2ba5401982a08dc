package fr.barometre.reporting.figures;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * The barometer pinned on hand-computed editions. bar-2025, themes in order NR SU CO IN CY SA DIA
 * (levels; -1 = nothing scored; engaged from level 3):
 * <pre>
 *   A1 S2              3 3 0 4 -1 2 1
 *   A2 S2              3 0 0 4 -1 2 1
 *   A3 S1 EPCI_CA      0 3 4 0 -1 2 1
 *   A4 S1              0 0 4 0 -1 2 1
 *   A5 S1 FU, région 11  4 4 1 1  3 2 1
 * </pre>
 * Shares: NR 3/5, SU 3/5, CO 2/5, IN 2/5, CY 1/1, SA 0/5, DIA 0/5 — ranks 2 2 4 4 1 6 6 (analyst);
 * without CY (1 respondent, withheld from the public): 1 1 3 3 – 5 5.
 * bar-2023: NR 1/5, SU 4/5, CO 2/5, IN 2/5, CY 3/5, SA 1/5, DIA 1/5 — ranks 5 1 3 3 2 5 5.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class BarometerFiguresTest {

    private static final String CURRENT = "bar-2025";
    private static final String PREVIOUS = "bar-2023";
    private static boolean loaded;

    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        fact(CURRENT, siren(2, 1)).stratum("S2").levels(3, 3, 0, 4, -1, 2, 1).deliver();
        fact(CURRENT, siren(2, 2)).stratum("S2").levels(3, 0, 0, 4, -1, 2, 1).deliver();
        fact(CURRENT, siren(2, 3)).stratum("S1").kind("EPCI_CA").levels(0, 3, 4, 0, -1, 2, 1).deliver();
        fact(CURRENT, siren(2, 4)).stratum("S1").levels(0, 0, 4, 0, -1, 2, 1).deliver();
        fact(CURRENT, siren(2, 5)).stratum("S1").networks("FRANCE_URBAINE").region("11").levels(4, 4, 1, 1, 3, 2, 1).deliver();
        fact(PREVIOUS, siren(2, 1)).levels(3, 3, 3, 3, 3, 3, 3).deliver();
        fact(PREVIOUS, siren(2, 2)).levels(0, 3, 3, 0, 3, 0, 0).deliver();
        fact(PREVIOUS, siren(2, 3)).levels(0, 3, 0, 3, 3, 0, 0).deliver();
        fact(PREVIOUS, siren(2, 4)).levels(0, 3, 0, 0, 0, 0, 0).deliver();
        fact(PREVIOUS, siren(2, 5)).levels(0, 0, 0, 0, 0, 0, 0).deliver();
        for (String code : new String[] {PREVIOUS, CURRENT}) {
            given().auth().oauth2(Tokens.admin()).post("/barometers/" + code + "/publication").then().statusCode(200);
        }
        loaded = true;
    }

    private static ValidatableResponse asAnalyst(String query) {
        return given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CURRENT + query).then().statusCode(200);
    }

    private static ValidatableResponse anonymously(String query) {
        return given().get("/barometers/" + CURRENT + query).then().statusCode(200);
    }

    @Test
    void eachThemeHasRespondentsEngagedShareMeanAndLevels() {
        asAnalyst("")
                .body("edition.source", equalTo("LIVE"))
                .body("authorities", equalTo(5))
                .body("themes.theme", contains("NUMERIQUE_RESPONSABLE", "SERVICES_USAGERS", "CONFORMITE", "INCLUSION",
                        "CYBERSECURITE", "SERVICES_AGENTS", "DONNEES_IA"))
                .body("themes[0].respondents", equalTo(5))
                .body("themes[0].engaged", equalTo(3))
                .body("themes[0].share", equalTo(0.6f))
                .body("themes[0].meanScore", equalTo(50.0f))
                .body("themes[0].levels.count", contains(2, 0, 0, 2, 1))
                .body("themes[0].levels.ratio", contains(0.4f, 0.0f, 0.0f, 0.4f, 0.2f))
                .body("themes[2].meanScore", equalTo(45.0f))
                .body("themes[4].respondents", equalTo(1))
                .body("themes[4].engaged", equalTo(1))
                .body("themes[4].share", equalTo(1.0f))
                .body("themes[4].meanScore", equalTo(75.0f))
                .body("themes[5].share", equalTo(0.0f));
    }

    @Test
    void ranksAreCompetitionRankingsOfTheShares() {
        asAnalyst("").body("themes.rank", contains(2, 2, 4, 4, 1, 6, 6));
        anonymously("").body("themes.rank", contains(1, 1, 3, 3, null, 5, 5));
    }

    @Test
    void thePreviousEditionGivesShareDifferenceInPointsAndRankChange() {
        asAnalyst("")
                .body("comparedTo", equalTo(PREVIOUS))
                .body("themes.previous.share", contains(0.2f, 0.8f, 0.4f, 0.4f, 0.6f, 0.2f, 0.2f))
                .body("themes.previous.rank", contains(5, 1, 3, 3, 2, 5, 5))
                .body("themes.previous.differencePoints", contains(40.0f, -20.0f, 0.0f, 0.0f, 40.0f, -20.0f, -20.0f))
                .body("themes.previous.rankChange", contains(3, -1, -1, -1, 1, -1, -1));
        asAnalyst("?compareTo=" + PREVIOUS).body("themes[0].previous.differencePoints", equalTo(40.0f));
        anonymously("")
                .body("comparedTo", equalTo(PREVIOUS))
                .body("themes[0].previous.differencePoints", equalTo(40.0f))
                .body("themes[0].previous.rankChange", equalTo(4))
                .body("themes[4].previous.differencePoints", nullValue());
    }

    @Test
    void compareToMustNameAnEditionWithFigures() {
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CURRENT + "?compareTo=bar-1999")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("compareTo"));
    }

    @Test
    void homogeneityIsTheRangeAndPopulationStandardDeviationOfTheShares() {
        asAnalyst("")
                .body("homogeneity.themes", equalTo(7))
                .body("homogeneity.rangePoints", equalTo(100.0f))
                .body("homogeneity.standardDeviationPoints", equalTo(32.83f));
        anonymously("")
                .body("homogeneity.themes", equalTo(6))
                .body("homogeneity.rangePoints", equalTo(60.0f))
                .body("homogeneity.standardDeviationPoints", equalTo(24.94f));
    }

    @Test
    void filtersSelectAuthoritiesByTheirProfileSnapshot() {
        asAnalyst("?stratum=S2").body("authorities", equalTo(2))
                .body("themes[0].respondents", equalTo(2)).body("themes[0].share", equalTo(1.0f))
                .body("filters.stratum", equalTo("S2"));
        asAnalyst("?network=FRANCE_URBAINE").body("authorities", equalTo(1)).body("themes[4].respondents", equalTo(1));
        asAnalyst("?region=11").body("authorities", equalTo(1)).body("themes[0].levels.count", contains(0, 0, 0, 0, 1));
        asAnalyst("?kind=EPCI_CA").body("authorities", equalTo(1)).body("themes[2].engaged", equalTo(1));
        asAnalyst("?kind=COMMUNE&stratum=S1").body("authorities", equalTo(2));
    }

    @Test
    void filtersWorkOnThePublishedSnapshotWithConfidentiality() {
        anonymously("?stratum=S2").body("edition.source", equalTo("PUBLISHED"))
                .body("authorities", nullValue())
                .body("themes[0].withheld", equalTo(true))
                .body("themes[0].share", nullValue());
    }

    @Test
    void unknownFilterValuesAreRefusedNamingTheParameter() {
        given().get("/barometers/" + CURRENT + "?stratum=S9").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("stratum"));
        given().get("/barometers/" + CURRENT + "?kind=VILLE").then().statusCode(400).body("errors[0].field", equalTo("kind"));
        given().get("/barometers/" + CURRENT + "?network=AMF").then().statusCode(400).body("errors[0].field", equalTo("network"));
        given().get("/barometers/" + CURRENT + "?region=xyz").then().statusCode(400).body("errors[0].field", equalTo("region"));
    }

    @Test
    void aThemeWithFewerThanTheThresholdOfRespondentsIsWithheldFromThePublicOnly() {
        anonymously("")
                .body("edition.confidentialityApplied", equalTo(true))
                .body("themes[4].withheld", equalTo(true))
                .body("themes[4].withheldReason", equalTo("fewer than 5 authorities"))
                .body("themes[4].respondents", nullValue())
                .body("themes[4].share", nullValue())
                .body("themes[4].meanScore", nullValue())
                .body("themes[4].levels", nullValue())
                .body("themes[0].share", equalTo(0.6f));
        asAnalyst("").body("edition.confidentialityApplied", equalTo(false)).body("themes[4].withheld", equalTo(false));
    }
}
