package fr.barometre.scoring.assessment;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.questionnairePath;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.server;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubCurrentQuestionnaire;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** POST /previews: what answers would score, nothing stored. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class PreviewTest {

    private static final String CAMPAIGN = "preview-25";
    private static final String VERSION = "preview-25.1";
    private static final RestAssuredConfig DECIMALS = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    @BeforeEach
    void surveyServesTheCurrentQuestionnaire() {
        stubCurrentQuestionnaire(CAMPAIGN, Questionnaires.small(VERSION));
    }

    private static ValidatableResponse preview(String token, String body) {
        return given().config(DECIMALS).auth().oauth2(token).contentType("application/json").body(body).post("/previews").then();
    }

    private static long stored(String table) {
        return Db.count("select count(*) from " + table + " where campaign_code = ?", CAMPAIGN);
    }

    /**
     * CYBERSECURITE (100 + 100 + 75 + 75) / 4 = 87.5 → level 4 (the band's lower bound), engaged;
     * DONNEES_IA DIA-A 50 alone (DIA-B NSP) → level 2; INCLUSION nothing scored; index (87.5 + 50) / 2 = 68.75;
     * next steps DIA-A (theme 50), then CYB-C, CYB-D (theme 87.5, level 3, by code).
     */
    @Test
    void respondentPreviewsScoresWithoutAnythingBeingStored() {
        preview(Tokens.respondent("600000010"), """
                {"campaign": "preview-25", "answers": [
                  {"question": "CYB-A", "level": 4}, {"question": "CYB-B", "level": 4}, {"question": "CYB-D", "level": 3},
                  {"question": "CYB-C", "level": 3}, {"question": "CYB-NIS2", "value": "OUI"},
                  {"question": "DIA-A", "level": 2}, {"question": "DIA-B", "abstention": "NSP"},
                  {"question": "GEN-NOTE", "value": "free text"}]}""")
                .statusCode(200)
                .body("campaign", equalTo(CAMPAIGN))
                .body("model", equalTo("barometre-v1"))
                .body("questionnaireVersion", equalTo(VERSION))
                .body("index", comparesEqualTo(new BigDecimal("68.75")))
                .body("themes.theme", contains("CYBERSECURITE", "DONNEES_IA", "INCLUSION"))
                .body("themes[0].score", comparesEqualTo(new BigDecimal("87.5")))
                .body("themes[0].level", equalTo(4))
                .body("themes[0].engaged", equalTo(true))
                .body("themes[1].score", comparesEqualTo(new BigDecimal("50")))
                .body("themes[1].level", equalTo(2))
                .body("themes[1].engaged", equalTo(false))
                .body("themes[2].score", nullValue())
                .body("themes[2].level", nullValue())
                .body("themes[2].engaged", equalTo(false))
                .body("explanation.nextSteps.question", contains("DIA-A", "CYB-C", "CYB-D"));
        assertEquals(0, stored("assessment"));
        assertEquals(0, stored("submission"));
        assertEquals(0, Db.count("select count(*) from outbox_message where message_key like ?", CAMPAIGN + ":%"));
    }

    @Test
    void previewUnderAnotherModelUsesItsWeights() {
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"id\": \"preview-heavy\", \"itemWeights\": {\"DIA-A\": 3}}").post("/models");
        // (3 × 100 + 0) / 4 = 75
        preview(Tokens.partner(java.util.List.of(), java.util.List.of("600000010")), """
                {"campaign": "preview-25", "model": "preview-heavy",
                 "answers": [{"question": "DIA-A", "level": 4}, {"question": "DIA-B", "level": 0}]}""")
                .statusCode(200)
                .body("model", equalTo("preview-heavy"))
                .body("themes.find { it.theme == 'DONNEES_IA' }.score", comparesEqualTo(new BigDecimal("75")));
        preview(Tokens.admin(), "{\"campaign\": \"preview-25\", \"model\": \"no-such-model\", \"answers\": []}")
                .statusCode(422).body("errors.field", contains("model"));
    }

    @Test
    void invalidLevelsAndAbstentionsAre422ListingEachQuestion() {
        preview(Tokens.respondent("600000010"), """
                {"campaign": "preview-25", "answers": [
                  {"question": "CYB-A", "level": 5}, {"question": "CYB-B", "level": -1},
                  {"question": "DIA-A", "abstention": "MAYBE"}, {"question": "DIA-B"},
                  {"question": "INC-A", "level": 2}]}""")
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.question", containsInAnyOrder("CYB-A", "CYB-B", "DIA-A", "DIA-B"));
        preview(Tokens.respondent("600000010"), "{\"answers\": []}").statusCode(422).body("errors.field", contains("campaign"));
    }

    @Test
    void unknownCampaignIs404AndSurveyServiceDownIs503() {
        preview(Tokens.respondent("600000010"), "{\"campaign\": \"preview-unknown\", \"answers\": [{\"question\": \"CYB-A\", \"level\": 2}]}")
                .statusCode(404).contentType("application/problem+json");
        StubMapping down = server().stubFor(get(urlPathEqualTo(questionnairePath("preview-down"))).willReturn(aResponse().withStatus(503)));
        try {
            preview(Tokens.respondent("600000010"), "{\"campaign\": \"preview-down\", \"answers\": []}")
                    .statusCode(503).header("Retry-After", notNullValue());
        } finally {
            server().removeStub(down);
        }
    }

    @Test
    void previewNeedsAUserRole() {
        String body = "{\"campaign\": \"preview-25\", \"answers\": [{\"question\": \"CYB-A\", \"level\": 2}]}";
        given().contentType("application/json").body(body).post("/previews").then().statusCode(401);
        preview(Tokens.withRoles("scoring-ingest"), body).statusCode(403);
        preview(Tokens.analyst(), body).statusCode(200);
    }
}
