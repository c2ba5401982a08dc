package fr.barometre.scoring.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import fr.barometre.scoring.catchup.SubmissionCatchUp;
import fr.barometre.scoring.outbox.OutboxRelay;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Submissions;
import fr.barometre.testing.BatchAnswer;
import fr.barometre.scoring.testing.Tokens;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.server;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubQuestionnaire;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One submission's trace goes on through this service: the ingest request continues the caller's
 * trace (its {@code traceparent} header), the fact's outbox message keeps that trace and the fact carries
 * it (its {@code traceparent} field) to reporting-service; the relay's post of a batch is a span linked to
 * each fact's trace.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class TracePropagationTest {

    private static final String CAMPAIGN = "trace-25";
    private static final String VERSION = "trace-25.1";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @Inject
    OutboxRelay relay;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    Vertx vertx;

    @Inject
    SubmissionCatchUp catchUp;

    /** Runs the relay as its schedule does: on a duplicated Vert.x context of a worker thread. */
    private void onSchedulersContext(Runnable work) {
        try {
            VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext())
                    .executeBlocking(() -> {
                        work.run();
                        return null;
                    }).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theIngestRequestsTraceReachesTheOutboxRowAndThePostToReporting() {
        String siren = "500000062";
        stubQuestionnaire(CAMPAIGN, VERSION, Questionnaires.small(VERSION));
        given().auth().oauth2(Tokens.withRoles("scoring-ingest")).contentType("application/json")
                .header("traceparent", CALLER)
                .body(Submissions.of(CAMPAIGN, siren, 1, VERSION).level("CYB-A", 3).toString())
                .post("/internal/assessments").then().statusCode(200);

        String stored = (String) Db.rows("select traceparent from outbox_message where message_key = ?",
                CAMPAIGN + ":" + siren + ":1").get(0).get("traceparent");
        assertTrue(stored != null && stored.startsWith("00-" + TRACE_ID + "-"), "the outbox row keeps the trace: " + stored);
        assertTrue(!stored.contains("00f067aa0ba902b7"), "its parent is this service's ingest span, not the caller's: " + stored);

        onSchedulersContext(relay::relayDue);
        List<LoggedRequest> posted = server().findAll(postRequestedFor(urlPathEqualTo(NeighboursWireMockResource.FACTS_BATCH))
                .withRequestBody(matchingJsonPath(NeighboursWireMockResource.carrying(CAMPAIGN, siren))));
        assertEquals(1, posted.size());
        JsonNode fact = BatchAnswer.messages(posted.get(0).getBodyAsString()).stream()
                .filter(f -> f.path("siren").asText().equals(siren)).findFirst().orElseThrow();
        assertEquals(stored, fact.path("traceparent").asText(), "the fact carries its assessment's trace, which reporting continues");
        String header = posted.get(0).getHeader("traceparent");
        assertTrue(header != null && header.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), "the post carries a trace: " + header);

        List<SpanData> trace = SpanRecorder.trace(spans, TRACE_ID, 2);
        SpanData ingest = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        // The call, carrying many facts, is a span of its own linked to each fact's trace.
        List<SpanData> call = SpanRecorder.trace(spans, header.substring(3, 35), 2);
        SpanData delivery = call.stream().filter(s -> s.getName().equals("outbox deliver reporting")).findFirst().orElseThrow();
        SpanData post = call.stream().filter(s -> s.getKind() == SpanKind.CLIENT && s.getParentSpanId().equals(delivery.getSpanId()))
                .findFirst().orElseThrow();
        assertEquals("00f067aa0ba902b7", ingest.getParentSpanId(), "the ingest continues the caller's span");
        assertTrue(delivery.getLinks().stream().anyMatch(l -> l.getSpanContext().getTraceId().equals(TRACE_ID)
                && l.getSpanContext().getSpanId().equals(stored.substring(36, 52))), "the delivery is linked to the stored context");
        assertEquals(post.getSpanId(), header.substring(36, 52), "the header names the client span of the post");
        assertTrue(ingest.getEndEpochNanos() <= delivery.getStartEpochNanos(), "delivered after the ingest ended");
    }

    /**
     * A submission taken in from survey-service's feed continues the trace its feed item carries, as a
     * delivered one does: this service's spans for it are of that trace, and the fact's feed item
     * carries the trace on to reporting-service.
     */
    @Test
    void aSubmissionCaughtUpFromTheFeedContinuesItsTraceIntoTheFactsFeedItem() {
        String campaign = "trace-feed-25";
        String version = "trace-feed-25.1";
        String siren = "500000070";
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        String surveySpan = "b7ad6b7169203331";
        stubQuestionnaire(campaign, version, Questionnaires.small(version));
        String item = Submissions.of(campaign, siren, 1, version).level("CYB-A", 3)
                .set("traceparent", "00-" + traceId + "-" + surveySpan + "-01").json();
        StubMapping feed = server().stubFor(get(urlPathEqualTo("/internal/submissions")).atPriority(1)
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"items\": [" + item + "], \"nextCursor\": \"987654:1\"}")));
        try {
            catchUp.catchUp();
        } finally {
            server().removeStub(feed);
        }

        List<SpanData> trace = SpanRecorder.trace(spans, traceId, 2);
        SpanData ingest = trace.stream().filter(s -> s.getName().equals("catch-up submission")).findFirst().orElseThrow();
        assertEquals(surveySpan, ingest.getParentSpanId(), "the catch-up's ingest continues the submission's span");
        assertTrue(trace.stream().anyMatch(s -> s.getKind() == SpanKind.CLIENT && s.getParentSpanId().equals(ingest.getSpanId())),
                "the questionnaire is read within the submission's trace: " + trace);

        List<String> items = given().auth().oauth2(Tokens.withRoles("scoring-feed")).queryParam("limit", 1000)
                .get("/internal/assessments").then().statusCode(200).extract().jsonPath()
                .getList("items.findAll { it.campaign == '" + campaign + "' }.traceparent");
        assertEquals(1, items.size(), "one fact of the caught-up submission: " + items);
        assertTrue(items.get(0) != null && items.get(0).startsWith("00-" + traceId + "-"), "the fact's feed item carries the trace: " + items);
    }

    /**
     * A batch carries many submissions, each of its own trace (its {@code traceparent} field): each message is
     * taken within a span that continues its own trace, and its fact's outbox row keeps that trace, whatever
     * trace the call itself belongs to.
     */
    @Test
    void eachMessageOfABatchContinuesItsOwnTraceIntoItsFact() {
        String call = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
        String[] traceIds = {"1af7651916cd43dd8448eb211c80319c", "2af7651916cd43dd8448eb211c80319c"};
        String[] surveySpans = {"a7ad6b7169203331", "c7ad6b7169203331"};
        String[] sirens = {"500000096", "500000104"};
        stubQuestionnaire(CAMPAIGN, VERSION, Questionnaires.small(VERSION));
        StringBuilder body = new StringBuilder("{\"messages\": [");
        for (int i = 0; i < 2; i++) {
            body.append(i == 0 ? "" : ",").append(Submissions.of(CAMPAIGN, sirens[i], 1, VERSION).level("CYB-A", 3)
                    .set("traceparent", "00-" + traceIds[i] + "-" + surveySpans[i] + "-01").json());
        }
        given().auth().oauth2(Tokens.withRoles("scoring-ingest")).contentType("application/json").header("traceparent", call)
                .body(body.append("]}").toString())
                .post("/internal/assessments/batch").then().statusCode(200);

        for (int i = 0; i < 2; i++) {
            String stored = (String) Db.rows("select traceparent from outbox_message where message_key = ?",
                    CAMPAIGN + ":" + sirens[i] + ":1").get(0).get("traceparent");
            assertTrue(stored != null && stored.startsWith("00-" + traceIds[i] + "-"), "the outbox row keeps the message's trace: " + stored);
            String surveySpan = surveySpans[i];
            SpanData ingest = SpanRecorder.trace(spans, traceIds[i], 1).stream()
                    .filter(s -> s.getName().equals("ingest submission")).findFirst().orElseThrow();
            assertEquals(surveySpan, ingest.getParentSpanId(), "the message's ingest continues its submission's span");
            assertEquals(ingest.getSpanId(), stored.substring(36, 52), "the fact follows the message's own span");
        }
    }

    /** A traceparent that is not a W3C one is refused like any broken field, at its path. */
    @Test
    void aSubmissionWithAWrongTraceparentIsRefusedAtItsPath() {
        for (String wrong : List.of("not-a-trace", "00-" + TRACE_ID.toUpperCase() + "-00f067aa0ba902b7-01", "01-" + TRACE_ID + "-00f067aa0ba902b7-01")) {
            given().auth().oauth2(Tokens.withRoles("scoring-ingest")).contentType("application/json")
                    .body(Submissions.of(CAMPAIGN, "500000088", 1, VERSION).level("CYB-A", 3).set("traceparent", wrong).json())
                    .post("/internal/assessments").then().statusCode(422).contentType("application/problem+json")
                    .body("errors.field", org.hamcrest.Matchers.hasItem("traceparent"));
        }
    }
}
