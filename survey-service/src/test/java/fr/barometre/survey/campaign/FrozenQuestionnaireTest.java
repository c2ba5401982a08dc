package fr.barometre.survey.campaign;

import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.SubmissionFixtures;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** The frozen questionnaires of {@code GET /internal/campaigns/{code}/questionnaire}, for scoring-service and reporting-service. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class FrozenQuestionnaireTest {

    private static final String LYON = "216901231";

    @Test
    void questionnaireIsServedOnceTheCampaignHasOpened() {
        String code = "feed-questionnaire";
        String path = "/internal/campaigns/" + code + "/questionnaire";
        SubmissionFixtures.createCampaign(code, LYON);
        given().auth().oauth2(Tokens.feed()).get(path)
                .then().statusCode(404).contentType("application/problem+json");

        SubmissionFixtures.openCampaign(code);
        given().auth().oauth2(Tokens.feed()).get(path)
                .then().statusCode(200)
                .body("version", equalTo("2025.1"))
                .body("themes.size()", equalTo(7))
                .body("themes.find { it.code == 'DONNEES_IA' }.questions.code", hasItem("DIA-PLAN-FORMATION"));
        given().auth().oauth2(Tokens.feed()).queryParam("version", "2025.1").get(path)
                .then().statusCode(200).body("version", equalTo("2025.1"));
        given().auth().oauth2(Tokens.feed()).queryParam("version", "2024.1").get(path)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.feed()).get("/internal/campaigns/feed-no-such-campaign/questionnaire")
                .then().statusCode(404);

        for (String token : List.of(Tokens.admin(), Tokens.analyst(), Tokens.respondent(LYON))) {
            given().auth().oauth2(token).get(path).then().statusCode(403).contentType("application/problem+json");
        }
        given().get(path).then().statusCode(401);
    }

}
