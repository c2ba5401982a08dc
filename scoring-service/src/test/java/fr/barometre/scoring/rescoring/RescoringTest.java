package fr.barometre.scoring.rescoring;

import fr.barometre.scoring.outbox.OutboxRelay;
import fr.barometre.scoring.testing.Api;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Submissions;
import fr.barometre.scoring.testing.Tokens;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.server;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubQuestionnaire;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /campaigns/{code}/rescoring and GET /jobs/{id}: rescoring a campaign as a resumable job. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class RescoringTest {

    private static final String CAMPAIGN = "rescore-25";
    private static final String VERSION = "rescore-25.1";
    private static final String A = "400000016";
    private static final String B = "400000024";
    private static final String C = "400000032";
    private static final String D = "400000040";
    private static final String E = "400000057";
    /** Comes after the job started: scored at once under the new model, not by the job. */
    private static final String LATE = "400000065";

    @Inject
    RescoringService rescoring;

    @Inject
    OutboxRelay relay;

    @BeforeEach
    void surveyServesTheQuestionnaire() {
        stubQuestionnaire(CAMPAIGN, VERSION, Questionnaires.small(VERSION));
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"id\": \"rescore-v2\", \"itemWeights\": {\"DIA-A\": 3}}").post("/models");   // 201, or 409 when it exists
    }

    private static ValidatableResponse start(String token, String campaign, String body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/campaigns/" + campaign + "/rescoring").then();
    }

    private static ValidatableResponse job(String token, String path) {
        return given().auth().oauth2(token).get(path).then();
    }

    private static Map<String, Object> jobRow(UUID id) {
        return Db.rows("select state, total, done, cursor_siren from rescoring_job where id = ?", id).get(0);
    }

    private static long assessments(String siren, String model) {
        return Db.count("select count(*) from assessment where campaign_code = ? and siren = ? and model_id = ?", CAMPAIGN, siren, model);
    }

    private static int lastVersion(String siren) {
        return ((Number) Db.rows("select max(assessment_version) v from assessment where campaign_code = ? and siren = ?",
                CAMPAIGN, siren).get(0).get("v")).intValue();
    }

    /** Jobs other classes may have left running would take the chunks meant for ours. */
    private void noOtherJobRuns() {
        while (rescoring.workOneChunk()) {
            // drain
        }
    }

    @Test
    void rescoringRunsAsAJobInChunksResumesFromItsCursorAndRescoresEachAuthoritysCurrentRevisionOnce() {
        // five authorities; B has revisions 1 then 2, C had revision 2 delivered before revision 1
        Api.deliver(Submissions.of(CAMPAIGN, A, 1, VERSION).level("DIA-A", 4).level("DIA-B", 0)).statusCode(200);
        Api.deliver(Submissions.of(CAMPAIGN, B, 1, VERSION).level("DIA-A", 0).level("DIA-B", 0)).statusCode(200);
        Api.deliver(Submissions.of(CAMPAIGN, B, 2, VERSION).level("DIA-A", 4).level("DIA-B", 0)).statusCode(200)
                .body("assessmentVersion", equalTo(2));
        Api.deliver(Submissions.of(CAMPAIGN, C, 2, VERSION).level("DIA-A", 4).level("DIA-B", 0)).statusCode(200);
        Api.deliver(Submissions.of(CAMPAIGN, C, 1, VERSION).level("DIA-A", 0).level("DIA-B", 4)).statusCode(200)
                .body("superseded", equalTo(true));
        Api.deliver(Submissions.of(CAMPAIGN, D, 1, VERSION).level("DIA-A", 4).level("DIA-B", 0)).statusCode(200);
        Api.deliver(Submissions.of(CAMPAIGN, E, 1, VERSION).level("DIA-A", 4).level("DIA-B", 0)).statusCode(200);
        Api.assessment(CAMPAIGN, B).statusCode(200).body("themes.find { it.theme == 'DONNEES_IA' }.score", equalTo(50.0f));
        noOtherJobRuns();

        String location = start(Tokens.admin(), CAMPAIGN, "{\"model\": \"rescore-v2\"}")
                .statusCode(202)
                .header("Location", matchesPattern(".*/jobs/[0-9a-f-]{36}"))
                .body("state", equalTo("RUNNING"))
                .body("total", equalTo(5))
                .body("done", equalTo(0))
                .extract().header("Location");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        job(Tokens.admin(), location).statusCode(200)
                .body("id", equalTo(id.toString()))
                .body("campaign", equalTo(CAMPAIGN))
                .body("model", equalTo("rescore-v2"))
                .body("state", equalTo("RUNNING"))
                .body("total", equalTo(5))
                .body("done", equalTo(0));

        // one job at a time per campaign
        start(Tokens.admin(), CAMPAIGN, "{\"model\": \"barometre-v1\"}").statusCode(409).contentType("application/problem+json");

        // one chunk of two authorities, committed with the job's progress
        assertTrue(rescoring.workOneChunk());
        job(Tokens.admin(), location).statusCode(200).body("state", equalTo("RUNNING")).body("done", equalTo(2)).body("total", equalTo(5));
        assertEquals(Map.of("state", "RUNNING", "total", 5, "done", 2, "cursor_siren", B), jobRow(id));
        assertEquals(1, assessments(A, "rescore-v2"));
        assertEquals(1, assessments(B, "rescore-v2"));
        assertEquals(0, assessments(C, "rescore-v2"));

        // meanwhile a new authority submits: scored under the campaign's new model at once, and left to no job
        Api.deliver(Submissions.of(CAMPAIGN, LATE, 1, VERSION).level("DIA-A", 4).level("DIA-B", 0)).statusCode(200);
        Api.assessment(CAMPAIGN, LATE).statusCode(200).body("model", equalTo("rescore-v2"));

        // "restart": nothing is kept in memory; a bean looked up afresh resumes after the cursor read from the database
        RescoringService afterRestart = Arc.container().instance(RescoringService.class).get();
        assertTrue(afterRestart.workOneChunk());
        assertEquals(Map.of("state", "RUNNING", "total", 5, "done", 4, "cursor_siren", D), jobRow(id));
        assertTrue(afterRestart.workOneChunk());
        assertEquals(Map.of("state", "DONE", "total", 5, "done", 5, "cursor_siren", E), jobRow(id));
        assertFalse(afterRestart.workOneChunk(), "no job has work left");
        job(Tokens.admin(), location).statusCode(200)
                .body("state", equalTo("DONE")).body("done", equalTo(5)).body("total", equalTo(5))
                .body("finishedAt", notNullValue()).body("error", nullValue());

        // each authority: exactly one new assessment version, of its current revision, under the model
        for (String siren : List.of(A, B, C, D, E)) {
            assertEquals(1, assessments(siren, "rescore-v2"), siren);
        }
        assertEquals(1, assessments(LATE, "rescore-v2"));
        assertEquals(1, Db.count("select count(*) from assessment where campaign_code = ? and siren = ?", CAMPAIGN, LATE));
        assertEquals(2, lastVersion(A));
        assertEquals(3, lastVersion(B));
        assertEquals(2, lastVersion(C));
        // DIA-A weighs 3: (3 × 100 + 0) / 4 = 75, against 50 under barometre-v1
        Api.assessment(CAMPAIGN, B).statusCode(200)
                .body("revision", equalTo(2)).body("assessmentVersion", equalTo(3)).body("model", equalTo("rescore-v2"))
                .body("themes.find { it.theme == 'DONNEES_IA' }.score", equalTo(75.0f));
        Api.assessment(CAMPAIGN, C).statusCode(200)
                .body("revision", equalTo(2)).body("assessmentVersion", equalTo(2))
                .body("themes.find { it.theme == 'DONNEES_IA' }.score", equalTo(75.0f));

        // each new assessment is a fact in the outbox, delivered downstream
        for (String siren : List.of(A, B, C, D, E)) {
            assertEquals(1, Db.count("select count(*) from outbox_message where message_key = ?",
                    CAMPAIGN + ":" + siren + ":" + lastVersion(siren)), siren);
        }
        relay.relayDue();
        // (the relay posts them in batches: counted message by message)
        List<com.fasterxml.jackson.databind.JsonNode> facts = server().findAll(postRequestedFor(urlPathEqualTo(NeighboursWireMockResource.FACTS_BATCH)))
                .stream().flatMap(r -> fr.barometre.testing.BatchAnswer.messages(r.getBodyAsString()).stream())
                .filter(f -> f.path("campaign").asText().equals(CAMPAIGN)).toList();
        assertEquals(5, facts.stream().filter(f -> f.path("model").asText().equals("rescore-v2")
                && !f.path("siren").asText().equals(LATE)).count());
        assertEquals(1, facts.stream().filter(f -> f.path("siren").asText().equals(B) && f.path("assessmentVersion").asInt() == 3
                && f.path("revision").asInt() == 2).count());

        // once done, the campaign may be rescored again
        start(Tokens.admin(), CAMPAIGN, "{\"model\": \"barometre-v1\"}").statusCode(202).body("total", equalTo(6));
        noOtherJobRuns();
        Api.assessment(CAMPAIGN, A).statusCode(200).body("model", equalTo("barometre-v1")).body("assessmentVersion", equalTo(3));
    }

    @Test
    void unknownOrMissingModelIsRefusedWith422() {
        start(Tokens.admin(), CAMPAIGN, "{\"model\": \"no-such-model\"}")
                .statusCode(422).contentType("application/problem+json").body("errors.field", org.hamcrest.Matchers.contains("model"));
        start(Tokens.admin(), CAMPAIGN, "{}").statusCode(422);
        assertEquals(0, Db.count("select count(*) from rescoring_job where model_id = 'no-such-model'"));
    }

    @Test
    void unknownJobIs404() {
        job(Tokens.admin(), "/jobs/" + UUID.randomUUID()).statusCode(404).contentType("application/problem+json");
        job(Tokens.admin(), "/jobs/not-a-uuid").statusCode(404);
    }

    @Test
    void onlyAdminsRescoreAndReadJobs() {
        start(Tokens.analyst(), "rescore-forbidden", "{\"model\": \"rescore-v2\"}").statusCode(403).contentType("application/problem+json");
        start(Tokens.respondent(A), "rescore-forbidden", "{\"model\": \"rescore-v2\"}").statusCode(403);
        start(Tokens.partner(List.of("INTERCONNECTES"), List.of(A)), "rescore-forbidden", "{\"model\": \"rescore-v2\"}").statusCode(403);
        given().contentType("application/json").body("{\"model\": \"rescore-v2\"}")
                .post("/campaigns/rescore-forbidden/rescoring").then().statusCode(401);
        assertEquals(0, Db.count("select count(*) from rescoring_job where campaign_code = 'rescore-forbidden'"));

        String location = start(Tokens.admin(), "rescore-empty", "{\"model\": \"rescore-v2\"}").statusCode(202)
                .body("state", equalTo("DONE")).body("total", equalTo(0))   // nothing to rescore
                .extract().header("Location");
        job(Tokens.analyst(), location).statusCode(403);
        job(Tokens.respondent(A), location).statusCode(403);
        given().get(location).then().statusCode(401);
        job(Tokens.admin(), location).statusCode(200).body("state", equalTo("DONE"));
    }

    @Test
    void aJobThatCannotGoOnFailsSayingWhyInsteadOfRetryingForever() {
        String campaign = "rescore-fail";
        Db.update("insert into submission (campaign_code, siren, revision, payload) values (?, ?, 1, cast(? as jsonb))",
                campaign, "400000073", "{\"campaign\": \"rescore-fail\", \"revision\": \"not a number\"}");
        String location = given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"model\": \"barometre-v1\"}")
                .post("/campaigns/" + campaign + "/rescoring")
                .then().statusCode(202).extract().header("Location");
        while (rescoring.workOneChunk()) {
            // until no running job is left
        }
        given().auth().oauth2(Tokens.admin()).get(location)
                .then().statusCode(200)
                .body("state", equalTo("FAILED"))
                .body("error", notNullValue());
    }
}
