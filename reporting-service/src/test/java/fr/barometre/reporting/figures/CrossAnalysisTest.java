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
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * The cross-analysis, pinned on a small hand-computed edition x-2025 (all COMMUNE, région 84, no
 * network; levels the same on every theme unless said; engaged = level 3 or 4), published:
 * <pre>
 *              stratum  GOV-PORTAGE                   CYB-NIS2  theme levels
 *   A1–A6      S1       ELUS_ET_DIRECTION_GENERALE    true      3
 *   A7–A8      S1       ELUS_ET_DIRECTION_GENERALE    true      1
 *   A9–A11     S2       ELUS_ET_DIRECTION_GENERALE    false     1
 *   A12        S2       ELUS_ET_DIRECTION_GENERALE    false     1, nothing scored on DONNEES_IA
 *   A13–A14    S2       ELUS_SEULS                    false     4
 *   A15–A16    S1       DIRECTION_GENERALE_SEULE      –         3
 *   A17–A20    S1       DIRECTION_GENERALE_SEULE      –         2
 *   (nobody)            AUCUN
 * </pre>
 * GOV-PORTAGE per choice (NUMERIQUE_RESPONSABLE; DONNEES_IA):
 * ELUS_ET_DIRECTION_GENERALE 12 authorities, 12 respondents, 6 engaged, 0.5 (DONNEES_IA 11, 6, 6/11 = 0.5455);
 * ELUS_SEULS 2, 2, 2, 1; DIRECTION_GENERALE_SEULE 6, 6, 2, 0.3333; AUCUN 0, 0, 0, no share.
 * CYB-NIS2 (not required): true 8 (6 engaged: 0.75), false 6 (2 engaged: 0.3333), no answer 6 (2 engaged).
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class CrossAnalysisTest {

    private static final String CAMPAIGN = "x-2025";
    private static final String EDG = "ELUS_ET_DIRECTION_GENERALE";
    private static final int NR = 0;
    private static final int DIA = 6;
    private static boolean loaded;

    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        for (int i = 1; i <= 20; i++) {
            var f = fact(CAMPAIGN, siren(70, i)).stratum(i <= 8 || i >= 15 ? "S1" : "S2");
            if (i == 12) {
                f.levels(1, 1, 1, 1, 1, 1, -1);
            } else {
                f.allAt(i <= 6 || i == 15 || i == 16 ? 3 : i <= 12 ? 1 : i <= 14 ? 4 : 2);
            }
            f.value("GOV-PORTAGE", i <= 12 ? EDG : i <= 14 ? "ELUS_SEULS" : "DIRECTION_GENERALE_SEULE");
            if (i <= 14) {
                f.value("CYB-NIS2", i <= 8);
            }
            f.deliver();
        }
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + CAMPAIGN + "/publication").then().statusCode(200);
        loaded = true;
    }

    private static ValidatableResponse cross(String token, String campaign, String query) {
        return (token == null ? given() : given().auth().oauth2(token)).get("/barometers/" + campaign + "/cross?" + query).then();
    }

    @Test
    void everyChoiceInTheQuestionnairesOrderWithItsAuthoritiesAndEachThemesFigures() {
        cross(Tokens.analyst(), CAMPAIGN, "question=GOV-PORTAGE").statusCode(200)
                .body("edition.source", equalTo("LIVE"))
                .body("question", equalTo("GOV-PORTAGE"))
                .body("type", equalTo("SINGLE_CHOICE"))
                .body("label", equalTo("Portage"))
                .body("authorities", equalTo(20))
                // every choice, AUCUN with nobody included; a required question everyone answered has no row without answer
                .body("answers.answer", contains(EDG, "ELUS_SEULS", "DIRECTION_GENERALE_SEULE", "AUCUN"))
                .body("answers.label", contains("a", "b", "c", "d"))
                .body("answers.authorities", contains(12, 2, 6, 0))
                .body("answers.withheld", everyItem(equalTo(false)))
                .body("answers.collect { it.themes.size() }", everyItem(equalTo(7)))
                .body("answers.collect { it.themes[" + NR + "].theme }", everyItem(equalTo("NUMERIQUE_RESPONSABLE")))
                .body("answers.collect { it.themes[" + NR + "].respondents }", contains(12, 2, 6, 0))
                .body("answers.collect { it.themes[" + NR + "].engaged }", contains(6, 2, 2, 0))
                .body("answers.collect { it.themes[" + NR + "].share }", contains(0.5f, 1.0f, 0.3333f, null))
                .body("answers.collect { it.themes[" + DIA + "].theme }", everyItem(equalTo("DONNEES_IA")))
                .body("answers.collect { it.themes[" + DIA + "].respondents }", contains(11, 2, 6, 0))
                .body("answers.collect { it.themes[" + DIA + "].engaged }", contains(6, 2, 2, 0))
                .body("answers.collect { it.themes[" + DIA + "].share }", contains(0.5455f, 1.0f, 0.3333f, null));
    }

    @Test
    void aBooleanGivesOuiThenNonAndTheAuthoritiesWithoutAnswerARowOfTheirOwn() {
        // CYB-NIS2 is not required: the rows add up to the 20 authorities, the 6 without an answer included.
        cross(Tokens.analyst(), CAMPAIGN, "question=CYB-NIS2").statusCode(200)
                .body("type", equalTo("BOOLEAN"))
                .body("answers.answer", contains("true", "false", null))
                .body("answers.label", contains("Oui", "Non", "Sans réponse"))
                .body("answers.authorities", contains(8, 6, 6))
                .body("answers.collect { it.themes[" + NR + "].engaged }", contains(6, 2, 2))
                .body("answers.collect { it.themes[" + NR + "].share }", contains(0.75f, 0.3333f, 0.3333f))
                .body("answers.collect { it.themes[" + DIA + "].respondents }", contains(8, 5, 6));
    }

    @Test
    void filtersSelectTheAuthoritiesBeforeTheAnswerSplitsThem() {
        cross(Tokens.analyst(), CAMPAIGN, "question=GOV-PORTAGE&stratum=S2").statusCode(200)
                .body("filters.stratum", equalTo("S2"))
                .body("authorities", equalTo(6))
                .body("answers.authorities", contains(4, 2, 0, 0))
                .body("answers.collect { it.themes[" + NR + "].engaged }", contains(0, 2, 0, 0))
                .body("answers.collect { it.themes[" + DIA + "].respondents }", contains(3, 2, 0, 0));
        cross(Tokens.analyst(), CAMPAIGN, "question=GOV-PORTAGE&stratum=S1&kind=COMMUNE&region=84").statusCode(200)
                .body("answers.authorities", contains(8, 0, 6, 0))
                .body("answers.collect { it.themes[" + NR + "].share }", contains(0.75f, null, 0.3333f, null));
        cross(Tokens.analyst(), CAMPAIGN, "question=GOV-PORTAGE&network=FRANCE_URBAINE").statusCode(200)
                .body("authorities", equalTo(0)).body("answers.authorities", contains(0, 0, 0, 0));
        cross(Tokens.analyst(), CAMPAIGN, "question=GOV-PORTAGE&stratum=S9").statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("stratum"));
    }

    @Test
    void theAnonymousPublicReadsThePublishedFiguresWithTheSmallCellsWithheld() {
        cross(null, CAMPAIGN, "question=GOV-PORTAGE").statusCode(200)
                .body("edition.source", equalTo("PUBLISHED"))
                .body("edition.confidentialityApplied", equalTo(true))
                .body("authorities", equalTo(20))
                .body("answers.answer", contains(EDG, "ELUS_SEULS", "DIRECTION_GENERALE_SEULE", "AUCUN"))
                // ELUS_SEULS (2) and AUCUN (0): fewer than 5 authorities, no number.
                .body("answers[1].withheld", equalTo(true))
                .body("answers[1].withheldReason", equalTo("fewer than 5 authorities"))
                .body("answers[1].authorities", nullValue())
                .body("answers[1].themes.respondents", everyItem(nullValue()))
                .body("answers[1].themes.share", everyItem(nullValue()))
                .body("answers[1].themes.withheldReason", everyItem(equalTo("fewer than 5 authorities")))
                .body("answers[3].withheldReason", equalTo("fewer than 5 authorities"))
                .body("answers[0].authorities", equalTo(12))
                .body("answers[0].themes[" + NR + "].share", equalTo(0.5f));
    }

    @Test
    void aCellThatTheTotalAndTheOtherChoicesWouldGiveIsWithheldBySubtraction() {
        // DIRECTION_GENERALE_SEULE has 6 authorities, enough on its own. But the public reads the total
        // (/barometers/x-2025: 20 authorities, NUMERIQUE_RESPONSABLE 20 respondents, 10 engaged) and
        // ELUS_ET_DIRECTION_GENERALE (12, 6 engaged); were DIRECTION_GENERALE_SEULE shown (6, 2 engaged),
        // 20 − 12 − 6 = 2 authorities and 10 − 6 − 2 = 2 engaged would be left for ELUS_SEULS and AUCUN,
        // both withheld: the two ELUS_SEULS authorities' engagement, derived. So it is withheld too.
        given().get("/barometers/" + CAMPAIGN).then().statusCode(200).body("authorities", equalTo(20))
                .body("themes[" + NR + "].respondents", equalTo(20)).body("themes[" + NR + "].engaged", equalTo(10));
        cross(null, CAMPAIGN, "question=GOV-PORTAGE").statusCode(200)
                .body("answers[2].answer", equalTo("DIRECTION_GENERALE_SEULE"))
                .body("answers[2].withheld", equalTo(true))
                .body("answers[2].withheldReason", equalTo(Confidentiality.SECONDARY_REASON))
                .body("answers[2].authorities", nullValue())
                .body("answers[2].themes.withheldReason", everyItem(equalTo(Confidentiality.SECONDARY_REASON)))
                .body("answers[2].themes.engaged", everyItem(nullValue()));
    }

    @Test
    void theSameChoiceWithAFilterDroppedMustNotGiveACellBySubtraction() {
        // ELUS_ET_DIRECTION_GENERALE in S1 is 8 authorities, enough on its own; but the same choice
        // without the stratum filter is 12: 12 − 8 = the 4 of S2 (A9–A12), so the S1 cell is withheld.
        cross(null, CAMPAIGN, "question=GOV-PORTAGE&stratum=S1").statusCode(200)
                .body("answers[0].answer", equalTo(EDG))
                .body("answers[0].withheld", equalTo(true))
                .body("answers[0].withheldReason", equalTo(Confidentiality.SECONDARY_REASON))
                .body("answers[0].themes[" + NR + "].respondents", nullValue());
        // The analyst sees the cell: 8 authorities, 6 engaged.
        cross(Tokens.analyst(), CAMPAIGN, "question=GOV-PORTAGE&stratum=S1&published=true").statusCode(200)
                .body("edition.source", equalTo("PUBLISHED")).body("edition.confidentialityApplied", equalTo(false))
                .body("answers[0].authorities", equalTo(8)).body("answers[0].themes[" + NR + "].engaged", equalTo(6));
    }

    /**
     * x-narrow, all S1, published: five EPCI_CC that answered ELUS_SEULS, one COMMUNE that answered
     * ELUS_SEULS too, ten COMMUNE that answered ELUS_ET_DIRECTION_GENERALE. The public reads
     * /barometers/x-narrow?kind=EPCI_CC (5 authorities: a figure without the answer filter whose members
     * all happen to have answered ELUS_SEULS); the cell of ELUS_SEULS (6) minus it would be the COMMUNE.
     */
    @Test
    void aCellThatHoldsAShownFigureAndOnlyAFewMoreIsWithheld() {
        String campaign = "x-narrow";
        for (int i = 1; i <= 16; i++) {
            fact(campaign, siren(72, i)).kind(i <= 5 ? "EPCI_CC" : "COMMUNE").allAt(i % 5)
                    .value("GOV-PORTAGE", i <= 6 ? "ELUS_SEULS" : EDG).deliver();
        }
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + campaign + "/publication").then().statusCode(200);
        given().get("/barometers/" + campaign + "?kind=EPCI_CC").then().statusCode(200)
                .body("authorities", equalTo(5)).body("themes[" + NR + "].withheld", equalTo(false))
                .body("themes[" + NR + "].respondents", equalTo(5));
        cross(null, campaign, "question=GOV-PORTAGE").statusCode(200)
                .body("answers[1].answer", equalTo("ELUS_SEULS"))
                .body("answers[1].withheld", equalTo(true))
                .body("answers[1].withheldReason", equalTo(Confidentiality.SECONDARY_REASON))
                .body("answers[1].themes.withheldReason", everyItem(equalTo(Confidentiality.SECONDARY_REASON)))
                // and ELUS_ET_DIRECTION_GENERALE (10) by the rule as before: kind=COMMUNE (11) minus it is that same COMMUNE.
                .body("answers[0].withheld", equalTo(true))
                .body("answers[0].withheldReason", equalTo(Confidentiality.SECONDARY_REASON));
        cross(Tokens.analyst(), campaign, "question=GOV-PORTAGE").statusCode(200).body("answers.authorities", contains(10, 6, 0, 0));
    }

    @Test
    void whenNoCellIsSmallEveryRowIsShownToThePublic() {
        cross(null, CAMPAIGN, "question=CYB-NIS2").statusCode(200)
                .body("answers.withheld", everyItem(equalTo(false)))
                .body("answers.authorities", contains(8, 6, 6))
                .body("answers.collect { it.themes[" + DIA + "].respondents }", contains(8, 5, 6));
    }

    @Test
    void aQuestionOfAnotherTypeIsABadRequestNamingItAndItsType() {
        for (String[] question : new String[][] {{"NR-1", "MATURITY"}, {"GOV-BUDGET", "NUMBER"}, {"DIA-OUTILS", "MULTIPLE_CHOICE"}}) {
            cross(Tokens.analyst(), CAMPAIGN, "question=" + question[0]).statusCode(400).contentType("application/problem+json")
                    .body("detail", containsString(question[0])).body("detail", containsString(question[1]))
                    .body("errors.field", contains("question"));
        }
        cross(null, CAMPAIGN, "question=NR-1").statusCode(400).contentType("application/problem+json");
        cross(Tokens.analyst(), CAMPAIGN, "stratum=S1").statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("question"));
    }

    @Test
    void anUnknownQuestionIsNotFoundAndNamed() {
        cross(Tokens.analyst(), CAMPAIGN, "question=NO-SUCH-QUESTION").statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("NO-SUCH-QUESTION"));
        cross(Tokens.analyst(), CAMPAIGN, "question=GOV-COMMENTAIRE").statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anUnknownEditionIsNotFound() {
        cross(Tokens.analyst(), "x-never", "question=GOV-PORTAGE").statusCode(404).contentType("application/problem+json");
        cross(null, "x-never", "question=GOV-PORTAGE").statusCode(404).contentType("application/problem+json");
    }

    /**
     * x-snap: five authorities of S1, all ELUS_SEULS at level 3, then two more (level 0) after the
     * publication. The public reads nothing before the publication, then the frozen figures; the
     * analyst's LIVE figures follow the new facts.
     */
    @Test
    void thePublishedCrossAnalysisNeverChangesAfterThePublicationWhileTheLiveOneFollowsTheFacts() {
        String campaign = "x-snap";
        for (int i = 1; i <= 5; i++) {
            fact(campaign, siren(71, i)).allAt(3).value("GOV-PORTAGE", "ELUS_SEULS").deliver();
        }
        cross(null, campaign, "question=GOV-PORTAGE").statusCode(404).contentType("application/problem+json");
        cross(Tokens.respondent(siren(71, 1)), campaign, "question=GOV-PORTAGE").statusCode(404);
        cross(Tokens.analyst(), campaign, "question=GOV-PORTAGE&published=true").statusCode(404);
        cross(Tokens.analyst(), campaign, "question=GOV-PORTAGE").statusCode(200).body("edition.source", equalTo("LIVE"))
                .body("answers[1].authorities", equalTo(5));

        given().auth().oauth2(Tokens.admin()).post("/barometers/" + campaign + "/publication").then().statusCode(200);
        String before = cross(null, campaign, "question=GOV-PORTAGE").statusCode(200)
                .body("answers[1].authorities", equalTo(5)).body("answers[1].themes[" + NR + "].share", equalTo(1.0f))
                .extract().asString();
        String analystBefore = cross(Tokens.analyst(), campaign, "question=GOV-PORTAGE&published=true").statusCode(200).extract().asString();

        for (int i = 6; i <= 7; i++) {
            fact(campaign, siren(71, i)).allAt(0).value("GOV-PORTAGE", "ELUS_SEULS").deliver();
        }
        assertEquals(before, cross(null, campaign, "question=GOV-PORTAGE").statusCode(200).extract().asString());
        assertEquals(analystBefore, cross(Tokens.analyst(), campaign, "question=GOV-PORTAGE&published=true").statusCode(200).extract().asString());
        cross(Tokens.respondent(siren(71, 1)), campaign, "question=GOV-PORTAGE").statusCode(200)
                .body("edition.source", equalTo("PUBLISHED")).body("answers[1].authorities", equalTo(5));
        String live = cross(Tokens.analyst(), campaign, "question=GOV-PORTAGE").statusCode(200)
                .body("answers[1].authorities", equalTo(7)).body("answers[1].themes[" + NR + "].engaged", equalTo(5))
                .body("answers[1].themes[" + NR + "].share", equalTo(0.7143f))
                .extract().asString();
        assertNotEquals(before, live);
    }
}
