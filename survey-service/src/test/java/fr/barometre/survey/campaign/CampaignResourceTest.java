package fr.barometre.survey.campaign;

import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class CampaignResourceTest {

    private static ValidatableResponse create(String body) {
        return given().auth().oauth2(Tokens.admin()).contentType("application/json").body(body)
                .post("/campaigns").then();
    }

    private static String questionnaire(String code) {
        return given().auth().oauth2(Tokens.admin()).get("/campaigns/" + code + "/questionnaire")
                .then().statusCode(200).extract().asString();
    }

    @Test
    void campaignWithoutQuestionnaireGetsTheDefaultBarometer() {
        create("{\"code\": \"camp-default\"}").statusCode(201)
                .body("status", equalTo("DRAFT"))
                .body("questionnaireVersion", equalTo("2025.1"))
                .body("audience.networks", hasSize(0))
                .body("audience.sirens", hasSize(0));
        given().auth().oauth2(Tokens.admin()).get("/campaigns/camp-default/questionnaire")
                .then().statusCode(200)
                .body("themes.code", contains("NUMERIQUE_RESPONSABLE", "SERVICES_USAGERS", "CONFORMITE", "INCLUSION",
                        "CYBERSECURITE", "SERVICES_AGENTS", "DONNEES_IA"))
                .body("themes.find { it.code == 'DONNEES_IA' }.questions.code", hasItem("DIA-PLAN-FORMATION"));
    }

    @Test
    void duplicateCodeIsAConflict() {
        create("{\"code\": \"camp-dup\"}").statusCode(201);
        create("{\"code\": \"camp-dup\"}").statusCode(409).contentType("application/problem+json");
    }

    @Test
    void invalidCampaignListsEveryProblem() {
        create("{\"code\": \"bad code!\", \"closesAt\": \"2001-01-01T00:00:00Z\", \"audience\": {\"sirens\": [\"123456789\", \"216901232\"]}}")
                .statusCode(422)
                .body("errors.field", contains("code", "closesAt", "audience.sirens", "audience.sirens"));
        given().auth().oauth2(Tokens.admin()).get("/campaigns/bad code!").then().statusCode(404);
    }

    @Test
    void unknownNetworkInAudienceIsABadRequest() {
        create("{\"code\": \"camp-net\", \"audience\": {\"networks\": [\"NOT_A_NETWORK\"]}}")
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void questionnaireIsReplaceableWhileDraftAndFrozenOnceOpen() {
        create("{\"code\": \"camp-freeze\"}").statusCode(201);
        String document = questionnaire("camp-freeze").replace("\"2025.1\"", "\"2025.2\"");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(document)
                .put("/campaigns/camp-freeze/questionnaire")
                .then().statusCode(200).body("version", equalTo("2025.2"));
        given().auth().oauth2(Tokens.admin()).post("/campaigns/camp-freeze/open")
                .then().statusCode(200).body("status", equalTo("OPEN")).body("questionnaireVersion", equalTo("2025.2"));
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(document.replace("\"2025.2\"", "\"2025.3\""))
                .put("/campaigns/camp-freeze/questionnaire")
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).get("/campaigns/camp-freeze")
                .then().body("questionnaireVersion", equalTo("2025.2"));
    }

    @Test
    void invalidQuestionnaireIsRefusedWithItsProblems() {
        create("{\"code\": \"camp-badq\"}").statusCode(201);
        String broken = """
                {"version": "x", "general": [{"code": "GEN-A", "type": "MATURITY", "required": true, "label": {"fr": "A"}}],
                 "themes": [{"code": "DONNEES_IA", "label": {"fr": "Données et IA"}, "questions": [
                   {"code": "DIA-1", "type": "SINGLE_CHOICE", "required": true, "label": {"fr": "Un"}},
                   {"code": "DIA-2", "type": "MATURITY", "required": false, "label": {"fr": "Deux"},
                    "condition": {"question": "DIA-9", "in": ["X"]}}]}]}""";
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(broken)
                .put("/campaigns/camp-badq/questionnaire")
                .then().statusCode(422)
                .body("errors.field", hasItem("general[0].type"))
                .body("errors.field", hasItem("themes[0].questions"))
                .body("errors.field", hasItem("themes[0].questions[0].choices"))
                .body("errors.field", hasItem("themes[0].questions[1].condition.question"))
                .body("errors.field", hasItem("themes"));
        given().auth().oauth2(Tokens.admin()).get("/campaigns/camp-badq/questionnaire")
                .then().body("version", equalTo("2025.1"));
    }

    @Test
    void openAndCloseFollowTheLifecycle() {
        create("{\"code\": \"camp-life\"}").statusCode(201);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/camp-life/close").then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/camp-life/open").then().statusCode(200)
                .body("openedAt", notNullValue());
        given().auth().oauth2(Tokens.admin()).post("/campaigns/camp-life/open").then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/camp-life/close").then().statusCode(200)
                .body("status", equalTo("CLOSED"));
        given().auth().oauth2(Tokens.admin()).post("/campaigns/camp-life/open").then().statusCode(409);
    }

    @Test
    void aPassedClosingDateClosesTheCampaign() throws InterruptedException {
        Instant closesAt = Instant.now().plusMillis(1500);
        create("{\"code\": \"camp-closing\", \"closesAt\": \"" + closesAt + "\"}").statusCode(201);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/camp-closing/open").then().statusCode(200)
                .body("status", equalTo("OPEN"));
        Thread.sleep(Math.max(0, closesAt.toEpochMilli() - System.currentTimeMillis()) + 200);
        given().auth().oauth2(Tokens.admin()).get("/campaigns/camp-closing")
                .then().statusCode(200).body("status", equalTo("CLOSED")).body("closedAt", notNullValue());
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"answers\": []}")
                .put("/campaigns/camp-closing/responses/216901231")
                .then().statusCode(409);
    }

    @Test
    void onlyAdminsManageCampaigns() {
        given().auth().oauth2(Tokens.analyst()).contentType("application/json").body("{\"code\": \"camp-analyst\"}")
                .post("/campaigns").then().statusCode(403).contentType("application/problem+json");
        create("{\"code\": \"camp-roles\"}").statusCode(201);
        given().auth().oauth2(Tokens.partner(java.util.List.of(), java.util.List.of())).post("/campaigns/camp-roles/open")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.respondent("216901231")).post("/campaigns/camp-roles/close")
                .then().statusCode(403);
        given().post("/campaigns/camp-roles/open").then().statusCode(401);
    }

    @Test
    void respondentsSeeOnlyOpenedCampaignsInvitingTheirAuthority() {
        create("{\"code\": \"camp-vis-lyon\", \"audience\": {\"sirens\": [\"216901231\"]}}").statusCode(201);
        create("{\"code\": \"camp-vis-rennes\", \"audience\": {\"sirens\": [\"243500139\"]}}").statusCode(201);
        String lyon = Tokens.respondent("216901231");
        given().auth().oauth2(lyon).get("/campaigns/camp-vis-lyon").then().statusCode(404);   // still DRAFT
        given().auth().oauth2(Tokens.admin()).post("/campaigns/camp-vis-lyon/open").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/camp-vis-rennes/open").then().statusCode(200);
        given().auth().oauth2(lyon).get("/campaigns/camp-vis-lyon").then().statusCode(200);
        given().auth().oauth2(lyon).get("/campaigns/camp-vis-lyon/questionnaire").then().statusCode(200);
        given().auth().oauth2(lyon).get("/campaigns/camp-vis-rennes").then().statusCode(404);
        given().auth().oauth2(lyon).get("/campaigns/camp-vis-rennes/questionnaire").then().statusCode(404);
        given().auth().oauth2(lyon).get("/campaigns").then().statusCode(200)
                .body("code", hasItem("camp-vis-lyon"))
                .body("code", not(hasItem("camp-vis-rennes")));
        given().auth().oauth2(Tokens.analyst()).get("/campaigns").then().statusCode(200)
                .body("code", hasItem("camp-vis-rennes"));
    }
}
