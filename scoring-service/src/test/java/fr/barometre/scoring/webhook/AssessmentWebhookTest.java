package fr.barometre.scoring.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import fr.barometre.scoring.testing.Api;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Submissions;
import fr.barometre.scoring.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.scoring.testing.Api.deliver;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.server;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubQuestionnaire;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * assessment.updated, end to end within scoring-service: a submission delivered through the real ingest endpoint
 * (role scoring-ingest) is assessed, and a partner's subscription to assessment.updated gets it at an HTTP receiver
 * on 127.0.0.1 through the real worker ({@link WebhookDispatcher#deliverDue()}, called here since the schedule is
 * off in the tests) — only when the partner's scope, read from survey-service (WireMock standing in for its
 * {@code GET /partners/{clientId}/scope}), covers the authority; never unchecked while that scope cannot be read.
 * Each test has a client of its own (the scope is cached per client) and a campaign of its own.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class AssessmentWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger N = new AtomicInteger();
    private static final String CAMPAIGN = "hooks-assess";
    private static final String VERSION = "hooks-assess.1";
    private static final String IN_SCOPE = "243500139";
    private static final String OUT_OF_SCOPE = "216901231";

    @Inject
    WebhookDispatcher dispatcher;

    private final List<StubMapping> stubs = new ArrayList<>();

    @BeforeAll
    static void surveyServesTheQuestionnaire() {
        stubQuestionnaire(CAMPAIGN, VERSION, Questionnaires.defaultQuestionnaire(VERSION));
    }

    /** This class's subscriptions (with their deliveries) and stubs go with each test. */
    @AfterEach
    void cleanUp() {
        Db.update("delete from webhook_subscription where client_id like 'scoring-assess-%'");
        stubs.forEach(server()::removeStub);
        stubs.clear();
    }

    private static String newClient() {
        return "scoring-assess-" + N.incrementAndGet() + "-" + System.nanoTime();
    }

    /** survey-service answers the client's scope with this response. */
    private void surveyAnswersScope(String client, ResponseDefinitionBuilder answer) {
        stubs.add(server().stubFor(get(urlPathEqualTo("/partners/" + client + "/scope")).willReturn(answer)));
    }

    private static ResponseDefinitionBuilder scopeOf(String... sirens) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"networks\": [], \"sirens\": " + JSON.valueToTree(List.of(sirens)) + "}");
    }

    private static JsonPath subscribe(String client, String url) {
        return given().auth().oauth2(Tokens.partnerClient(client, List.of(), List.of(IN_SCOPE))).contentType("application/json")
                .body(java.util.Map.of("url", url, "events", List.of("assessment.updated")))
                .post("/webhooks").then().statusCode(201).extract().jsonPath();
    }

    /** The subscription's deliveries' statuses, read through the API as its partner. */
    private static List<String> statuses(String client, String subscription) {
        return given().auth().oauth2(Tokens.partnerClient(client, List.of(), List.of())).get("/webhooks/" + subscription + "/deliveries")
                .then().statusCode(200).extract().jsonPath().getList("items.status");
    }

    private static void submit(String siren, int revision) {
        deliver(Submissions.of(CAMPAIGN, siren, revision, VERSION).levels(3, "DIA-PLAN-FORMATION", "DIA-PILOTAGE-IA"))
                .statusCode(200);
    }

    @Test
    void anAssessmentOfAnAuthorityInScopeIsDeliveredSignedWithoutItsScores() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String client = newClient();
            surveyAnswersScope(client, scopeOf(IN_SCOPE));
            JsonPath created = subscribe(client, receiver.url("/assessments"));
            String id = created.getString("id");
            String secret = created.getString("secret");
            int revision = N.incrementAndGet();

            submit(IN_SCOPE, revision);
            dispatcher.deliverDue();

            assertEquals(1, receiver.received().size(), "delivered once");
            WebhookReceiver.Received request = receiver.received().get(0);
            long timestamp = Long.parseLong(request.header("webhook-timestamp"));
            String webhookId = request.header("webhook-id");
            assertTrue(WebhookSignature.verify(secret, webhookId, timestamp, request.body(), request.header("webhook-signature")),
                    "the signature verifies with the subscription's secret");
            assertFalse(WebhookSignature.verify(WebhookSignature.newSecret(), webhookId, timestamp, request.body(),
                    request.header("webhook-signature")), "and with no other");

            JsonNode body = JSON.readTree(request.body());
            assertEquals("assessment.updated", body.path("type").asText());
            JsonNode data = body.path("data");
            Set<String> keys = new TreeSet<>();
            for (Iterator<String> names = data.fieldNames(); names.hasNext(); ) {
                keys.add(names.next());
            }
            assertEquals(new TreeSet<>(List.of("campaign", "siren", "assessmentVersion", "path")), keys, "no score, no answer: " + data);
            assertEquals(CAMPAIGN, data.path("campaign").asText());
            assertEquals(IN_SCOPE, data.path("siren").asText());
            long current = given().auth().oauth2(Tokens.admin()).get("/campaigns/" + CAMPAIGN + "/assessments/" + IN_SCOPE)
                    .then().statusCode(200).extract().jsonPath().getLong("assessmentVersion");
            assertEquals(current, data.path("assessmentVersion").asLong(), "the assessment's version");
            assertEquals("/campaigns/" + CAMPAIGN + "/assessments/" + IN_SCOPE, data.path("path").asText());
            assertFalse(request.body().contains("score") || request.body().contains("themes") || request.body().contains("level"),
                    request.body());
            assertEquals(List.of("DELIVERED"), statuses(client, id));
        }
    }

    /** A batch's assessments: a delivery written only for the one whose authority the partner's scope covers. */
    @Test
    void aBatchWritesADeliveryOnlyForTheAssessmentsInThePartnersScope() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String client = newClient();
            surveyAnswersScope(client, scopeOf(IN_SCOPE));
            String id = subscribe(client, receiver.url("/assessments")).getString("id");
            int revision = N.incrementAndGet();
            Api.deliverBatch(Submissions.of(CAMPAIGN, IN_SCOPE, revision, VERSION).levels(3, "DIA-PLAN-FORMATION", "DIA-PILOTAGE-IA"),
                    Submissions.of(CAMPAIGN, OUT_OF_SCOPE, revision, VERSION).levels(3, "DIA-PLAN-FORMATION", "DIA-PILOTAGE-IA"))
                    .statusCode(200);
            assertEquals(List.of("PENDING"), statuses(client, id), "no delivery written for the authority outside the scope");

            dispatcher.deliverDue();
            assertEquals(1, receiver.received().size());
            assertTrue(receiver.received().get(0).body().contains(IN_SCOPE));
            assertEquals(List.of("DELIVERED"), statuses(client, id));
        }
    }

    @Test
    void anAssessmentOfAnAuthorityOutOfScopeIsOutOfScopeAndNeverSent() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String client = newClient();
            surveyAnswersScope(client, scopeOf(IN_SCOPE));
            String id = subscribe(client, receiver.url("/assessments")).getString("id");

            submit(OUT_OF_SCOPE, N.incrementAndGet());
            dispatcher.deliverDue();

            assertTrue(receiver.received().isEmpty(), "sent about an authority outside the scope: " + receiver.received());
            assertEquals(List.of("OUT_OF_SCOPE"), statuses(client, id));
            dispatcher.deliverDue();
            assertTrue(receiver.received().isEmpty(), "an out-of-scope delivery is final");
        }
    }

    @Test
    void aScopeSurveyCannotAnswerLeavesTheDeliveryPendingUnsent() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String client = newClient();
            surveyAnswersScope(client, aResponse().withStatus(503));
            String id = subscribe(client, receiver.url("/assessments")).getString("id");

            submit(IN_SCOPE, N.incrementAndGet());
            dispatcher.deliverDue();

            assertTrue(receiver.received().isEmpty(), "delivered unchecked while the scope could not be read");
            JsonPath delivery = given().auth().oauth2(Tokens.admin()).get("/webhooks/" + id + "/deliveries")
                    .then().statusCode(200).extract().jsonPath();
            assertEquals("PENDING", delivery.getString("items[0].status"));
            assertNotNull(delivery.getString("items[0].lastError"));
            assertTrue(delivery.getString("items[0].lastError").contains("cannot be read"), delivery.getString("items[0].lastError"));

            // survey-service answers again: the same delivery goes, once due
            stubs.forEach(server()::removeStub);
            stubs.clear();
            surveyAnswersScope(client, scopeOf(IN_SCOPE));
            WebhookReceiver.await(() -> receiver.received().size() == 1, dispatcher::deliverDue);
            assertEquals(List.of("DELIVERED"), statuses(client, id));
        }
    }
}
