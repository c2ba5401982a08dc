package fr.barometre.scoring.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.barometre.scoring.testing.Api;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Submissions;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.testing.BatchAnswer;
import fr.barometre.scoring.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.server;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubQuestionnaire;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox to reporting-service (POST /internal/facts) and the assessment feed
 * (GET /internal/assessments): the fact's exact shape, retries with backoff, dead messages, and a
 * feed that never skips a late commit.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class OutboxAndFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAMPAIGN = "outbox-25";
    private static final String VERSION = "outbox-25.1";
    private static final String FACTS = NeighboursWireMockResource.FACTS_BATCH;

    @Inject
    OutboxRelay relay;

    @BeforeEach
    void surveyServesTheQuestionnaires() {
        for (String campaign : List.of(CAMPAIGN, "outbox-retry", "outbox-dead", "feed-25", "feed-keys")) {
            stubQuestionnaire(campaign, VERSION, Questionnaires.small(VERSION));
        }
    }

    private static List<LoggedRequest> factsPosted(String campaign, String siren) {
        return server().findAll(postRequestedFor(urlPathEqualTo(FACTS))
                .withRequestBody(matchingJsonPath(NeighboursWireMockResource.carrying(campaign, siren))));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String status(String key) {
        return (String) Db.rows("select status from outbox_message where message_key = ?", key).get(0).get("status");
    }

    @Test
    void factPostedToReportingHasExactlyTheDesignsFormatWithoutTextAnswersAndWithABearerToken() {
        String siren = "500000013";
        Api.deliver(Submissions.of(CAMPAIGN, siren, 1, VERSION)
                        .value("GEN-BUDGET", 12.5)
                        .value("GEN-NOTE", "a confidential note")
                        .level("CYB-A", 3).abstention("CYB-B", "NSP").value("CYB-NIS2", "OUI")
                        .level("DIA-A", 1).level("DIA-B", 2)
                        .abstention("INC-A", "NA").value("INC-COMMENT", "another free text"))
                .statusCode(200);
        assertEquals("PENDING", status(CAMPAIGN + ":" + siren + ":1"));
        relay.relayDue();

        List<LoggedRequest> posted = factsPosted(CAMPAIGN, siren);
        assertEquals(1, posted.size());
        LoggedRequest request = posted.get(0);
        assertTrue(request.getHeader("Authorization").matches("Bearer \\S+"), request.getHeader("Authorization"));
        assertTrue(request.getHeader("Content-Type").startsWith("application/json"));
        assertEquals(List.of("messages"), iterable(read(request.getBodyAsString()).fieldNames()), "a batch of facts");
        String body = BatchAnswer.messages(request.getBodyAsString()).stream()
                .filter(m -> m.path("siren").asText().equals(siren)).findFirst().orElseThrow().toString();
        assertFalse(body.contains("confidential") || body.contains("free text") || body.contains("GEN-NOTE")
                || body.contains("INC-COMMENT"), "TEXT answers never leave: " + body);
        assertFalse(body.contains("submittedAt"), "the fact carries what the design lists, no more");
        // CYBERSECURITE: CYB-A 75 alone (CYB-B NSP left out) → level 3, engaged;
        // DONNEES_IA (25 + 50) / 2 = 37.5 → level 2; INCLUSION: nothing scored → null, null, not engaged;
        // index (75 + 37.5) / 2 = 56.25
        JsonNode expected = read("""
                {"campaign": "outbox-25", "siren": "500000013", "revision": 1, "questionnaireVersion": "outbox-25.1",
                 "profile": {"kind": "COMMUNE", "population": 519127, "stratum": "S6", "departement": "69", "region": "84",
                             "networks": ["FRANCE_URBAINE"]},
                 "answers": [{"question": "GEN-BUDGET", "value": 12.5},
                             {"question": "CYB-A", "level": 3}, {"question": "CYB-B", "abstention": "NSP"},
                             {"question": "CYB-NIS2", "value": "OUI"},
                             {"question": "DIA-A", "level": 1}, {"question": "DIA-B", "level": 2},
                             {"question": "INC-A", "abstention": "NA"}],
                 "assessmentVersion": 1, "model": "barometre-v1", "index": 56.25,
                 "themes": [{"theme": "CYBERSECURITE", "score": 75.00, "level": 3, "engaged": true},
                            {"theme": "DONNEES_IA", "score": 37.50, "level": 2, "engaged": false},
                            {"theme": "INCLUSION", "score": null, "level": null, "engaged": false}]}""");
        JsonNode fact = read(body);
        // the trace context of the assessment (its ingest's): observability/TracePropagationTest follows it
        assertTrue(fact.path("traceparent").asText().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"), body);
        ((com.fasterxml.jackson.databind.node.ObjectNode) fact).remove("traceparent");
        assertEquals(expected, fact);
        assertTrue(body.matches(".*\"index\":56\\.25[,}].*"), "scores are JSON numbers with two decimals: " + body);
        assertEquals("DELIVERED", status(CAMPAIGN + ":" + siren + ":1"));
        // delivered once: a later relay sends nothing again
        relay.relayDue();
        assertEquals(1, factsPosted(CAMPAIGN, siren).size());
    }

    @Test
    void failedDeliveryStaysPendingWithBackoffAndIsDeliveredOnALaterAttempt() throws InterruptedException {
        String campaign = "outbox-retry";
        String siren = "500000021";
        String key = campaign + ":" + siren + ":1";
        server().stubFor(post(urlPathEqualTo(FACTS)).withRequestBody(matchingJsonPath(NeighboursWireMockResource.carrying(campaign)))
                .inScenario(campaign).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(NeighboursWireMockResource.batchAnswer(BatchAnswer.every(200).when(Map.of("campaign", campaign), 503)))
                .willSetStateTo("back"));
        server().stubFor(post(urlPathEqualTo(FACTS)).withRequestBody(matchingJsonPath(NeighboursWireMockResource.carrying(campaign)))
                .inScenario(campaign).whenScenarioStateIs("back")
                .willReturn(NeighboursWireMockResource.batchAnswer(BatchAnswer.every(200))));
        Api.deliver(Submissions.of(campaign, siren, 1, VERSION).level("CYB-A", 2)).statusCode(200);

        relay.relayDue();
        assertEquals(1, factsPosted(campaign, siren).size());
        // the first backoff is 1 s
        assertEquals(1, Db.count("""
                select count(*) from outbox_message where message_key = ? and status = 'PENDING' and attempts = 1
                  and last_error like '%503%' and next_attempt_at > now() and next_attempt_at <= now() + interval '1 second'""", key));
        // not due yet: not attempted again
        relay.relayDue();
        assertEquals(1, factsPosted(campaign, siren).size());
        assertEquals("PENDING", status(key));

        for (int i = 0; i < 50 && Db.count("select count(*) from outbox_message where message_key = ? and next_attempt_at > now()", key) > 0; i++) {
            Thread.sleep(100);
        }
        relay.relayDue();
        assertEquals(2, factsPosted(campaign, siren).size());
        assertEquals(1, Db.count("""
                select count(*) from outbox_message where message_key = ? and status = 'DELIVERED' and attempts = 2
                  and delivered_at is not null and last_error is null""", key));
    }

    @Test
    void permanentRefusalParksTheMessageAsDeadListedForAdminsWhileRetryableRefusalsStayPending() {
        String campaign = "outbox-dead";
        String refused400 = "500000039";
        String refused422 = "500000047";
        String throttled = "500000054";
        // One batch carries the three facts; each gets its own status.
        StubMapping[] stubs = {stubFactsOf(campaign, BatchAnswer.every(200)
                .when(Map.of("campaign", campaign, "siren", refused400), 400)
                .when(Map.of("campaign", campaign, "siren", refused422), 422)
                .when(Map.of("campaign", campaign, "siren", throttled), 429))};
        try {
            for (String siren : List.of(refused400, refused422, throttled)) {
                Api.deliver(Submissions.of(campaign, siren, 1, VERSION).level("CYB-A", 1)).statusCode(200);
            }
            relay.relayDue();
            assertEquals("DEAD", status(campaign + ":" + refused400 + ":1"));
            assertEquals("DEAD", status(campaign + ":" + refused422 + ":1"));
            assertEquals("PENDING", status(campaign + ":" + throttled + ":1"));   // 429: try again later
            // dead messages are never retried by themselves
            Db.update("update outbox_message set next_attempt_at = now() where message_key like ?", campaign + ":%");
            relay.relayDue();
            assertEquals(1, factsPosted(campaign, refused400).size());
            assertEquals(1, factsPosted(campaign, refused422).size());
            assertEquals(2, factsPosted(campaign, throttled).size());

            given().auth().oauth2(Tokens.admin()).queryParam("status", "DEAD").queryParam("size", 500).get("/outbox")
                    .then().statusCode(200)
                    .body("items.key", hasItems(campaign + ":" + refused400 + ":1", campaign + ":" + refused422 + ":1"))
                    .body("items.key", not(hasItem(campaign + ":" + throttled + ":1")))
                    .body("items.status", everyItem(equalTo("DEAD")))
                    .body("items.find { it.key == '" + campaign + ":" + refused422 + ":1' }.lastError", org.hamcrest.Matchers.containsString("422"))
                    .body("items.find { it.key == '" + campaign + ":" + refused400 + ":1' }.attempts", equalTo(1));
            given().auth().oauth2(Tokens.analyst()).get("/outbox?status=DEAD").then().statusCode(403);
            given().get("/outbox?status=DEAD").then().statusCode(401);

            // once reporting-service is mended, an admin puts a dead message back in line
            int id = given().auth().oauth2(Tokens.admin()).queryParam("status", "DEAD").queryParam("size", 500).get("/outbox")
                    .then().extract().path("items.find { it.key == '" + campaign + ":" + refused422 + ":1' }.id");
            server().removeStub(stubs[0]);
            stubs[0] = stubFactsOf(campaign, BatchAnswer.every(200)
                    .when(Map.of("campaign", campaign, "siren", refused400), 400)
                    .when(Map.of("campaign", campaign, "siren", throttled), 429));
            given().auth().oauth2(Tokens.analyst()).post("/outbox/" + id + "/retry").then().statusCode(403);
            given().auth().oauth2(Tokens.admin()).post("/outbox/" + id + "/retry").then().statusCode(200)
                    .body("status", equalTo("PENDING")).body("attempts", equalTo(0));
            given().auth().oauth2(Tokens.admin()).post("/outbox/" + id + "/retry").then().statusCode(409);
            relay.relayDue();
            assertEquals("DELIVERED", status(campaign + ":" + refused422 + ":1"));
            assertEquals(2, factsPosted(campaign, refused422).size());
        } finally {
            for (StubMapping stub : stubs) {
                server().removeStub(stub);
            }
        }
    }

    private static StubMapping stubFactsOf(String campaign, BatchAnswer answer) {
        return server().stubFor(post(urlPathEqualTo(FACTS))
                .withRequestBody(matchingJsonPath(NeighboursWireMockResource.carrying(campaign)))
                .willReturn(NeighboursWireMockResource.batchAnswer(answer)));
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> all = new java.util.ArrayList<>();
        names.forEachRemaining(all::add);
        return all;
    }

    // --- the feed ------------------------------------------------------------------------------

    private static JsonNode feedPage(String since, int limit) {
        var request = given().auth().oauth2(Tokens.withRoles("scoring-feed")).queryParam("limit", limit);
        if (since != null) {
            request.queryParam("since", since);
        }
        return read(request.get("/internal/assessments").then().statusCode(200).extract().asString());
    }

    private static JsonNode feedKeys(String since, int limit) {
        var request = given().auth().oauth2(Tokens.withRoles("scoring-feed")).queryParam("limit", limit).queryParam("view", "KEYS");
        if (since != null) {
            request.queryParam("since", since);
        }
        return read(request.get("/internal/assessments").then().statusCode(200).extract().asString());
    }

    /** Every item from a cursor to the end, page by page; the cursor of the end is the last element's. */
    private static Feed readToEnd(String since, int limit) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = since;
        for (int pages = 0; pages < 10_000; pages++) {
            JsonNode page = feedPage(cursor, limit);
            String next = page.get("nextCursor").asText();
            page.get("items").forEach(items::add);
            if (page.get("items").isEmpty()) {
                assertEquals(cursor == null ? next : cursor, next, "an empty page leaves the cursor where it was");
                return new Feed(items, next);
            }
            cursor = next;
        }
        throw new AssertionError("the feed does not end");
    }

    private record Feed(List<JsonNode> items, String cursor) {
        List<String> sirensOf(String campaign) {
            return items.stream().filter(i -> i.get("campaign").asText().equals(campaign)).map(i -> i.get("siren").asText()).toList();
        }
    }

    @Test
    void feedServesFactsInOrderPageByPageToTheScoringFeedRoleOnly() {
        String campaign = "feed-25";
        String start = readToEnd(null, 1000).cursor();
        List<String> sirens = List.of("500000062", "500000070", "500000088");
        for (String siren : sirens) {
            Api.deliver(Submissions.of(campaign, siren, 1, VERSION).level("DIA-A", 3)).statusCode(200);
        }
        Api.deliver(Submissions.of(campaign, sirens.get(0), 2, VERSION).level("DIA-A", 4)).statusCode(200);

        Feed feed = readToEnd(start, 2);
        assertEquals(List.of("500000062", "500000070", "500000088", "500000062"), feed.sirensOf(campaign));
        List<JsonNode> mine = feed.items().stream().filter(i -> i.get("campaign").asText().equals(campaign)).toList();
        assertEquals(List.of(1, 1, 1, 2), mine.stream().map(i -> i.get("assessmentVersion").asInt()).toList());
        // an item of the feed is the fact sent downstream
        relay.relayDue();
        assertEquals(BatchAnswer.messages(factsPosted(campaign, "500000070").get(0).getBodyAsString()).stream()
                .filter(f -> f.path("campaign").asText().equals(campaign) && f.path("siren").asText().equals("500000070"))
                .findFirst().orElseThrow(), mine.get(1), "the feed item is the fact posted");
        // read from the beginning, the same items come in the same order
        assertEquals(feed.sirensOf(campaign), readToEnd(null, 1000).sirensOf(campaign));

        // not a cursor, or digits beyond what a transaction id (xid8) or an id (bigint) can be
        for (String since : List.of("not-a-cursor", "18446744073709551616:1", "1:9223372036854775808")) {
            given().auth().oauth2(Tokens.withRoles("scoring-feed")).queryParam("since", since).get("/internal/assessments")
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("since"));
        }
        for (String token : List.of(Tokens.admin(), Tokens.analyst(), Tokens.respondent("500000062"),
                Tokens.withRoles("scoring-ingest"), Tokens.withRoles("survey-feed"))) {
            given().auth().oauth2(token).get("/internal/assessments").then().statusCode(403);
        }
        given().get("/internal/assessments").then().statusCode(401);
    }

    /**
     * view=KEYS gives the keys of the very page the same cursor and limit give: the same facts in the same order,
     * each as its campaign, siren and assessmentVersion only, and the same next cursor; for scoring-feed only.
     */
    @Test
    void feedKeysAreThoseOfThePageFromTheSameCursor() {
        String campaign = "feed-keys";
        String start = readToEnd(null, 1000).cursor();
        for (String siren : List.of("500000096", "500000104", "500000112")) {
            Api.deliver(Submissions.of(campaign, siren, 1, VERSION).level("DIA-A", 3)).statusCode(200);
        }
        Api.deliver(Submissions.of(campaign, "500000096", 2, VERSION).level("DIA-A", 4)).statusCode(200);

        String cursor = start;
        List<String> seen = new ArrayList<>();
        for (int pages = 0; pages < 3; pages++) {
            JsonNode page = feedPage(cursor, 2);
            JsonNode keys = feedKeys(cursor, 2);
            assertEquals(page.get("nextCursor"), keys.get("nextCursor"), "the same next cursor");
            assertEquals(page.get("items").size(), keys.get("items").size());
            for (int i = 0; i < page.get("items").size(); i++) {
                JsonNode fact = page.get("items").get(i);
                JsonNode key = keys.get("items").get(i);
                assertEquals(List.of("campaign", "siren", "assessmentVersion", "assessedAt"), iterable(key.fieldNames()), "a key and nothing else");
                assertTrue(Instant.parse(key.get("assessedAt").asText()).isAfter(Instant.now().minusSeconds(600)), "assessed just now");
                assertEquals(fact.get("campaign"), key.get("campaign"));
                assertEquals(fact.get("siren"), key.get("siren"));
                assertEquals(fact.get("assessmentVersion"), key.get("assessmentVersion"));
                if (key.get("campaign").asText().equals(campaign)) {
                    seen.add(key.get("siren").asText() + "/" + key.get("assessmentVersion").asInt());
                }
            }
            cursor = keys.get("nextCursor").asText();
        }
        assertEquals(List.of("500000096/1", "500000104/1", "500000112/1", "500000096/2"), seen);
        JsonNode end = feedKeys(cursor, 2);
        assertEquals(0, end.get("items").size());
        assertEquals(cursor, end.get("nextCursor").asText(), "an empty page of keys keeps the cursor");

        for (String view : List.of("keys", "full", "KEY", "FULL,KEYS")) {
            given().auth().oauth2(Tokens.withRoles("scoring-feed")).queryParam("view", view).get("/internal/assessments")
                    .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("view"));
        }
        given().auth().oauth2(Tokens.withRoles("scoring-feed")).queryParam("view", "KEYS").queryParam("since", "not-a-cursor")
                .get("/internal/assessments").then().statusCode(400).body("errors[0].field", equalTo("since"));
        for (String token : List.of(Tokens.admin(), Tokens.analyst(), Tokens.withRoles("scoring-ingest"), Tokens.withRoles("survey-feed"))) {
            given().auth().oauth2(token).queryParam("view", "KEYS").get("/internal/assessments").then().statusCode(403);
        }
        given().queryParam("view", "KEYS").get("/internal/assessments").then().statusCode(401);
    }

    /**
     * The feed serves each stored fact as it is: the page is the envelope around the text PostgreSQL gives of
     * the stored jsonb (the row's trace context put in it), byte for byte, never parsed and written again;
     * strings made to look like the page's own syntax stay inside their item.
     */
    @Test
    void feedPageIsTheStoredFactsByteForByteWithTheirTraceContext() throws Exception {
        String campaign = "feed-stored";
        String trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        List<String> hostile = List.of("\"}], \"nextCursor\": \"0:0\", \"items\": [{\"x\": \"", "\\\"\\", "</script>\n\u2028 😀");
        String start = readToEnd(null, 1000).cursor();
        List<String> expected = new ArrayList<>();
        List<JsonNode> facts = new ArrayList<>();
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection()) {
            for (int i = 0; i < hostile.size(); i++) {
                var fact = JSON.createObjectNode().put("campaign", campaign).put("siren", "50000020" + i).put("revision", 1)
                        .put("assessmentVersion", 1).put("model", hostile.get(i)).put("index", 57.10).putNull("traceparent");
                facts.add(fact);
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into assessment (campaign_code, siren, revision, assessment_version, model_id, fact, explanation, traceparent)
                        values (?, ?, 1, 1, 'barometre-v1', ?::jsonb, '{}'::jsonb, ?)
                        returning (fact || jsonb_build_object('traceparent', traceparent))::text""")) {
                    ps.setString(1, campaign);
                    ps.setString(2, "50000020" + i);
                    ps.setString(3, fact.toString());
                    ps.setString(4, i == 1 ? null : trace);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        expected.add(rs.getString(1));
                    }
                }
            }
        }
        var request = given().auth().oauth2(Tokens.withRoles("scoring-feed")).queryParam("limit", 1000).queryParam("since", start);
        String body = request.get("/internal/assessments").then().statusCode(200).extract().asString();
        JsonNode page = read(body);
        assertEquals("{\"items\":[" + String.join(",", expected) + "],\"nextCursor\":\"" + page.get("nextCursor").asText() + "\"}",
                body, "the stored texts, as they are, in feed order");
        assertEquals(hostile.size(), page.get("items").size(), "nothing broke out of an item or of the page");
        for (int i = 0; i < hostile.size(); i++) {
            var served = ((com.fasterxml.jackson.databind.node.ObjectNode) facts.get(i)).deepCopy().put("traceparent", i == 1 ? null : trace);
            assertEquals(served, page.get("items").get(i), "item " + i + " as stored, with its row's trace context");
        }
    }

    @Test
    void feedNeverSkipsARowWhoseTransactionCommitsAfterALaterOne() throws Exception {
        String campaign = "feed-late";
        String start = readToEnd(null, 1000).cursor();
        try (Connection t1 = Db.connect(); Connection t2 = Db.connect()) {
            t1.setAutoCommit(false);
            insertAssessment(t1, campaign, "500000096");           // T1 begins first, stays open
            t2.setAutoCommit(false);
            insertAssessment(t2, campaign, "500000104");           // T2 begins later, commits first
            t2.commit();

            Feed whileOpen = readToEnd(start, 1000);
            assertEquals(List.of(), whileOpen.sirensOf(campaign), "T2's row waits for T1, which may still commit before it");

            t1.commit();
            assertEquals(List.of("500000096", "500000104"), readToEnd(whileOpen.cursor(), 1000).sirensOf(campaign),
                    "from the cursor served while T1 was open, both rows, none skipped");
            assertEquals(List.of("500000096", "500000104"), readToEnd(start, 1).sirensOf(campaign));
        }
    }

    private static void insertAssessment(Connection c, String campaign, String siren) throws Exception {
        String fact = JSON.createObjectNode().put("campaign", campaign).put("siren", siren).put("revision", 1)
                .put("assessmentVersion", 1).put("model", "barometre-v1").toString();
        try (PreparedStatement ps = c.prepareStatement("""
                insert into assessment (campaign_code, siren, revision, assessment_version, model_id, fact, explanation)
                values (?, ?, 1, 1, 'barometre-v1', ?::jsonb, '{}'::jsonb)""")) {
            ps.setString(1, campaign);
            ps.setString(2, siren);
            ps.setString(3, fact);
            ps.executeUpdate();
        }
    }
}
