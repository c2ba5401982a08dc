package fr.barometre.survey.response;

import fr.barometre.survey.testing.Answers;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.SubmissionFixtures;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import static fr.barometre.survey.testing.Answers.level;
import static fr.barometre.survey.testing.Responses.path;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What a request reads of its campaign is the campaign as it stands in the database: the questionnaire
 * as last replaced (parsed questionnaires are kept per campaign version), and the status as any
 * replica last wrote it (never kept between requests). Communes of Haute-Corse, used by no other class.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class CampaignStateTest {

    @Test
    void aQuestionnaireReplacedAfterBeingReadIsTheOneAnswered() {
        String code = "cs-replaced";
        String siren = SubmissionFixtures.communes("2B", 1).get(0);
        SubmissionFixtures.createCampaign(code, siren);
        String first = Campaigns.questionnaire(code);   // read, and parsed, before the replacement
        String renamed = first.replace("\"DIA-PLAN-FORMATION\"", "\"DIA-PLAN-FORMATION-2\"").replace("\"2025.1\"", "\"2025.2\"");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(renamed)
                .put("/campaigns/" + code + "/questionnaire")
                .then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).get("/campaigns/" + code + "/questionnaire")
                .then().statusCode(200).body("version", equalTo("2025.2"));
        SubmissionFixtures.openCampaign(code);

        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Answers.body(List.of(level("DIA-PLAN-FORMATION", 2))))
                .put(path(code, siren))
                .then().statusCode(422).body("errors.question", hasItem("DIA-PLAN-FORMATION"));
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Answers.body(List.of(level("DIA-PLAN-FORMATION-2", 2))))
                .put(path(code, siren))
                .then().statusCode(201);
    }

    @Test
    void aCampaignClosedByAnotherReplicaRefusesTheNextRequest() throws Exception {
        String code = "cs-closed-elsewhere";
        List<String> sirens = SubmissionFixtures.communes("2B", 3);
        SubmissionFixtures.createOpenCampaign(code, sirens.toArray(String[]::new));
        List<java.util.Map<String, Object>> complete = SubmissionFixtures.completeAnswers(code);
        String etag = given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Answers.body(complete))
                .put(path(code, sirens.get(1)))
                .then().statusCode(201).extract().header("ETag");

        // Another replica closes the campaign: only the database row changes, nothing this replica is told of.
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement close = c.prepareStatement(
                     "update campaign set status = 'CLOSED', closed_at = now(), version = version + 1 where code = ?")) {
            close.setString(1, code);
            assertEquals(1, close.executeUpdate());
        }

        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Answers.body(complete))
                .put(path(code, sirens.get(2)))
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).header("If-Match", etag).header("Idempotency-Key", "cs-closed-1")
                .post(path(code, sirens.get(1)) + "/submission")
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Answers.batch(List.of(Answers.item(sirens.get(0), complete))))
                .post("/campaigns/" + code + "/responses/batch")
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).get(path(code, sirens.get(1)))
                .then().statusCode(200).body("status", equalTo("DRAFT"));
    }
}
