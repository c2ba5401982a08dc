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

import java.util.List;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Distributions of answers, over the authorities that answered. q-2025:
 * <pre>
 *        DIA-PLAN-FORMATION  DIA-USAGE-AGENTS  DIA-OUTILS             CYB-NIS2  GOV-BUDGET
 *   A1 S2  2                 ORGANISE          CHATBOT, CODE          true      100
 *   A2 S2  2                 ORGANISE          CHATBOT                false     250.5
 *   A3 S1  NSP               AUCUN             –                      true      50
 *   A4 S1  NA                ORGANISE          TRADUCTION, CHATBOT    true      –
 *   A5 S1  4                 –                 –                      false     –
 * </pre>
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class QuestionFiguresTest {

    private static final String CAMPAIGN = "q-2025";
    private static boolean loaded;

    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        fact(CAMPAIGN, siren(4, 1)).stratum("S2").allAt(2).level("DIA-PLAN-FORMATION", 2).value("DIA-USAGE-AGENTS", "ORGANISE")
                .value("DIA-OUTILS", List.of("CHATBOT", "CODE")).value("CYB-NIS2", true).value("GOV-BUDGET", 100).deliver();
        fact(CAMPAIGN, siren(4, 2)).stratum("S2").allAt(2).level("DIA-PLAN-FORMATION", 2).value("DIA-USAGE-AGENTS", "ORGANISE")
                .value("DIA-OUTILS", List.of("CHATBOT")).value("CYB-NIS2", false).value("GOV-BUDGET", 250.5).deliver();
        fact(CAMPAIGN, siren(4, 3)).stratum("S1").allAt(2).abstention("DIA-PLAN-FORMATION", "NSP").value("DIA-USAGE-AGENTS", "AUCUN")
                .value("CYB-NIS2", true).value("GOV-BUDGET", 50).value("GOV-COMMENTAIRE", "never kept").deliver();
        fact(CAMPAIGN, siren(4, 4)).stratum("S1").allAt(2).abstention("DIA-PLAN-FORMATION", "NA").value("DIA-USAGE-AGENTS", "ORGANISE")
                .value("DIA-OUTILS", List.of("TRADUCTION", "CHATBOT")).value("CYB-NIS2", true).deliver();
        fact(CAMPAIGN, siren(4, 5)).stratum("S1").allAt(2).level("DIA-PLAN-FORMATION", 4).value("CYB-NIS2", false).deliver();
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + CAMPAIGN + "/publication").then().statusCode(200);
        loaded = true;
    }

    private static ValidatableResponse asAnalyst(String question) {
        return given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CAMPAIGN + "/questions/" + question).then().statusCode(200);
    }

    @Test
    void maturityAnswersAreTheFiveLevelsWithAbstentions() {
        asAnalyst("DIA-PLAN-FORMATION")
                .body("type", equalTo("MATURITY"))
                .body("answered", equalTo(5))
                .body("answers.answer", contains("0", "1", "2", "3", "4", "NSP", "NA"))
                .body("answers.count", contains(0, 0, 2, 0, 1, 1, 1))
                .body("answers.ratio", contains(0.0f, 0.0f, 0.4f, 0.0f, 0.2f, 0.2f, 0.2f));
    }

    @Test
    void aSingleChoiceListsEveryChoiceOfTheQuestionnaireZeroCountsIncluded() {
        asAnalyst("DIA-USAGE-AGENTS")
                .body("answered", equalTo(4))
                .body("answers.answer", contains("ORGANISE", "INITIATIVE_PERSONNELLE", "AUCUN"))
                .body("answers.count", contains(3, 0, 1))
                .body("answers.ratio", contains(0.75f, 0.0f, 0.25f));
    }

    @Test
    void aMultipleChoiceCountsEachChosenCodeOverTheAuthoritiesThatAnswered() {
        asAnalyst("DIA-OUTILS")
                .body("answered", equalTo(3))
                .body("answers.answer", contains("CHATBOT", "TRADUCTION", "SYNTHESE", "CODE"))
                .body("answers.count", contains(3, 1, 0, 1))
                .body("answers.ratio", contains(1.0f, 0.3333f, 0.0f, 0.3333f));
    }

    @Test
    void booleansAndNumbers() {
        asAnalyst("CYB-NIS2").body("answers.answer", contains("true", "false")).body("answers.count", contains(3, 2))
                .body("answers.ratio", contains(0.6f, 0.4f));
        asAnalyst("GOV-BUDGET").body("type", equalTo("NUMBER")).body("answered", equalTo(3))
                .body("number.count", equalTo(3)).body("number.mean", equalTo(133.5f))
                .body("number.min", equalTo(50)).body("number.max", equalTo(250.5f));
    }

    @Test
    void aNumberThatNoSelectedAuthorityAnsweredCountsZeroWithoutMeanMinOrMax() {
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CAMPAIGN + "/questions/GOV-BUDGET?stratum=S6")
                .then().statusCode(200).body("answered", equalTo(0)).body("number.count", equalTo(0))
                .body("number.mean", nullValue()).body("number.min", nullValue()).body("number.max", nullValue());
    }

    @Test
    void filtersApplyToDistributions() {
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CAMPAIGN + "/questions/DIA-PLAN-FORMATION?stratum=S2")
                .then().statusCode(200).body("answered", equalTo(2)).body("answers.count", contains(0, 0, 2, 0, 0, 0, 0))
                .body("answers[2].ratio", equalTo(1.0f));
    }

    @Test
    void textAndUnknownQuestionsAreNotFound() {
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CAMPAIGN + "/questions/GOV-COMMENTAIRE")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CAMPAIGN + "/questions/NO-SUCH-QUESTION")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aDistributionOverFewerThanTheThresholdIsWithheldFromThePublic() {
        given().get("/barometers/" + CAMPAIGN + "/questions/DIA-USAGE-AGENTS").then().statusCode(200)
                .body("withheld", equalTo(true)).body("withheldReason", equalTo("fewer than 5 authorities"))
                .body("answered", nullValue()).body("answers", nullValue());
        given().get("/barometers/" + CAMPAIGN + "/questions/CYB-NIS2").then().statusCode(200)
                .body("withheld", equalTo(false)).body("answers.count", contains(3, 2));
    }
}
