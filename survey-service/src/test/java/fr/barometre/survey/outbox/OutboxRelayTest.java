package fr.barometre.survey.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.ReportingWireMockResource;
import fr.barometre.survey.testing.ScoringWireMockResource;
import fr.barometre.survey.testing.ScoringWireMockResource.InjectScoringWireMock;
import fr.barometre.survey.testing.SubmissionFixtures;
import fr.barometre.survey.testing.Tokens;
import fr.barometre.testing.BatchAnswer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static fr.barometre.survey.testing.ScoringWireMockResource.batchAnswer;
import static fr.barometre.survey.testing.ScoringWireMockResource.carrying;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The transactional outbox towards scoring-service: written in the submission's transaction,
 * delivered with the service's client-credentials token, retried with backoff, parked as dead on a
 * permanent refusal, never claimed by two relays at once.
 * <p>
 * The database is shared by every test class of the JVM: each test uses its own campaign and looks
 * only at its own messages (keys {@code <campaign>:...}) and at the requests carrying its campaign.
 * It has the stand-in for reporting-service too, unused, so as to share the application of the other test
 * classes with both neighbours' stand-ins (each set of test resources costs the suite a Quarkus build and start).
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(ScoringWireMockResource.class)
@WithTestResource(ReportingWireMockResource.class)
class OutboxRelayTest {

    private static final String INGEST = ScoringWireMockResource.INGEST_BATCH;
    private static final String LYON = "216901231";
    private static final String RENNES_METROPOLE = "243500139";
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectScoringWireMock
    WireMockServer scoring;

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxRepository repository;

    @Inject
    Outbox outbox;

    @Inject
    OutboxConfig config;

    @Inject
    OidcClient oidcClient;

    @BeforeEach
    void scoringServiceAcceptsEverything() {
        if (!scoring.isRunning()) {
            scoring.start();
        }
        scoring.resetAll();
        // Other test classes may leave messages PENDING: the relay delivers them too; let them through.
        scoring.stubFor(post(urlEqualTo(INGEST)).atPriority(10).willReturn(batchAnswer(BatchAnswer.every(200))));
    }

    // (a) -----------------------------------------------------------------------------------------

    @Test
    void submissionWritesOneMessageAndOneSubmissionRowInTheSameTransaction() throws SQLException {
        String code = "outbox-tx";
        SubmissionFixtures.createOpenCampaign(code, LYON, RENNES_METROPOLE);
        SubmissionFixtures.submit(code, LYON, SubmissionFixtures.completeAnswers(code));

        List<Message> messages = messages(code);
        assertEquals(1, messages.size(), "one outbox message per submission");
        Message m = messages.get(0);
        assertEquals(code + ":" + LYON + ":1", m.key());
        assertEquals("scoring", m.destination());
        assertEquals("PENDING", m.status());
        assertEquals(0, m.attempts());
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("""
                select count(*), min(s.xmin::text), min(s.txid::text),
                       min((s.payload || jsonb_build_object('traceparent', s.traceparent))::text)   -- the feed's item
                from submission s where s.campaign_code = ? and s.siren = ?""")) {
            ps.setString(1, code);
            ps.setString(2, LYON);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getLong(1), "one submission row per submission");
                // Both rows were inserted by the same transaction: same xmin, and the feed's txid is it.
                assertEquals(rs.getString(2), m.xmin(), "submission row and outbox message written by one transaction");
                assertEquals(Long.parseLong(rs.getString(3)) % (1L << 32), Long.parseLong(m.xmin()));
                assertEquals(JSON.valueToTree(read(rs.getString(4))), JSON.valueToTree(read(m.payload())),
                        "the message sent is the feed's item");
            }
        }

        // A submission that fails validation stores neither.
        List<Map<String, Object>> incomplete = SubmissionFixtures.completeAnswers(code);
        incomplete.removeIf(a -> a.get("question").equals("DIA-PLAN-FORMATION"));
        SubmissionFixtures.saveDraft(code, RENNES_METROPOLE, incomplete);
        given().auth().oauth2(Tokens.admin())
                .post("/campaigns/" + code + "/responses/" + RENNES_METROPOLE + "/submission")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.question", org.hamcrest.Matchers.hasItem("DIA-PLAN-FORMATION"));
        assertEquals(0, count("select count(*) from submission where campaign_code = ? and siren = ?", code, RENNES_METROPOLE));
        assertEquals(0, count("select count(*) from outbox_message where message_key = ?", code + ":" + RENNES_METROPOLE + ":1"));
        assertEquals(1, messages(code).size());
        given().auth().oauth2(Tokens.admin())
                .get("/campaigns/" + code + "/responses/" + RENNES_METROPOLE)
                .then().statusCode(200).body("status", equalTo("DRAFT"));
    }

    @Test
    void enqueueAllWritesEveryMessageInTheCallersTransactionWithTheTraceContextGiven() throws Exception {
        String code = "outbox-all";
        String trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        List<Outbox.Pending> pending = List.of(
                new Outbox.Pending(code + ":" + LYON + ":1", Map.of("campaign", code, "siren", LYON, "revision", 1), trace),
                new Outbox.Pending(code + ":" + RENNES_METROPOLE + ":1",
                        Map.of("campaign", code, "siren", RENNES_METROPOLE, "revision", 1), null));
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueueAll(pending));

        List<Message> written = messages(code);
        assertEquals(List.of(code + ":" + LYON + ":1", code + ":" + RENNES_METROPOLE + ":1"),
                written.stream().map(Message::key).toList(), "one row per message, in the order given");
        assertEquals(written.get(0).xmin(), written.get(1).xmin(), "both written by the caller's one transaction");
        assertEquals(List.of(trace), traceparents(code).subList(0, 1), "the trace context given, not the current one");
        assertNull(traceparents(code).get(1));
        for (int i = 0; i < written.size(); i++) {
            Message m = written.get(i);
            assertEquals("scoring", m.destination());
            assertEquals("PENDING", m.status());
            assertEquals(0, m.attempts());
            assertEquals(m.createdAt(), m.nextAttemptAt(), "due at once");
            assertEquals(JSON.valueToTree(pending.get(i).payload()), JSON.readTree(m.payload()));
        }

        // Only inside a caller's transaction; an empty list writes nothing.
        assertThrows(jakarta.transaction.TransactionalException.class, () -> outbox.enqueueAll(pending));
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueueAll(List.of()));
        assertEquals(2, messages(code).size());

        assertEquals(2, relayOwn(code), "the relay delivers them as any other");
    }

    /**
     * A message goes out as it is stored: the body is the envelope around the stored jsonb's text, byte for
     * byte, in claim order, not a parse and a new writing of it. Strings made to look like the envelope's own
     * syntax stay strings: the stored text is always one whole JSON value (a jsonb column), so nothing of a
     * message ends it, the array or the envelope early.
     */
    @Test
    void aDeliveredBodyIsTheStoredMessagesByteForByteInsideTheEnvelope() throws Exception {
        String code = "outbox-raw";
        deliverEverythingPending();
        List<String> hostile = List.of("\"]}, {\"campaign\": \"x\"}], \"messages\": [", "\\\"\\", "</script>\n\t\r",
                "\u2028\u2029 é 😀", "{\"messages\":[]}", "]]]}}}");
        List<Outbox.Pending> pending = new ArrayList<>();
        for (int i = 0; i < hostile.size(); i++) {
            Map<String, Object> payload = new java.util.LinkedHashMap<>();
            payload.put("siren", "00000000" + i);
            payload.put("campaign", code);
            payload.put("note", hostile.get(i));
            payload.put(hostile.get(i), List.of(1, 2.50, true));
            pending.add(new Outbox.Pending(code + ":" + i + ":1", payload, null));
        }
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueueAll(pending));

        assertEquals(hostile.size(), relayOwn(code));
        List<LoggedRequest> requests = requestsOf(code);
        assertEquals(1, requests.size(), "one call carries them");
        List<String> stored = messages(code).stream().map(Message::payload).toList();   // payload::text, in id order
        String body = requests.get(0).getBodyAsString();
        assertEquals("{\"messages\":[" + String.join(",", stored) + "]}", body, "the stored texts, as they are, in order");

        JsonNode batch = JSON.readTree(body);
        assertEquals(Set.of("messages"), fields(batch), "nothing broke out of the envelope");
        assertEquals(hostile.size(), batch.get("messages").size(), "nor out of a message");
        for (int i = 0; i < hostile.size(); i++) {
            JsonNode m = batch.get("messages").get(i);
            assertEquals(JSON.valueToTree(pending.get(i).payload()), m, "message " + i + " as written");
            assertEquals(hostile.get(i), m.get("note").asText());
        }
    }

    /**
     * More messages than one statement can bind (65,535 parameters at most in PostgreSQL's protocol, 6 a
     * message) are written by several statements of the caller's transaction, every one kept, their ids in
     * the order given.
     */
    @Test
    void enqueueAllWritesMoreMessagesThanOneStatementCanBind() throws Exception {
        String code = "outbox-many";
        int n = 65_535 / 6 + 7;
        List<Outbox.Pending> pending = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            pending.add(new Outbox.Pending(code + ":" + i + ":1", Map.of("campaign", code, "n", i), null));
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> outbox.enqueueAll(pending));
            List<Message> written = messages(code);
            assertEquals(n, written.size(), "every message kept");
            assertEquals(1, written.stream().map(Message::xmin).distinct().count(), "in the caller's one transaction");
            for (int i = 0; i < n; i++) {
                assertEquals(code + ":" + i + ":1", written.get(i).key(), "ids in the order given");
                assertEquals(i, JSON.readTree(written.get(i).payload()).get("n").asInt());
            }
        } finally {
            try (Connection c = db(); PreparedStatement ps = c.prepareStatement("delete from outbox_message where message_key like ?")) {
                ps.setString(1, code + ":%");
                ps.executeUpdate();
            }
        }
    }

    // (b) -----------------------------------------------------------------------------------------

    @Test
    void deliveredMessageHasTheDesignFormatTheServiceTokenAndNoText() throws Exception {
        String code = "outbox-format";
        SubmissionFixtures.createOpenCampaign(code, LYON);
        List<Map<String, Object>> answers = SubmissionFixtures.completeAnswers(code);
        for (Map<String, Object> a : answers) {
            if (a.get("question").equals("CYB-PLAN-CRISE")) {
                a.remove("level");
                a.put("abstention", "NSP");
            }
        }
        assertTrue(answers.stream().anyMatch(a -> a.get("question").equals("GEN-COMMENTAIRE")), "the fixture answers the TEXT question");
        JsonNode submitted = SubmissionFixtures.submit(code, LYON, answers);

        assertEquals(1, relayOwn(code));

        List<LoggedRequest> requests = requestsOf(code);
        assertEquals(1, requests.size());
        LoggedRequest request = requests.get(0);
        JsonNode batch = JSON.readTree(request.getBodyAsString());
        assertEquals(Set.of("messages"), fields(batch), "a batch: {\"messages\": [...]}");
        String token = oidcClient.getTokens().await().atMost(Duration.ofSeconds(10)).getAccessToken();
        assertNotNull(token);
        assertEquals("Bearer " + token, request.getHeader("Authorization"), "delivered with the OIDC client's token");
        assertTrue(request.getHeader("Content-Type").startsWith("application/json"));
        assertFalse(request.getBodyAsString().contains(SubmissionFixtures.COMMENT), "a TEXT answer never leaves the service");

        JsonNode body = sentOf(code).get(0);
        assertEquals(Set.of("campaign", "siren", "revision", "questionnaireVersion", "submittedAt", "profile", "answers",
                "traceparent"), fields(body));   // the trace context: observability/TracePropagationTest
        assertEquals(code, body.get("campaign").asText());
        assertEquals(LYON, body.get("siren").asText());
        assertTrue(body.get("revision").isInt());
        assertEquals(1, body.get("revision").asInt());
        String version = given().auth().oauth2(Tokens.admin()).get("/campaigns/" + code)
                .then().statusCode(200).extract().path("questionnaireVersion");
        assertEquals(version, body.get("questionnaireVersion").asText());
        assertEquals("2025.1", version);
        assertEquals(Instant.parse(submitted.get("submittedAt").asText()), Instant.parse(body.get("submittedAt").asText()));

        JsonNode profile = body.get("profile");
        assertEquals(Set.of("kind", "population", "stratum", "departement", "region", "networks"), fields(profile));
        JsonNode lyon = JSON.readTree(given().auth().oauth2(Tokens.admin()).get("/collectivities/" + LYON)
                .then().statusCode(200).extract().asString());
        assertEquals("COMMUNE", profile.get("kind").asText());
        assertEquals("S6", profile.get("stratum").asText());
        assertEquals("69", profile.get("departement").asText());
        assertEquals("84", profile.get("region").asText());
        for (String field : List.of("kind", "population", "stratum", "departement", "region")) {
            assertEquals(lyon.get(field), profile.get(field), "profile." + field);
        }
        assertEquals(new TreeSet<>(strings(lyon.get("networks"))), new TreeSet<>(strings(profile.get("networks"))));

        List<Map<String, Object>> expected = new ArrayList<>(answers);
        expected.removeIf(a -> a.get("question").equals("GEN-COMMENTAIRE"));
        assertEquals(JSON.valueToTree(expected), body.get("answers"), "every answer but the TEXT one, as given");
        for (JsonNode a : body.get("answers")) {
            Set<String> keys = fields(a);
            assertEquals(2, keys.size(), "question and one of level|abstention|value: " + a);
            assertTrue(keys.contains("question"));
            assertTrue(Set.of("level", "abstention", "value").containsAll(keys.stream().filter(k -> !k.equals("question")).toList()));
        }
        assertTrue(containsAnswer(body, "CYB-PLAN-CRISE", "abstention", "NSP"));
        assertTrue(containsAnswer(body, "DIA-USAGE-AGENTS", "value", "ORGANISE"));

        Message m = messages(code).get(0);
        assertEquals("DELIVERED", m.status());
        assertEquals(1, m.attempts());
        assertNotNull(m.deliveredAt());
        assertNull(m.lastError());
    }

    // (c) -----------------------------------------------------------------------------------------

    @Test
    void failedAttemptIsRetriedAfterTheBackoff() throws Exception {
        String code = "outbox-backoff";
        SubmissionFixtures.createOpenCampaign(code, LYON);
        scoring.stubFor(own(code).inScenario(code).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(batchAnswer(BatchAnswer.every(200).when(Map.of("campaign", code), 503))).willSetStateTo("up"));
        scoring.stubFor(own(code).inScenario(code).whenScenarioStateIs("up")
                .willReturn(batchAnswer(BatchAnswer.every(200))));
        SubmissionFixtures.submit(code, LYON, SubmissionFixtures.completeAnswers(code));

        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        relay.relayDue();
        Message failed = messages(code).get(0);
        assertEquals("PENDING", failed.status());
        assertEquals(1, failed.attempts());
        assertNotNull(failed.lastError());
        assertTrue(failed.lastError().contains("503"), failed.lastError());
        assertFalse(failed.nextAttemptAt().isBefore(before.plus(config.initialBackoff())),
                "next attempt " + failed.nextAttemptAt() + " at least the initial backoff after " + before);
        assertEquals(1, sentOf(code).size());

        // Before the backoff has passed, the relay leaves it alone.
        relay.relayDue();
        assertTrue(Instant.now().isBefore(failed.nextAttemptAt()), "the test is too slow to check the backoff");
        assertEquals(1, messages(code).get(0).attempts());
        assertEquals(1, sentOf(code).size());

        waitUntil(failed.nextAttemptAt());
        relay.relayDue();
        Message delivered = messages(code).get(0);
        assertEquals("DELIVERED", delivered.status());
        assertEquals(2, delivered.attempts());
        assertNull(delivered.lastError());
        assertEquals(2, sentOf(code).size());
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        Duration initial = config.initialBackoff();
        assertEquals(initial, relay.backoff(1));
        assertEquals(initial.multipliedBy(2), relay.backoff(2));
        assertEquals(initial.multipliedBy(4), relay.backoff(3));
        assertEquals(config.maxBackoff(), relay.backoff(1000));
    }

    // (d) -----------------------------------------------------------------------------------------

    @Test
    void eachMessageOfABatchHasTheOutcomeOfItsOwnStatus() throws Exception {
        String code = "outbox-mixed";
        List<String> sirens = SubmissionFixtures.communes("35", 6);
        int[] statuses = {200, 422, 503, 401, 408, 429};
        BatchAnswer answer = BatchAnswer.every(200);
        for (int i = 0; i < statuses.length; i++) {
            answer.when(Map.of("campaign", code, "siren", sirens.get(i)), statuses[i]);
            enqueue(code, sirens.get(i));
        }
        scoring.stubFor(own(code).willReturn(batchAnswer(answer)));

        relay.relayDue();
        assertEquals(1, requestsOf(code).size(), "one call carried them all");
        List<Message> messages = messages(code);
        assertEquals(List.of("DELIVERED", "DEAD", "PENDING", "PENDING", "PENDING", "PENDING"),
                messages.stream().map(Message::status).toList(), "200 delivered, 422 dead, 503/401/408/429 retried");
        assertNull(messages.get(0).lastError());
        assertNotNull(messages.get(0).deliveredAt());
        for (int i = 1; i < statuses.length; i++) {
            Message m = messages.get(i);
            assertEquals(1, m.attempts());
            assertTrue(m.lastError().contains(String.valueOf(statuses[i])), m.lastError());
            assertNull(m.deliveredAt());
        }

        scoring.resetAll();
        scoring.stubFor(post(urlEqualTo(INGEST)).willReturn(batchAnswer(BatchAnswer.every(200))));
        waitUntil(messages.stream().map(Message::nextAttemptAt).max(Instant::compareTo).orElseThrow());
        relay.relayDue();
        List<Message> after = messages(code);
        assertEquals(List.of("DELIVERED", "DEAD", "DELIVERED", "DELIVERED", "DELIVERED", "DELIVERED"),
                after.stream().map(Message::status).toList());
        assertEquals(List.of(1, 1, 2, 2, 2, 2), after.stream().map(Message::attempts).toList(),
                "only the retried ones were sent again");
        assertEquals(4, sentOf(code).size(), "the retried ones, sent again in one call");
        assertEquals(1, requestsOf(code).size());
    }

    @Test
    void aFailureOfTheWholeCallIsEveryMessagesOutcome() throws Exception {
        String code = "outbox-whole";
        deliverEverythingPending();
        // 5xx and 401: nothing is known, every message retried; 400, 403, 413: every message refused, parked.
        Map<Integer, String> expected = new java.util.LinkedHashMap<>();
        expected.put(500, "PENDING");
        expected.put(401, "PENDING");
        expected.put(400, "DEAD");
        expected.put(403, "DEAD");
        expected.put(413, "DEAD");
        int n = 0;
        for (Map.Entry<Integer, String> e : expected.entrySet()) {
            String campaign = code + "-" + e.getKey();
            enqueue(campaign, LYON);
            enqueue(campaign, RENNES_METROPOLE);
            scoring.stubFor(own(campaign).willReturn(aResponse().withStatus(e.getKey())
                    .withHeader("Content-Type", "application/problem+json")
                    .withBody("{\"status\": " + e.getKey() + ", \"title\": \"whole call\"}")));
            relay.relayDue();
            n++;
            for (Message m : messages(campaign)) {
                assertEquals(e.getValue(), m.status(), "HTTP " + e.getKey() + " for the whole call: " + m.key());
                assertEquals(1, m.attempts());
                assertTrue(m.lastError().contains(String.valueOf(e.getKey())), m.lastError());
            }
            assertEquals(1, requestsOf(campaign).size(), "both messages in one call");
        }
        assertEquals(expected.size(), n);
    }

    @Test
    void anAnswerWithoutOneResultPerMessageIsRetried() throws Exception {
        String code = "outbox-short";
        deliverEverythingPending();
        enqueue(code, LYON);
        enqueue(code, RENNES_METROPOLE);
        scoring.stubFor(own(code).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"results\": [{\"status\": 200}]}")));
        relay.relayDue();
        for (Message m : messages(code)) {
            assertEquals("PENDING", m.status(), "nothing is known of either: " + m.key());
            assertTrue(m.lastError().contains("1 results for 2 messages"), m.lastError());
        }
    }

    // (e) -----------------------------------------------------------------------------------------

    @Test
    void permanentRefusalParksTheMessageAsDeadCountedListedAndRetriedByAnAdmin() throws Exception {
        String code = "outbox-dead";
        SubmissionFixtures.createOpenCampaign(code, LYON, RENNES_METROPOLE);
        scoring.stubFor(own(code).willReturn(batchAnswer(BatchAnswer.every(200)
                .when(Map.of("siren", LYON, "campaign", code), 400)
                .when(Map.of("siren", RENNES_METROPOLE, "campaign", code), 422))));
        SubmissionFixtures.submit(code, LYON, SubmissionFixtures.completeAnswers(code));
        SubmissionFixtures.submit(code, RENNES_METROPOLE, SubmissionFixtures.completeAnswers(code));
        double deadBefore = deadTotal();   // absent until the relay first runs: 0
        relay.relayDue();

        List<Message> dead = messages(code);
        assertEquals(2, dead.size());
        for (Message m : dead) {
            assertEquals("DEAD", m.status(), m.key());
            assertEquals(1, m.attempts());
        }
        assertTrue(dead.get(0).lastError().contains("400"), dead.get(0).lastError());
        assertTrue(dead.get(1).lastError().contains("422"), dead.get(1).lastError());
        assertEquals(deadBefore + 2, deadTotal(), "outbox_dead_total counts each message parked");

        // Never retried by the relay itself.
        relay.relayDue();
        assertEquals(2, sentOf(code).size());
        assertEquals(List.of(1, 1), messages(code).stream().map(Message::attempts).toList());

        // Listed for admins, and for them only.
        Set<Long> listed = deadIdsListed();
        assertTrue(listed.containsAll(dead.stream().map(Message::id).toList()), "GET /outbox?status=DEAD lists them");
        given().auth().oauth2(Tokens.analyst()).get("/outbox?status=DEAD").then().statusCode(403);
        given().auth().oauth2(Tokens.feed()).get("/outbox?status=DEAD").then().statusCode(403);
        given().get("/outbox?status=DEAD").then().statusCode(401);
        given().auth().oauth2(Tokens.admin()).queryParam("status", "DEAD").queryParam("size", 1)
                .get("/outbox").then().statusCode(200)
                .body("items[0].status", equalTo("DEAD"));

        // An admin puts one back in line once the cause is mended.
        long id = dead.get(0).id();
        given().auth().oauth2(Tokens.analyst()).post("/outbox/" + id + "/retry").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).post("/outbox/" + id + "/retry")
                .then().statusCode(200)
                .body("status", equalTo("PENDING"))
                .body("attempts", equalTo(0))
                .body("key", equalTo(code + ":" + LYON + ":1"));
        given().auth().oauth2(Tokens.admin()).post("/outbox/" + id + "/retry")
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).post("/outbox/999999999/retry")
                .then().statusCode(404).contentType("application/problem+json");
        assertEquals("PENDING", messages(code).get(0).status());
        assertFalse(deadIdsListed().contains(id));

        scoring.resetAll();
        scoring.stubFor(post(urlEqualTo(INGEST)).willReturn(batchAnswer(BatchAnswer.every(200))));
        relay.relayDue();
        assertEquals("DELIVERED", messages(code).get(0).status());
        assertEquals("DEAD", messages(code).get(1).status(), "the other one stays parked");
    }

    // (f) -----------------------------------------------------------------------------------------

    @Test
    void unreachableScoringServiceDelaysButNeverLoses() throws Exception {
        String code = "outbox-down";
        SubmissionFixtures.createOpenCampaign(code, LYON);
        SubmissionFixtures.submit(code, LYON, SubmissionFixtures.completeAnswers(code));
        scoring.stop();
        try {
            relay.relayDue();
            Message m = messages(code).get(0);
            assertEquals("PENDING", m.status());
            assertEquals(1, m.attempts());
            assertNotNull(m.lastError(), "the failure is recorded");
            assertTrue(m.nextAttemptAt().isAfter(m.createdAt()));

            waitUntil(m.nextAttemptAt());
            relay.relayDue();   // still down
            m = messages(code).get(0);
            assertEquals("PENDING", m.status());
            assertEquals(2, m.attempts());
        } finally {
            scoring.start();
        }
        waitUntil(messages(code).get(0).nextAttemptAt());
        relay.relayDue();
        Message m = messages(code).get(0);
        assertEquals("DELIVERED", m.status());
        assertEquals(3, m.attempts());
        assertEquals(1, sentOf(code).size(), "only the attempt made once it was back reached it");
    }

    // (g) -----------------------------------------------------------------------------------------

    @Test
    void twoConcurrentRelaysNeverDeliverTheSameMessageTwice() throws Exception {
        String code = "outbox-concurrent";
        List<String> sirens = SubmissionFixtures.communes("69", 6);
        for (String siren : sirens) {
            enqueue(code, siren);
        }
        scoring.stubFor(own(code).willReturn(batchAnswer(BatchAnswer.every(200)).withFixedDelay(300)));

        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> relays = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                relays.add(threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return relay.relayDue();
                }));
            }
            int claimed = 0;
            for (Future<Integer> r : relays) {
                claimed += r.get(60, TimeUnit.SECONDS);
            }
            assertTrue(claimed >= sirens.size(), "every message claimed: " + claimed);
        } finally {
            threads.shutdownNow();
        }

        for (String siren : sirens) {
            long posted = sentOf(code).stream().filter(m -> m.get("siren").asText().equals(siren)).count();
            assertEquals(1, posted, "message of " + siren + " POSTed exactly once");
        }
        List<Message> messages = messages(code);
        assertEquals(sirens.size(), messages.size());
        for (Message m : messages) {
            assertEquals("DELIVERED", m.status(), m.key());
            assertEquals(1, m.attempts(), "claimed by one relay only: " + m.key());
        }
    }

    @Test
    void claimDueSkipsTheRowsAnotherTransactionHolds() throws Exception {
        String code = "outbox-claim";
        List<String> sirens = SubmissionFixtures.communes("13", 3);
        for (String siren : sirens) {
            enqueue(code, siren);
        }
        List<Long> own = messages(code).stream().map(Message::id).toList();
        assertEquals(3, own.size());

        try (Connection a = db()) {
            a.setAutoCommit(false);
            // Transaction A claims the same way a relay does, and holds the locks.
            List<Long> heldByA = new ArrayList<>();
            try (PreparedStatement ps = a.prepareStatement("""
                    select id from outbox_message
                    where status = 'PENDING' and next_attempt_at <= now() and message_key like ?
                    order by id
                    for update skip locked""")) {
                ps.setString(1, code + ":%");
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        heldByA.add(rs.getLong(1));
                    }
                }
            }
            assertEquals(own, heldByA);

            List<Long> claimedMeanwhile = claimIds();
            for (Long id : own) {
                assertFalse(claimedMeanwhile.contains(id), "message " + id + " is held by transaction A");
            }
            a.rollback();
        }
        List<Long> claimedAfter = claimIds();
        assertTrue(claimedAfter.containsAll(own), "released by A, claimable again");

        relay.relayDue();
        assertEquals(List.of("DELIVERED", "DELIVERED", "DELIVERED"), messages(code).stream().map(Message::status).toList());
    }

    /**
     * A claim reads about as many rows as it claims, however many messages were delivered before the first
     * pending one or wait behind: neither the primary key read through every delivered message, nor every due
     * message read and sorted to keep a round (what a national edition's batches made of it before the index of
     * pending messages by destination and due time).
     */
    @Test
    void aClaimReadsAboutAsManyRowsAsItClaims() throws Exception {
        String destination = "claim-reads"; // no relay delivers there
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("insert into outbox_message (message_key, destination, payload) select '" + destination
                    + ":' || g, '" + destination + "', '{}' from generate_series(1, 5000) g");
            // As a relay leaves them: the first 3,000 delivered, then 1,000 due, then 1,000 waiting for a later attempt.
            s.execute("""
                    with ranked as (select id, row_number() over (order by id) as n from outbox_message where destination = '%s')
                    update outbox_message m set status = case when r.n <= 3000 then 'DELIVERED' else 'PENDING' end,
                           delivered_at = case when r.n <= 3000 then now() end,
                           next_attempt_at = case when r.n > 4000 then now() + interval '1 hour' else m.next_attempt_at end
                    from ranked r where m.id = r.id""".formatted(destination));
            s.execute("analyze outbox_message");
        }
        try (Connection c = db()) {
            c.setAutoCommit(false);
            String claim = OutboxRepository.CLAIM.replace(":now", "now()").replace(":destination", "'" + destination + "'")
                    .replace(":limit", "100");
            JsonNode plan;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("explain (analyze, format json) " + claim)) {
                rs.next();
                plan = JSON.readTree(rs.getString(1)).get(0).get("Plan");
            }
            c.rollback();
            List<String> nodes = new ArrayList<>();
            long read = rowsRead(plan, nodes);
            assertFalse(nodes.stream().anyMatch(n -> n.endsWith("Sort")), "the claim sorts its rows: " + nodes);
            assertTrue(read <= 150, "the claim read " + read + " rows to claim 100: " + nodes);
        } finally {
            try (Connection c = db(); Statement s = c.createStatement()) {
                s.execute("delete from outbox_message where destination = '" + destination + "'");
            }
        }
    }

    /** The rows the scans of a plan read (returned or filtered out), the plan's node types gathered in {@code nodes}. */
    private static long rowsRead(JsonNode node, List<String> nodes) {
        String type = node.path("Node Type").asText();
        nodes.add(type + (node.has("Index Name") ? " " + node.get("Index Name").asText() : ""));
        long read = type.contains("Scan")
                ? node.path("Actual Rows").asLong() + node.path("Rows Removed by Filter").asLong()
                : 0;
        for (JsonNode child : node.path("Plans")) {
            read += rowsRead(child, nodes);
        }
        return read;
    }

    // helpers ---------------------------------------------------------------------------------------

    record Message(long id, String key, String destination, String status, int attempts, Instant nextAttemptAt,
                   String lastError, Instant createdAt, Instant deliveredAt, String payload, String xmin) {
    }

    /** The outbox messages of a campaign, oldest first, read directly from the database. */
    private static List<Message> messages(String campaign) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("""
                select id, message_key, destination, status, attempts, next_attempt_at, last_error, created_at,
                       delivered_at, payload::text, xmin::text
                from outbox_message where message_key like ? order by id""")) {
            ps.setString(1, campaign + ":%");
            List<Message> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            instant(rs.getTimestamp(6)), rs.getString(7), instant(rs.getTimestamp(8)),
                            instant(rs.getTimestamp(9)), rs.getString(10), rs.getString(11)));
                }
            }
            return rows;
        }
    }

    private static List<String> traceparents(String campaign) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "select traceparent from outbox_message where message_key like ? order by id")) {
            ps.setString(1, campaign + ":%");
            List<String> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    private static long count(String sql, String... parameters) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Connection db() throws SQLException {
        return EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** Relays everything due and returns how many of this campaign's messages were delivered. */
    private int relayOwn(String campaign) throws SQLException {
        relay.relayDue();
        return (int) messages(campaign).stream().filter(m -> m.status().equals("DELIVERED")).count();
    }

    private void enqueue(String campaign, String siren) {
        QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(campaign + ":" + siren + ":1",
                Map.of("campaign", campaign, "siren", siren, "revision", 1)));
    }

    /** What a relay would claim now (the transaction ends at once, releasing the locks). */
    private List<Long> claimIds() {
        return QuarkusTransaction.requiringNew().call(() ->
                repository.claimDue("scoring", Instant.now(), 100_000).stream().map(OutboxRepository.Claimed::id).toList());
    }

    /** The calls that carried messages of a campaign. */
    private List<LoggedRequest> requestsOf(String campaign) {
        return scoring.findAll(postRequestedFor(urlEqualTo(INGEST)).withRequestBody(matchingJsonPath(carrying(campaign))));
    }

    /** Every message of a campaign posted, in the order sent (once per attempt that reached the receiver). */
    private List<JsonNode> sentOf(String campaign) {
        return requestsOf(campaign).stream().flatMap(r -> BatchAnswer.messages(r.getBodyAsString()).stream())
                .filter(m -> m.path("campaign").asText().equals(campaign)).toList();
    }

    /** Messages other test classes left pending, delivered now: this test's whole-call answers are its own. */
    private void deliverEverythingPending() throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "update outbox_message set next_attempt_at = now() where status = 'PENDING'")) {
            ps.executeUpdate();
        }
        relay.relayDue();
    }

    /** A stub for this campaign's deliveries only, preferred to the catch-all. */
    private static MappingBuilder own(String campaign) {
        return post(urlEqualTo(INGEST)).atPriority(1).withRequestBody(matchingJsonPath(carrying(campaign)));
    }

    private static double deadTotal() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^outbox_dead_total\\{[^}]*destination=\"scoring\"[^}]*}\\s+(\\S+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static Set<Long> deadIdsListed() {
        Set<Long> ids = new TreeSet<>();
        for (int page = 0; ; page++) {
            var response = given().auth().oauth2(Tokens.admin())
                    .queryParam("status", "DEAD").queryParam("page", page).queryParam("size", 100)
                    .get("/outbox").then().statusCode(200).extract().jsonPath();
            List<Number> items = response.getList("items.id", Number.class);
            items.forEach(n -> ids.add(n.longValue()));
            if (items.size() < 100) {
                return ids;
            }
        }
    }

    private static void waitUntil(Instant moment) throws InterruptedException {
        long millis = Duration.between(Instant.now(), moment).toMillis() + 20;
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }

    private static Object read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static boolean containsAnswer(JsonNode message, String question, String field, String value) {
        for (JsonNode a : message.get("answers")) {
            if (a.get("question").asText().equals(question)) {
                return a.path(field).asText().equals(value);
            }
        }
        return false;
    }
}
