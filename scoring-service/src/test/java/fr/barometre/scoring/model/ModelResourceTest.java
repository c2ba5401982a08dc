package fr.barometre.scoring.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.scoring.rescoring.RescoringService;
import fr.barometre.scoring.testing.Api;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Submissions;
import fr.barometre.scoring.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubQuestionnaire;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET|POST /models: scoring models are data, validated, immutable; rescoring under one changes the scores. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class ModelResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RestAssuredConfig DECIMALS = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    private static final String V1_BANDS = """
            [{"level": 0, "from": 0, "to": 12.5}, {"level": 1, "from": 12.5, "to": 37.5}, {"level": 2, "from": 37.5, "to": 62.5},
             {"level": 3, "from": 62.5, "to": 87.5}, {"level": 4, "from": 87.5, "to": 100}]""";

    @Inject
    RescoringService rescoring;

    private static ValidatableResponse create(String token, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body).post("/models").then();
    }

    private static Matcher<BigDecimal> dec(String value) {
        return comparesEqualTo(new BigDecimal(value));
    }

    private static List<BigDecimal> bounds(JsonNode model) {
        List<BigDecimal> bounds = new ArrayList<>();
        model.get("bands").forEach(b -> bounds.add(b.get("from").decimalValue()));
        bounds.add(model.get("bands").get(4).get("to").decimalValue());
        return bounds;
    }

    @Test
    void defaultModelIsListedWithTheDesignsBandsAndThreshold() throws Exception {
        String body = given().auth().oauth2(Tokens.respondent("216901231")).get("/models")
                .then().statusCode(200).body("id", hasItem("barometre-v1")).extract().asString();
        JsonNode v1 = null;
        for (JsonNode m : JSON.readTree(body)) {
            if (m.get("id").asText().equals("barometre-v1")) {
                v1 = m;
            }
        }
        assertEquals(List.of("0", "12.5", "37.5", "62.5", "87.5", "100"),
                bounds(v1).stream().map(BigDecimal::toPlainString).toList());
        assertEquals(List.of(0, 1, 2, 3, 4), v1.get("bands").findValuesAsText("level").stream().map(Integer::valueOf).toList());
        assertEquals(3, v1.get("engagedLevel").asInt());
        assertTrue(v1.get("itemWeights").isEmpty() && v1.get("themeWeights").isEmpty(), "every weight is 1 by default");
        given().auth().oauth2(Tokens.analyst()).get("/models/barometre-v1").then().statusCode(200)
                .body("engagedLevel", equalTo(3)).body("bands.level", contains(0, 1, 2, 3, 4));
        given().get("/models").then().statusCode(401);
        given().auth().oauth2(Tokens.admin()).get("/models/no-such-model").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void adminCreatesAModelOnceAndItIsImmutable() {
        create(Tokens.admin(), "{\"id\": \"models-once\", \"itemWeights\": {\"DIA-A\": 2}}")
                .statusCode(201)
                .header("Location", endsWith("/models/models-once"))
                .body("id", equalTo("models-once"))
                .body("itemWeights.DIA-A", equalTo(2))
                .body("engagedLevel", equalTo(3))      // absent: barometre-v1's
                .body("bands.level", contains(0, 1, 2, 3, 4));
        given().auth().oauth2(Tokens.admin()).get("/models/models-once").then().statusCode(200).body("itemWeights.DIA-A", equalTo(2));
        // the same id again, even with other content: a model never changes
        create(Tokens.admin(), "{\"id\": \"models-once\", \"itemWeights\": {\"DIA-A\": 3}}")
                .statusCode(409).contentType("application/problem+json");
        create(Tokens.admin(), "{\"id\": \"barometre-v1\"}").statusCode(409);
        // empty bands, as generated clients send them, mean barometre-v1's
        create(Tokens.admin(), "{\"id\": \"models-empty-bands\", \"bands\": []}")
                .statusCode(201).body("bands.from", contains(0, 12.5f, 37.5f, 62.5f, 87.5f));
        given().auth().oauth2(Tokens.admin()).get("/models/models-once").then().statusCode(200).body("itemWeights.DIA-A", equalTo(2));
    }

    @Test
    void onlyAdminsCreateModels() {
        create(Tokens.analyst(), "{\"id\": \"models-analyst\"}").statusCode(403).contentType("application/problem+json");
        create(Tokens.respondent("216901231"), "{\"id\": \"models-analyst\"}").statusCode(403);
        given().contentType("application/json").body("{\"id\": \"models-analyst\"}").post("/models").then().statusCode(401);
        given().auth().oauth2(Tokens.admin()).get("/models/models-analyst").then().statusCode(404);
    }

    @Test
    void negativeWeightIsRefused() {
        create(Tokens.admin(), "{\"id\": \"models-negative\", \"itemWeights\": {\"DIA-A\": -1}, \"themeWeights\": {\"INCLUSION\": -0.5}}")
                .statusCode(422).contentType("application/problem+json")
                .body("errors.field", contains("itemWeights.DIA-A", "themeWeights.INCLUSION"))
                .body("errors.message", hasItem(containsString("0 or more")));
        given().auth().oauth2(Tokens.admin()).get("/models/models-negative").then().statusCode(404);
    }

    @Test
    void missingWeightsAndBandsAreRefusedByName() {
        create(Tokens.admin(), "{\"id\": \"models-null\", \"itemWeights\": {\"DIA-A\": null}}")
                .statusCode(422).body("errors.field", contains("itemWeights.DIA-A"));
        create(Tokens.admin(), "{\"id\": \"models-null-band\", \"bands\": " + V1_BANDS.replaceFirst("\\{\"level\": 0[^}]*}", "null") + "}")
                .statusCode(422).body("errors.field", contains("bands[0]"));
        create(Tokens.admin(), "{\"id\": \"models-two-bands\", \"bands\": [{\"level\": 0, \"from\": 0, \"to\": 50}, {\"level\": 1, \"from\": 50, \"to\": 100}]}")
                .statusCode(422).body("errors.field", contains("bands"));
    }

    @Test
    void allZeroWeightsAreRefused() {
        create(Tokens.admin(), """
                {"id": "models-zero", "themeWeights": {"NUMERIQUE_RESPONSABLE": 0, "SERVICES_USAGERS": 0, "CONFORMITE": 0,
                 "INCLUSION": 0, "CYBERSECURITE": 0, "SERVICES_AGENTS": 0, "DONNEES_IA": 0}}""")
                .statusCode(422)
                .body("errors.field", hasItem("themeWeights"))
                .body("errors.message", hasItem(containsString("no index could be computed")));
        // six themes at 0 and one left at its default 1: an index can be computed
        create(Tokens.admin(), """
                {"id": "models-one-theme", "themeWeights": {"NUMERIQUE_RESPONSABLE": 0, "SERVICES_USAGERS": 0, "CONFORMITE": 0,
                 "INCLUSION": 0, "CYBERSECURITE": 0, "SERVICES_AGENTS": 0}}""")
                .statusCode(201);
        given().auth().oauth2(Tokens.admin()).get("/models/models-zero").then().statusCode(404);
        // an item weighing 0 is left out of its theme; the others keep their default 1
        create(Tokens.admin(), "{\"id\": \"models-no-dia-a\", \"itemWeights\": {\"DIA-A\": 0}}")
                .statusCode(201).body("itemWeights.DIA-A", equalTo(0));
    }

    @Test
    void bandsWithAGapAreRefused() {
        create(Tokens.admin(), "{\"id\": \"models-gap\", \"bands\": " + V1_BANDS.replace("\"from\": 37.5", "\"from\": 40") + "}")
                .statusCode(422)
                .body("errors.field", contains("bands[2].from"))
                .body("errors.message", hasItem(containsString("gap")));
    }

    @Test
    void overlappingBandsAreRefused() {
        create(Tokens.admin(), "{\"id\": \"models-overlap\", \"bands\": " + V1_BANDS.replace("\"from\": 62.5", "\"from\": 60") + "}")
                .statusCode(422)
                .body("errors.field", contains("bands[3].from"))
                .body("errors.message", hasItem(containsString("overlaps")));
    }

    @Test
    void lastBandNotEndingAt100IsRefused() {
        create(Tokens.admin(), "{\"id\": \"models-short\", \"bands\": " + V1_BANDS.replace("\"to\": 100", "\"to\": 99") + "}")
                .statusCode(422)
                .body("errors.field", contains("bands[4].to"))
                .body("errors.message", hasItem(containsString("100")));
    }

    @Test
    void engagedLevelOutsideTheLevelsIsRefused() {
        create(Tokens.admin(), "{\"id\": \"models-engaged5\", \"engagedLevel\": 5}")
                .statusCode(422).body("errors.field", contains("engagedLevel"));
        create(Tokens.admin(), "{\"id\": \"models-engaged-1\", \"engagedLevel\": -1}")
                .statusCode(422).body("errors.field", contains("engagedLevel"));
        create(Tokens.admin(), "{\"id\": \"models-engaged4\", \"engagedLevel\": 4}")
                .statusCode(201).body("engagedLevel", equalTo(4));
    }

    /**
     * The design's rule: "a mean of exactly 62.5 is level 3, a mean of 62.4999 is level 2". DIA-A weighs
     * 0.9999: (0.9999 × 75 + 1 × 50) / 1.9999 = 124.9925 / 1.9999 = 62.49937… — shown as 62.50, yet level 2,
     * not engaged; with DIA-A and DIA-B swapped, (0.9999 × 50 + 75) / 1.9999 = 62.50062… → level 3.
     */
    @Test
    void themeLevelIsDecidedOnTheExactScoreNotOnTheRoundedOne() {
        create(Tokens.admin(), "{\"id\": \"models-almost\", \"itemWeights\": {\"DIA-A\": 0.9999}}").statusCode(201);
        NeighboursWireMockResource.stubCurrentQuestionnaire("models-exact", Questionnaires.small("models-exact.1"));
        given().config(DECIMALS).auth().oauth2(Tokens.admin()).contentType("application/json").body("""
                        {"campaign": "models-exact", "model": "models-almost",
                         "answers": [{"question": "DIA-A", "level": 3}, {"question": "DIA-B", "level": 2}]}""")
                .post("/previews").then().statusCode(200)
                .body("themes.find { it.theme == 'DONNEES_IA' }.score", dec("62.50"))
                .body("themes.find { it.theme == 'DONNEES_IA' }.level", equalTo(2))
                .body("themes.find { it.theme == 'DONNEES_IA' }.engaged", equalTo(false));
        given().config(DECIMALS).auth().oauth2(Tokens.admin()).contentType("application/json").body("""
                        {"campaign": "models-exact", "model": "models-almost",
                         "answers": [{"question": "DIA-A", "level": 2}, {"question": "DIA-B", "level": 3}]}""")
                .post("/previews").then().statusCode(200)
                .body("themes.find { it.theme == 'DONNEES_IA' }.score", dec("62.50"))
                .body("themes.find { it.theme == 'DONNEES_IA' }.level", equalTo(3))
                .body("themes.find { it.theme == 'DONNEES_IA' }.engaged", equalTo(true));
    }

    /**
     * One authority, hand-computed under both models:
     * <pre>
     * answers        CYB-A..D 4 · DIA-A 4, DIA-B..D 0 · INC-A..D 2
     * barometre-v1   CYBERSECURITE 100 (4) · DONNEES_IA 100/4 = 25 (1, not engaged) · INCLUSION 50 (2)
     *                index (100 + 25 + 50) / 3 = 58.33
     * models-heavy   item DIA-A weighs 5 (and an item the questionnaire lacks weighs 9: no effect),
     *                theme INCLUSION weighs 2
     *                DONNEES_IA (5 × 100 + 0 + 0 + 0) / (5 + 1 + 1 + 1) = 62.5 → level 3 exactly, engaged;
     *                DIA-A contributes 500/8 = 62.5
     *                index (100 + 62.5 + 2 × 50) / 4 = 65.625 → 65.63
     * </pre>
     */
    @Test
    void rescoringUnderAModelWithItemWeightsChangesTheScoresAccordingly() {
        String campaign = "models-25";
        String version = "models-25.1";
        String siren = "300000017";
        stubQuestionnaire(campaign, version, Questionnaires.small(version));
        Api.deliver(Submissions.of(campaign, siren, 1, version)
                        .levels(4, "CYB-A", "CYB-B", "CYB-C", "CYB-D", "DIA-A").levels(0, "DIA-B", "DIA-C", "DIA-D")
                        .levels(2, "INC-A", "INC-B", "INC-C", "INC-D"))
                .statusCode(200).body("assessmentVersion", equalTo(1));
        ValidatableResponse before = given().config(DECIMALS).auth().oauth2(Tokens.admin())
                .get("/campaigns/" + campaign + "/assessments/" + siren).then().statusCode(200);
        before.body("model", equalTo("barometre-v1"))
                .body("index", dec("58.33"))
                .body("themes.find { it.theme == 'DONNEES_IA' }.score", dec("25"))
                .body("themes.find { it.theme == 'DONNEES_IA' }.level", equalTo(1))
                .body("themes.find { it.theme == 'DONNEES_IA' }.engaged", equalTo(false));

        create(Tokens.admin(), "{\"id\": \"models-heavy\", \"itemWeights\": {\"DIA-A\": 5, \"NOT-IN-QUESTIONNAIRE\": 9}, \"themeWeights\": {\"INCLUSION\": 2}}")
                .statusCode(201);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"model\": \"models-heavy\"}")
                .post("/campaigns/" + campaign + "/rescoring").then().statusCode(202);
        while (rescoring.workOneChunk()) {
            // until no running job is left
        }

        given().config(DECIMALS).auth().oauth2(Tokens.admin()).get("/campaigns/" + campaign + "/assessments/" + siren).then()
                .statusCode(200)
                .body("model", equalTo("models-heavy"))
                .body("revision", equalTo(1))
                .body("assessmentVersion", equalTo(2))
                .body("index", dec("65.63"))
                .body("themes.find { it.theme == 'CYBERSECURITE' }.score", dec("100"))
                .body("themes.find { it.theme == 'DONNEES_IA' }.score", dec("62.5"))
                .body("themes.find { it.theme == 'DONNEES_IA' }.level", equalTo(3))
                .body("themes.find { it.theme == 'DONNEES_IA' }.engaged", equalTo(true))
                .body("themes.find { it.theme == 'INCLUSION' }.score", dec("50"))
                .body("explanation.themes.find { it.theme == 'DONNEES_IA' }.items[0].weight", equalTo(5))
                .body("explanation.themes.find { it.theme == 'DONNEES_IA' }.items[0].contribution", dec("62.5"))
                .body("explanation.themes.find { it.theme == 'DONNEES_IA' }.items[1].contribution", dec("0"));

        // a later submission of the campaign is scored under the campaign's new model too
        Api.deliver(Submissions.of(campaign, "300000025", 1, version)
                        .level("DIA-A", 4).levels(0, "DIA-B", "DIA-C", "DIA-D"))
                .statusCode(200);
        given().config(DECIMALS).auth().oauth2(Tokens.admin()).get("/campaigns/" + campaign + "/assessments/300000025").then()
                .statusCode(200)
                .body("model", equalTo("models-heavy"))
                .body("themes.find { it.theme == 'DONNEES_IA' }.score", dec("62.5"));
    }
}
