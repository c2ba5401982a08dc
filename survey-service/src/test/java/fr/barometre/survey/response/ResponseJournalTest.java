package fr.barometre.survey.response;

import fr.barometre.survey.testing.Answers;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.JournalRows;
import fr.barometre.survey.testing.JournalRows.Row;
import fr.barometre.survey.testing.Responses;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal of a response: each save, submission and reopening leaves exactly one entry naming its
 * caller, in the change's own transaction (a refused change leaves none); a save says which questions
 * changed and never an answer; the history reads them back for those who may read the response.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class ResponseJournalTest {

    static final String LYON = "216901231";
    static final String RENNES = "243500139";
    static final String URBALACONE = "212003313";
    static final String ORTO = "212001960";
    static final String GIUNCHETO = "212001275";
    /** The default questionnaire's TEXT question (optional, unconditional). */
    static final String COMMENT = "GEN-COMMENTAIRE";
    static final String REQUEST_ID = "X-Request-Id";

    private static List<Map<String, Object>> openCampaign(String code, String... sirens) {
        Campaigns.createOpen(code, Campaigns.sirens(sirens));
        return Answers.complete(Campaigns.questionnaire(code));
    }

    private static String target(String code, String siren) {
        return "response:" + code + "/" + siren;
    }

    private static String lyonAgent() {
        return Tokens.agent("agent-lyon-journal", LYON);
    }

    private static String requestId() {
        return "test-" + UUID.randomUUID();
    }

    @Test
    void eachSaveJournalsTheQuestionsWhoseAnswerChangedAndNeverAnAnswer() {
        String code = "journal-saves";
        List<Map<String, Object>> complete = openCampaign(code, LYON);
        String firstText = "first comment " + UUID.randomUUID();
        String secondText = "second comment " + UUID.randomUUID();
        List<Map<String, Object>> first = Answers.with(complete, Answers.value(COMMENT, firstText));
        String created = requestId();
        String etag = given().auth().oauth2(lyonAgent()).header(REQUEST_ID, created).contentType("application/json")
                .body(Answers.body(first)).put(Responses.path(code, LYON))
                .then().statusCode(201).header(REQUEST_ID, created).extract().header("ETag");

        List<Row> rows = JournalRows.of(target(code, LYON));
        assertEquals(1, rows.size());
        Row saved = rows.get(0);
        assertEquals("response.saved", saved.action());
        assertEquals("USER", saved.actorKind());
        assertEquals("agent-lyon-journal", saved.actorName());
        assertEquals("agent-lyon-journal", saved.actorSubject());
        assertEquals(List.of("respondent"), saved.actorRoles());
        assertNull(saved.actorTrigger());
        assertEquals(1L, saved.revision());
        assertEquals(created, saved.requestId());
        for (Map<String, Object> answer : first) {
            assertTrue(saved.detail().contains("\"" + answer.get("question") + "\""), "the first save names " + answer.get("question"));
        }

        // A PUT changing one level and the TEXT answer: those two questions, in the questionnaire's order
        String changedLevel = (String) complete.stream().filter(a -> a.containsKey("level")).findFirst().orElseThrow().get("question");
        List<Map<String, Object>> second = Answers.with(first, Answers.level(changedLevel, 4), Answers.value(COMMENT, secondText));
        String put = requestId();
        etag = given().auth().oauth2(lyonAgent()).header(REQUEST_ID, put).header("If-Match", etag).contentType("application/json")
                .body(Answers.body(second)).put(Responses.path(code, LYON))
                .then().statusCode(200).extract().header("ETag");
        Row changed = JournalRows.ofRequest(put).get(0);
        assertEquals(List.of(changed), JournalRows.ofRequest(put));
        assertEquals("response.saved", changed.action());
        // in the questionnaire's order: the general questions (the comment) before the themes' (the level)
        assertEquals("{\"questions\": [\"" + COMMENT + "\", \"" + changedLevel + "\"]}", changed.detail());

        // A PATCH removing the TEXT answer: that question only
        String patch = requestId();
        given().auth().oauth2(lyonAgent()).header(REQUEST_ID, patch).header("If-Match", etag).contentType("application/json")
                .body("{\"answers\": [{\"question\": \"" + COMMENT + "\"}]}").patch(Responses.path(code, LYON))
                .then().statusCode(200);
        assertEquals("{\"questions\": [\"" + COMMENT + "\"]}", JournalRows.ofRequest(patch).get(0).detail());
        assertEquals(3, JournalRows.of(target(code, LYON)).size());

        assertFalse(JournalRows.anywhere(firstText), "a TEXT answer's value is nowhere in the journal");
        assertFalse(JournalRows.anywhere(secondText), "a TEXT answer's value is nowhere in the journal");
    }

    @Test
    void aRefusedChangeLeavesNoEntry() {
        String code = "journal-refused";
        List<Map<String, Object>> complete = openCampaign(code, LYON, RENNES);
        String etag = Responses.create(lyonAgent(), code, LYON, complete.subList(0, 2));
        String target = target(code, LYON);
        assertEquals(1, JournalRows.of(target).size());

        String question = (String) complete.stream().filter(a -> a.containsKey("level")).findFirst().orElseThrow().get("question");
        // 422: a level out of range
        given().auth().oauth2(lyonAgent()).header("If-Match", etag).contentType("application/json")
                .body(Answers.body(Answers.level(question, 9))).put(Responses.path(code, LYON)).then().statusCode(422);
        // 412: a stale If-Match
        given().auth().oauth2(lyonAgent()).header("If-Match", "\"1-0\"").contentType("application/json")
                .body(Answers.body(complete)).put(Responses.path(code, LYON)).then().statusCode(412);
        given().auth().oauth2(lyonAgent()).header("If-Match", "\"1-0\"").contentType("application/json")
                .body(Answers.body(Answers.level(question, 3))).patch(Responses.path(code, LYON)).then().statusCode(412);
        // 404: another authority's agent; a response that does not exist
        given().auth().oauth2(Tokens.agent("agent-rennes-journal", RENNES)).header("If-Match", etag).contentType("application/json")
                .body(Answers.body(complete)).put(Responses.path(code, LYON)).then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).post(Responses.path(code, RENNES) + "/submission").then().statusCode(404);
        // 422: an incomplete submission; 409: reopening a draft
        given().auth().oauth2(lyonAgent()).post(Responses.path(code, LYON) + "/submission").then().statusCode(422);
        given().auth().oauth2(Tokens.admin()).post(Responses.path(code, LYON) + "/reopen").then().statusCode(409);

        assertEquals(1, JournalRows.of(target).size(), "only the first save is journaled");
        assertTrue(JournalRows.of(target(code, RENNES)).isEmpty());
    }

    @Test
    void submissionAndReopeningNameTheirCaller() {
        String code = "journal-submit";
        List<Map<String, Object>> complete = openCampaign(code, LYON);
        String partner = Tokens.partnerClient("partner-journal", List.of(), List.of(LYON));
        Responses.create(partner, code, LYON, complete);
        String submission = requestId();
        given().auth().oauth2(partner).header(REQUEST_ID, submission).post(Responses.path(code, LYON) + "/submission")
                .then().statusCode(200);
        List<Row> submitted = JournalRows.ofRequest(submission);
        assertEquals(1, submitted.size());
        Row s = submitted.get(0);
        assertEquals("response.submitted", s.action());
        assertEquals(target(code, LYON), s.target());
        assertEquals("CLIENT", s.actorKind());
        assertEquals("partner-journal", s.actorName(), "a client's own token is journaled by its client id");
        assertEquals("service-account-partner-journal", s.actorSubject());
        assertEquals(List.of("partner"), s.actorRoles());
        assertEquals(1L, s.revision());
        assertNull(s.detail());

        String reopening = requestId();
        given().auth().oauth2(Tokens.admin()).header(REQUEST_ID, reopening).post(Responses.path(code, LYON) + "/reopen")
                .then().statusCode(200);
        Row r = JournalRows.ofRequest(reopening).get(0);
        assertEquals(List.of(r), JournalRows.ofRequest(reopening));
        assertEquals("response.reopened", r.action());
        assertEquals("USER", r.actorKind());
        assertEquals("admin", r.actorName());
        assertEquals(List.of("admin"), r.actorRoles());
        assertEquals(2L, r.revision(), "the reopened response is the draft of the next revision");
        assertEquals(List.of("response.saved", "response.submitted", "response.reopened"),
                JournalRows.of(target(code, LYON)).stream().map(Row::action).toList());
    }

    @Test
    void aBatchOfNJournalsNSubmissionsAndNothingForItsRefusals() {
        String code = "journal-batch";
        List<Map<String, Object>> complete = openCampaign(code, URBALACONE, ORTO, GIUNCHETO);
        String batch = requestId();
        given().auth().oauth2(Tokens.admin()).header(REQUEST_ID, batch).contentType("application/json")
                .body(Answers.batch(List.of(Answers.item(URBALACONE, complete), Answers.item(ORTO, complete),
                        Answers.item(GIUNCHETO, complete), Answers.item(LYON, complete),
                        Answers.item(URBALACONE, complete.subList(0, 1)))))
                .post("/campaigns/" + code + "/responses/batch")
                .then().statusCode(200).body("submitted", equalTo(3));
        List<Row> rows = JournalRows.ofRequest(batch);
        assertEquals(List.of(target(code, URBALACONE), target(code, ORTO), target(code, GIUNCHETO)),
                rows.stream().map(Row::target).toList());
        for (Row row : rows) {
            assertEquals("response.submitted", row.action());
            assertEquals("admin", row.actorName());
            assertEquals(1L, row.revision());
        }
        assertTrue(JournalRows.of(target(code, LYON)).isEmpty(), "an authority the campaign does not invite: no entry");
    }

    @Test
    void aHostileRequestIdIsReplacedAndTheReplacementJournaled() {
        String code = "journal-request-id";
        List<Map<String, Object>> complete = openCampaign(code, LYON);
        String hostile = "<script>alert(1)</script>";
        String answered = given().auth().oauth2(lyonAgent()).header(REQUEST_ID, hostile).contentType("application/json")
                .body(Answers.body(complete)).put(Responses.path(code, LYON))
                .then().statusCode(201).extract().header(REQUEST_ID);
        assertNotEquals(hostile, answered);
        UUID.fromString(answered);
        Row saved = JournalRows.of(target(code, LYON)).get(0);
        assertEquals(answered, saved.requestId());
        assertFalse(JournalRows.anywhere(hostile));
    }

    @Test
    void theHistoryListsTheResponsesEntriesInOrderToThoseWhoMayReadIt() {
        String code = "journal-history";
        List<Map<String, Object>> complete = openCampaign(code, LYON);
        String etag = Responses.create(lyonAgent(), code, LYON, complete.subList(0, 3));
        given().auth().oauth2(lyonAgent()).header("If-Match", etag).contentType("application/json")
                .body(Answers.body(complete)).put(Responses.path(code, LYON)).then().statusCode(200);
        given().auth().oauth2(lyonAgent()).post(Responses.path(code, LYON) + "/submission").then().statusCode(200);
        List<Long> ids = JournalRows.of(target(code, LYON)).stream().map(Row::id).toList();

        String history = Responses.path(code, LYON) + "/history";
        for (String reader : List.of(lyonAgent(), Tokens.analyst(), Tokens.admin(),
                Tokens.partnerClient("partner-history", List.of(), List.of(LYON)))) {
            given().auth().oauth2(reader).get(history)
                    .then().statusCode(200)
                    .body("total", equalTo(3))
                    .body("items.action", contains("response.saved", "response.saved", "response.submitted"))
                    .body("items.id", contains(ids.get(0).intValue(), ids.get(1).intValue(), ids.get(2).intValue()))
                    .body("items[0].actor.kind", equalTo("USER"))
                    .body("items[0].actor.name", equalTo("agent-lyon-journal"))
                    .body("items[0].actor.roles", contains("respondent"))
                    .body("items[0].target", equalTo(target(code, LYON)))
                    .body("items[0].revision", equalTo(1))
                    .body("items[2].detail", equalTo(null));
        }
        given().auth().oauth2(Tokens.admin()).queryParam("page", 1).queryParam("size", 2).get(history)
                .then().statusCode(200).body("total", equalTo(3)).body("page", equalTo(1)).body("size", equalTo(2))
                .body("items", hasSize(1)).body("items[0].action", equalTo("response.submitted"));
        given().auth().oauth2(Tokens.admin()).queryParam("size", 0).get(history)
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theHistoryIsRefusedOutsideTheCallersReach() {
        String code = "journal-history-reach";
        List<Map<String, Object>> complete = openCampaign(code, LYON, RENNES);
        Responses.create(lyonAgent(), code, LYON, complete.subList(0, 1));
        String history = Responses.path(code, LYON) + "/history";
        given().auth().oauth2(Tokens.agent("agent-rennes-history", RENNES)).get(history)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.partnerClient("partner-elsewhere", List.of(), List.of(RENNES))).get(history)
                .then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).get(Responses.path(code, RENNES) + "/history").then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).get(Responses.path("journal-nowhere", LYON) + "/history").then().statusCode(404);
        given().get(history).then().statusCode(401);
        given().auth().oauth2(Tokens.serviceClient("scoring-service", "survey-feed")).get(history).then().statusCode(403);
    }
}
