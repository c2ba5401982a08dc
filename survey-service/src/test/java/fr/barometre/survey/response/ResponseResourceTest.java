package fr.barometre.survey.response;

import fr.barometre.survey.testing.Answers;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Responses;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static fr.barometre.survey.testing.Answers.abstention;
import static fr.barometre.survey.testing.Answers.level;
import static fr.barometre.survey.testing.Answers.value;
import static fr.barometre.survey.testing.Responses.path;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The life of a response: drafts with conditional requests, submission, idempotency, reopening, closing. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class ResponseResourceTest {

    static final String LYON = "216901231";
    static final String RENNES = "243500139";
    static final String PROBLEM = "application/problem+json";

    /** Opens a campaign of this class inviting Lyon and Rennes Métropole; returns a complete answer set. */
    private static List<Map<String, Object>> openCampaign(String code) {
        Campaigns.createOpen(code, Campaigns.sirens(LYON, RENNES));
        return Answers.complete(Campaigns.questionnaire(code));
    }

    private static String lyon() {
        return Tokens.respondent(LYON);
    }

    private static String rennes() {
        return Tokens.respondent(RENNES);
    }

    // ---------------------------------------------------------------------------------------------
    // Drafts and their conditional requests
    // ---------------------------------------------------------------------------------------------

    @Test
    void firstPutCreatesTheDraftWithEtagAndLocation() {
        String code = "resp-create";
        openCampaign(code);
        String etag = given().auth().oauth2(lyon())
                .contentType("application/json")
                .header("If-None-Match", "*")
                .body(Answers.body(level("DIA-PLAN-FORMATION", 2), abstention("CYB-PLAN-CRISE", "NSP"),
                        value("DIA-USAGE-AGENTS", "ORGANISE")))
                .put(path(code, LYON))
                .then().statusCode(201)
                .header("ETag", matchesPattern("\"1\\.\\d+\""))
                .header("Location", endsWith(path(code, LYON)))
                .body("campaign", equalTo(code))
                .body("siren", equalTo(LYON))
                .body("status", equalTo("DRAFT"))
                .body("revision", equalTo(1))
                .body("submittedAt", nullValue())
                .body("answers.question", containsInAnyOrder("DIA-PLAN-FORMATION", "CYB-PLAN-CRISE", "DIA-USAGE-AGENTS"))
                .extract().header("ETag");

        given().auth().oauth2(lyon())
                .get(path(code, LYON))
                .then().statusCode(200)
                .header("ETag", equalTo(etag))
                .body("status", equalTo("DRAFT"))
                .body("answers.find { it.question == 'DIA-PLAN-FORMATION' }.level", equalTo(2))
                .body("answers.find { it.question == 'CYB-PLAN-CRISE' }.abstention", equalTo("NSP"))
                .body("answers.find { it.question == 'DIA-USAGE-AGENTS' }.value", equalTo("ORGANISE"));
    }

    @Test
    void ifNoneMatchStarOnAnExistingResponseIsRejected() {
        String code = "resp-ifnone";
        openCampaign(code);
        String etag = Responses.create(lyon(), code, LYON, List.of(level("DIA-PLAN-FORMATION", 2)));

        given().auth().oauth2(lyon())
                .contentType("application/json")
                .header("If-None-Match", "*")
                .body(Answers.body(level("DIA-PLAN-FORMATION", 4)))
                .put(path(code, LYON))
                .then().statusCode(412)
                .contentType(PROBLEM)
                .body("status", equalTo(412));

        given().auth().oauth2(lyon()).get(path(code, LYON))
                .then().statusCode(200)
                .header("ETag", equalTo(etag))
                .body("answers.find { it.question == 'DIA-PLAN-FORMATION' }.level", equalTo(2));
    }

    @Test
    void laterPutWithoutIfMatchIsPreconditionRequired() {
        String code = "resp-428";
        openCampaign(code);
        String etag = Responses.create(lyon(), code, LYON, List.of(level("DIA-PLAN-FORMATION", 2)));

        given().auth().oauth2(lyon())
                .contentType("application/json")
                .body(Answers.body(level("DIA-PLAN-FORMATION", 4)))
                .put(path(code, LYON))
                .then().statusCode(428)
                .contentType(PROBLEM)
                .body("type", endsWith("/precondition-required"));

        given().auth().oauth2(lyon())
                .contentType("application/json")
                .body(Answers.body(level("DIA-PLAN-FORMATION", 4)))
                .patch(path(code, LYON))
                .then().statusCode(428)
                .contentType(PROBLEM);

        given().auth().oauth2(lyon()).get(path(code, LYON))
                .then().statusCode(200)
                .header("ETag", equalTo(etag))
                .body("answers.find { it.question == 'DIA-PLAN-FORMATION' }.level", equalTo(2));
    }

    @Test
    void staleEtagIsRejectedAndTheCurrentOneReplacesTheAnswers() {
        String code = "resp-etag";
        openCampaign(code);
        String first = Responses.create(lyon(), code, LYON,
                List.of(level("DIA-PLAN-FORMATION", 1), level("CYB-PLAN-CRISE", 1)));

        String second = given().auth().oauth2(lyon())
                .contentType("application/json")
                .header("If-Match", first)
                .body(Answers.body(level("DIA-PLAN-FORMATION", 3)))
                .put(path(code, LYON))
                .then().statusCode(200)
                .header("ETag", notNullValue())
                .body("answers.question", contains("DIA-PLAN-FORMATION"))
                .extract().header("ETag");
        assertNotEquals(first, second, "a change gives a new ETag");

        given().auth().oauth2(lyon())
                .contentType("application/json")
                .header("If-Match", first)
                .body(Answers.body(level("DIA-PLAN-FORMATION", 0)))
                .put(path(code, LYON))
                .then().statusCode(412)
                .contentType(PROBLEM)
                .body("type", endsWith("/precondition-failed"));

        given().auth().oauth2(lyon())
                .contentType("application/json")
                .header("If-Match", first)
                .body(Answers.body(level("DIA-PLAN-FORMATION", 0)))
                .patch(path(code, LYON))
                .then().statusCode(412);

        given().auth().oauth2(lyon()).get(path(code, LYON))
                .then().statusCode(200)
                .header("ETag", equalTo(second))
                .body("answers.question", contains("DIA-PLAN-FORMATION"))
                .body("answers[0].level", equalTo(3));
    }

    /**
     * A submission sent with If-Match applies to the state the caller saw: when the draft changed
     * since (another agent's PATCH), it is refused with 412 and nothing is submitted. If-Match is
     * optional on submission (its OpenAPI parameter says so; 428 is for PUT and PATCH).
     */
    @Test
    void submissionWithAStaleIfMatchIsRejectedAndNothingIsSubmitted() {
        String code = "resp-submit-412";
        List<Map<String, Object>> complete = openCampaign(code);
        String seen = Responses.create(lyon(), code, LYON, complete);
        String current = given().auth().oauth2(lyon())
                .contentType("application/json")
                .header("If-Match", seen)
                .body(Answers.body(level("DIA-PLAN-FORMATION", 4)))
                .patch(path(code, LYON))
                .then().statusCode(200)
                .extract().header("ETag");

        given().auth().oauth2(lyon())
                .header("If-Match", seen)
                .post(path(code, LYON) + "/submission")
                .then().statusCode(412)
                .contentType(PROBLEM)
                .body("status", equalTo(412))
                .body("type", endsWith("/precondition-failed"))
                .body("detail", containsString(current));
        given().auth().oauth2(lyon()).get(path(code, LYON))
                .then().statusCode(200)
                .header("ETag", equalTo(current))
                .body("status", equalTo("DRAFT"))
                .body("submittedAt", nullValue());
        given().auth().oauth2(Tokens.admin()).queryParam("status", "SUBMITTED").get("/campaigns/" + code + "/responses")
                .then().statusCode(200)
                .body("items", hasSize(0));

        given().auth().oauth2(lyon())
                .header("If-Match", current)
                .post(path(code, LYON) + "/submission")
                .then().statusCode(200)
                .header("ETag", not(equalTo(current)))
                .body("status", equalTo("SUBMITTED"));
    }

    @Test
    void patchMergesByQuestionCodeAndAnEntryWithoutAnswerRemovesIt() {
        String code = "resp-patch";
        openCampaign(code);
        String etag = Responses.create(lyon(), code, LYON, List.of(
                level("DIA-PLAN-FORMATION", 1),
                level("CYB-PLAN-CRISE", 2),
                abstention("NR-STRATEGIE", "NSP"),
                value("DIA-USAGE-AGENTS", "ORGANISE"),
                value("GEN-MUTUALISATION", true)));

        String patched = given().auth().oauth2(lyon())
                .contentType("application/json")
                .header("If-Match", etag)
                .body("""
                        {"answers": [{"question": "DIA-PLAN-FORMATION", "level": 3},
                                     {"question": "CYB-PLAN-CRISE"},
                                     {"question": "NR-STRATEGIE", "level": null},
                                     {"question": "BUD-PART-NUMERIQUE", "value": 12.5}]}""")
                .patch(path(code, LYON))
                .then().statusCode(200)
                .body("answers.question", containsInAnyOrder("DIA-PLAN-FORMATION", "DIA-USAGE-AGENTS",
                        "GEN-MUTUALISATION", "BUD-PART-NUMERIQUE"))
                .extract().header("ETag");
        assertNotEquals(etag, patched);

        given().auth().oauth2(lyon()).get(path(code, LYON))
                .then().statusCode(200)
                .header("ETag", equalTo(patched))
                .body("answers.question", containsInAnyOrder("DIA-PLAN-FORMATION", "DIA-USAGE-AGENTS",
                        "GEN-MUTUALISATION", "BUD-PART-NUMERIQUE"))
                .body("answers.find { it.question == 'DIA-PLAN-FORMATION' }.level", equalTo(3))
                .body("answers.find { it.question == 'DIA-USAGE-AGENTS' }.value", equalTo("ORGANISE"))
                .body("answers.find { it.question == 'GEN-MUTUALISATION' }.value", equalTo(true))
                .body("answers.find { it.question == 'BUD-PART-NUMERIQUE' }.value", equalTo(12.5f));
    }

    @Test
    void patchOfAResponseNotCreatedYetIsNotFound() {
        String code = "resp-patch-404";
        openCampaign(code);
        given().auth().oauth2(lyon())
                .contentType("application/json")
                .header("If-Match", "\"1.0\"")
                .body(Answers.body(level("DIA-PLAN-FORMATION", 3)))
                .patch(path(code, LYON))
                .then().statusCode(404)
                .contentType(PROBLEM);
        given().auth().oauth2(Tokens.admin()).get(path(code, LYON)).then().statusCode(404);
    }

    @Test
    void perAnswerProblemsOnSaveAreAllListedAndNothingIsStored() {
        String code = "resp-422";
        openCampaign(code);
        String etag = Responses.create(lyon(), code, LYON, List.of(level("DIA-PLAN-FORMATION", 2)));
        String invalid = """
                {"answers": [{"question": "DIA-PLAN-FORMATION", "level": 5},
                             {"question": "CYB-PLAN-CRISE", "abstention": "NR"},
                             {"question": "NR-STRATEGIE", "level": 2, "abstention": "NSP"},
                             {"question": "NR-ACHATS", "value": 2},
                             {"question": "DIA-USAGE-AGENTS", "value": "PARFOIS"},
                             {"question": "DIA-OUTILS", "value": ["AUTRE", "AUTRE"]},
                             {"question": "BUD-PART-NUMERIQUE", "value": 101},
                             {"question": "GEN-MUTUALISATION", "value": "true"},
                             {"question": "NO-SUCH-QUESTION", "level": 1},
                             {"question": "SAG-COMPETENCES", "level": 2}]}""";
        List<String> wrong = List.of("DIA-PLAN-FORMATION", "CYB-PLAN-CRISE", "NR-STRATEGIE", "NR-ACHATS",
                "DIA-USAGE-AGENTS", "DIA-OUTILS", "BUD-PART-NUMERIQUE", "GEN-MUTUALISATION", "NO-SUCH-QUESTION");

        for (String method : List.of("PUT", "PATCH")) {
            given().auth().oauth2(lyon())
                    .contentType("application/json")
                    .header("If-Match", etag)
                    .body(invalid)
                    .request(method, path(code, LYON))
                    .then().statusCode(422)
                    .contentType(PROBLEM)
                    .body("type", endsWith("/validation"))
                    .body("errors", hasSize(wrong.size()))
                    .body("errors.question", containsInAnyOrder(wrong.toArray()))
                    .body("errors.message", everyItem(notNullValue()));
        }

        given().auth().oauth2(lyon()).get(path(code, LYON))
                .then().statusCode(200)
                .header("ETag", equalTo(etag))
                .body("answers.question", contains("DIA-PLAN-FORMATION"))
                .body("answers[0].level", equalTo(2));

        // A first PUT with problems creates nothing.
        given().auth().oauth2(rennes())
                .contentType("application/json")
                .body(invalid)
                .put(path(code, RENNES))
                .then().statusCode(422)
                .body("errors.question", containsInAnyOrder(wrong.toArray()));
        given().auth().oauth2(Tokens.admin()).get(path(code, RENNES)).then().statusCode(404);
    }

    @Test
    void concurrentFirstPutsCreateOneDraftAndTheOthersFailTheirPrecondition() throws Exception {
        String code = "resp-race";
        openCampaign(code);
        int requests = 8;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int level = i % 5;
                statuses.add(pool.submit(() -> {
                    start.await();
                    return given().auth().oauth2(lyon())
                            .contentType("application/json")
                            .header("If-None-Match", "*")
                            .body(Answers.body(level("DIA-PLAN-FORMATION", level)))
                            .put(path(code, LYON))
                            .statusCode();
                }));
            }
            start.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get(60, TimeUnit.SECONDS));
            }
            assertEquals(1, Collections.frequency(codes, 201), "one creation: " + codes);
            assertEquals(requests - 1, Collections.frequency(codes, 412), "the others fail If-None-Match: " + codes);
        } finally {
            pool.shutdownNow();
        }
        given().auth().oauth2(lyon()).get(path(code, LYON))
                .then().statusCode(200)
                .header("ETag", matchesPattern("\"1\\.0\""));
    }

    // ---------------------------------------------------------------------------------------------
    // Submission
    // ---------------------------------------------------------------------------------------------

    @Test
    void incompleteSubmissionListsEveryMissingRequiredQuestionAndStoresNothing() {
        String code = "resp-incomplete";
        List<Map<String, Object>> complete = openCampaign(code);
        List<String> missing = List.of("GOV-PORTAGE", "NR-ACHATS", "CONF-DPO", "SAG-COMPETENCES", "DIA-SOUVERAINETE");
        String etag = Responses.create(lyon(), code, LYON, Answers.without(complete, missing.toArray(String[]::new)));

        given().auth().oauth2(lyon())
                .post(path(code, LYON) + "/submission")
                .then().statusCode(422)
                .contentType(PROBLEM)
                .body("errors", hasSize(missing.size()))
                .body("errors.question", containsInAnyOrder(missing.toArray()))
                .body("errors.message", everyItem(containsString("required")));

        given().auth().oauth2(lyon()).get(path(code, LYON))
                .then().statusCode(200)
                .header("ETag", equalTo(etag))
                .body("status", equalTo("DRAFT"))
                .body("revision", equalTo(1))
                .body("submittedAt", nullValue());
    }

    @Test
    void answerToAConditionalQuestionNotAskedIsRefusedAtSubmission() {
        String code = "resp-not-asked";
        List<Map<String, Object>> complete = openCampaign(code);
        List<Map<String, Object>> answers = Answers.with(complete,
                value("CYB-NIS2-CONCERNE", "NON"), value("CYB-NIS2-CONFORMITE", "CONFORME"));
        // Saving checks each answer on its own: the draft is taken.
        String etag = Responses.create(lyon(), code, LYON, answers);

        given().auth().oauth2(lyon())
                .post(path(code, LYON) + "/submission")
                .then().statusCode(422)
                .contentType(PROBLEM)
                .body("errors.question", contains("CYB-NIS2-CONFORMITE"))
                .body("errors[0].message", containsString("not asked"));
        assertEquals("DRAFT", Responses.status(code, LYON));

        // Not asked, so not required either: without it, the response is complete.
        given().auth().oauth2(lyon())
                .contentType("application/json")
                .header("If-Match", etag)
                .body("{\"answers\": [{\"question\": \"CYB-NIS2-CONFORMITE\"}]}")
                .patch(path(code, LYON))
                .then().statusCode(200);
        given().auth().oauth2(lyon())
                .post(path(code, LYON) + "/submission")
                .then().statusCode(200)
                .body("status", equalTo("SUBMITTED"));
    }

    @Test
    void conditionalQuestionIsRequiredWhenAsked() {
        String code = "resp-cond-required";
        List<Map<String, Object>> complete = openCampaign(code);
        List<Map<String, Object>> answers = Answers.without(
                Answers.with(complete, value("CYB-NIS2-CONCERNE", "OUI_ENTITE_IMPORTANTE")), "CYB-NIS2-CONFORMITE");
        String etag = Responses.create(lyon(), code, LYON, answers);

        given().auth().oauth2(lyon())
                .post(path(code, LYON) + "/submission")
                .then().statusCode(422)
                .body("errors.question", contains("CYB-NIS2-CONFORMITE"))
                .body("errors[0].message", containsString("required"));
        assertEquals("DRAFT", Responses.status(code, LYON));

        given().auth().oauth2(lyon())
                .contentType("application/json")
                .header("If-Match", etag)
                .body(Answers.body(value("CYB-NIS2-CONFORMITE", "PLAN_EN_COURS")))
                .patch(path(code, LYON))
                .then().statusCode(200);
        given().auth().oauth2(lyon())
                .post(path(code, LYON) + "/submission")
                .then().statusCode(200)
                .body("status", equalTo("SUBMITTED"))
                .body("answers.find { it.question == 'CYB-NIS2-CONFORMITE' }.value", equalTo("PLAN_EN_COURS"));
    }

    @Test
    void completeSubmissionIsSubmittedAndThenNoLongerChanges() {
        String code = "resp-submit";
        List<Map<String, Object>> complete = openCampaign(code);
        Responses.create(lyon(), code, LYON, complete);

        String etag = given().auth().oauth2(lyon())
                .post(path(code, LYON) + "/submission")
                .then().statusCode(200)
                .header("ETag", notNullValue())
                .body("status", equalTo("SUBMITTED"))
                .body("revision", equalTo(1))
                .body("submittedAt", notNullValue())
                .body("answers", hasSize(complete.size()))
                .extract().header("ETag");

        given().auth().oauth2(lyon())
                .contentType("application/json")
                .header("If-Match", etag)
                .body(Answers.body(complete))
                .put(path(code, LYON))
                .then().statusCode(409)
                .contentType(PROBLEM);
        given().auth().oauth2(lyon())
                .contentType("application/json")
                .header("If-Match", etag)
                .body(Answers.body(level("DIA-PLAN-FORMATION", 4)))
                .patch(path(code, LYON))
                .then().statusCode(409);
        given().auth().oauth2(lyon())
                .post(path(code, LYON) + "/submission")
                .then().statusCode(409);

        given().auth().oauth2(lyon()).get(path(code, LYON))
                .then().statusCode(200)
                .header("ETag", equalTo(etag))
                .body("status", equalTo("SUBMITTED"))
                .body("answers.find { it.question == 'DIA-PLAN-FORMATION' }.level", equalTo(2));
    }

    @Test
    void idempotencyKeyReplaysTheFirstOutcomeEvenOnceClosed() {
        String code = "resp-idem";
        List<Map<String, Object>> complete = openCampaign(code);
        Responses.create(lyon(), code, LYON, complete);
        Responses.create(rennes(), code, RENNES, complete);
        String key = "resp-idem-" + UUID.randomUUID();

        ExtractableResponse<Response> first = given().auth().oauth2(lyon())
                .header("Idempotency-Key", key)
                .post(path(code, LYON) + "/submission")
                .then().statusCode(200)
                .body("status", equalTo("SUBMITTED"))
                .extract();

        ExtractableResponse<Response> replay = given().auth().oauth2(lyon())
                .header("Idempotency-Key", key)
                .post(path(code, LYON) + "/submission")
                .then().statusCode(200)
                .extract();
        assertEquals(first.asString(), replay.asString(), "a replay returns the first body");
        assertEquals(first.header("ETag"), replay.header("ETag"));

        // Without the key, the same request is a new one: the response is submitted already.
        given().auth().oauth2(lyon())
                .post(path(code, LYON) + "/submission")
                .then().statusCode(409);

        // Another caller's keys are its own: the same key submits Rennes Métropole's response.
        given().auth().oauth2(rennes())
                .header("Idempotency-Key", key)
                .post(path(code, RENNES) + "/submission")
                .then().statusCode(200)
                .body("siren", equalTo(RENNES));

        // Once the campaign is closed, a replay still returns the first outcome.
        Campaigns.close(code);
        given().auth().oauth2(lyon())
                .header("Idempotency-Key", key)
                .post(path(code, LYON) + "/submission")
                .then().statusCode(200)
                .body(equalTo(first.asString()));
    }

    // ---------------------------------------------------------------------------------------------
    // Reopening and closing
    // ---------------------------------------------------------------------------------------------

    @Test
    void adminReopensASubmittedResponseAsTheDraftOfTheNextRevision() {
        String code = "resp-reopen";
        List<Map<String, Object>> complete = openCampaign(code);
        Responses.createAndSubmit(lyon(), code, LYON, complete);

        given().auth().oauth2(lyon())
                .post(path(code, LYON) + "/reopen")
                .then().statusCode(403)
                .contentType(PROBLEM);
        assertEquals("SUBMITTED", Responses.status(code, LYON));

        String etag = given().auth().oauth2(Tokens.admin())
                .post(path(code, LYON) + "/reopen")
                .then().statusCode(200)
                .header("ETag", matchesPattern("\"2\\.\\d+\""))
                .body("status", equalTo("DRAFT"))
                .body("revision", equalTo(2))
                .body("submittedAt", nullValue())
                .body("answers", hasSize(complete.size()))
                .extract().header("ETag");

        // A draft is not reopened again.
        given().auth().oauth2(Tokens.admin())
                .post(path(code, LYON) + "/reopen")
                .then().statusCode(409);

        given().auth().oauth2(lyon())
                .contentType("application/json")
                .header("If-Match", etag)
                .body(Answers.body(level("DIA-PLAN-FORMATION", 4)))
                .patch(path(code, LYON))
                .then().statusCode(200)
                .body("revision", equalTo(2));
        given().auth().oauth2(lyon())
                .post(path(code, LYON) + "/submission")
                .then().statusCode(200)
                .body("status", equalTo("SUBMITTED"))
                .body("revision", equalTo(2))
                .body("answers.find { it.question == 'DIA-PLAN-FORMATION' }.level", equalTo(4));
    }

    @Test
    void closedCampaignTakesNoMoreAnswers() {
        String code = "resp-closed";
        List<Map<String, Object>> complete = openCampaign(code);
        String etag = Responses.create(lyon(), code, LYON, complete);
        Campaigns.close(code);

        given().auth().oauth2(lyon())
                .contentType("application/json")
                .header("If-Match", etag)
                .body(Answers.body(complete))
                .put(path(code, LYON))
                .then().statusCode(409)
                .contentType(PROBLEM);
        given().auth().oauth2(lyon())
                .contentType("application/json")
                .header("If-Match", etag)
                .body(Answers.body(level("DIA-PLAN-FORMATION", 4)))
                .patch(path(code, LYON))
                .then().statusCode(409);
        given().auth().oauth2(lyon())
                .post(path(code, LYON) + "/submission")
                .then().statusCode(409);
        given().auth().oauth2(rennes())
                .contentType("application/json")
                .body(Answers.body(complete))
                .put(path(code, RENNES))
                .then().statusCode(409);

        // Still readable, unchanged.
        given().auth().oauth2(lyon()).get(path(code, LYON))
                .then().statusCode(200)
                .header("ETag", equalTo(etag))
                .body("status", equalTo("DRAFT"));
        given().auth().oauth2(Tokens.admin()).get(path(code, RENNES)).then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).get("/campaigns/" + code)
                .then().statusCode(200).body("status", not(equalTo("OPEN")));
    }

    /**
     * A campaign whose closing date has passed takes no more answers, though no one has read it or
     * closed it since (the scheduled closing does not run in the tests): each request about a response
     * applies the closing date itself.
     */
    @Test
    void aPassedClosingDateClosesTheCampaignForItsResponses() throws InterruptedException {
        String code = "resp-closing-date";
        Instant closesAt = Instant.now().plusSeconds(4);
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"code\": \"" + code + "\", \"closesAt\": \"" + closesAt + "\", \"audience\": "
                        + Campaigns.sirens(LYON, RENNES) + "}")
                .post("/campaigns").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/" + code + "/open").then().statusCode(200);
        List<Map<String, Object>> complete = Answers.complete(Campaigns.questionnaire(code));
        String etag = Responses.create(lyon(), code, LYON, complete);
        Responses.createAndSubmit(rennes(), code, RENNES, complete);
        Thread.sleep(Math.max(0, closesAt.toEpochMilli() - System.currentTimeMillis()) + 200);

        given().auth().oauth2(lyon()).contentType("application/json").header("If-Match", etag)
                .body(Answers.body(complete))
                .put(path(code, LYON))
                .then().statusCode(409).contentType(PROBLEM)
                .body("detail", containsString("CLOSED"));
        given().auth().oauth2(lyon()).contentType("application/json").header("If-Match", etag)
                .body(Answers.body(level("DIA-PLAN-FORMATION", 4)))
                .patch(path(code, LYON))
                .then().statusCode(409).body("detail", containsString("CLOSED"));
        given().auth().oauth2(lyon()).post(path(code, LYON) + "/submission")
                .then().statusCode(409).body("detail", containsString("CLOSED"));
        given().auth().oauth2(Tokens.admin()).post(path(code, RENNES) + "/reopen")
                .then().statusCode(409).contentType(PROBLEM);
        assertEquals("SUBMITTED", Responses.status(code, RENNES));
        given().auth().oauth2(lyon()).get(path(code, LYON))
                .then().statusCode(200).header("ETag", equalTo(etag)).body("status", equalTo("DRAFT"));
    }

    /** A change to a submitted response is refused as such (409), whatever If-Match it carries or lacks. */
    @Test
    void aPatchOfASubmittedResponseIsAConflictWhateverItsIfMatch() {
        String code = "resp-patch-submitted";
        List<Map<String, Object>> complete = openCampaign(code);
        Responses.createAndSubmit(lyon(), code, LYON, complete);
        String current = Responses.etag(code, LYON);

        for (String ifMatch : new String[]{null, "\"1.0\"", current}) {
            var request = given().auth().oauth2(lyon()).contentType("application/json")
                    .body(Answers.body(level("DIA-PLAN-FORMATION", 4)));
            if (ifMatch != null) {
                request.header("If-Match", ifMatch);
            }
            request.patch(path(code, LYON))
                    .then().statusCode(409).contentType(PROBLEM)
                    .body("detail", containsString("submitted"));
        }
        assertEquals(current, Responses.etag(code, LYON));
    }
}
