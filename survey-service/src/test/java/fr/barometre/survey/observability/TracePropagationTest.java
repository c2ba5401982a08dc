package fr.barometre.survey.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.barometre.survey.outbox.OutboxRelay;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.ReportingWireMockResource;
import fr.barometre.survey.testing.ScoringWireMockResource;
import fr.barometre.survey.testing.ScoringWireMockResource.InjectScoringWireMock;
import fr.barometre.survey.testing.SubmissionFixtures;
import fr.barometre.survey.testing.Tokens;
import fr.barometre.testing.BatchAnswer;
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

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A submission's trace starts at survey intake and goes on: the submitting request's trace id is
 * written with the outbox message and carried in the message itself (its {@code traceparent} field),
 * which scoring-service continues; the relay's post of a batch, made later on another thread (on a
 * Vert.x context, as its schedule runs it), is a span linked to each message's trace, and its
 * {@code traceparent} header names it, even when the client first fetches its token.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(ScoringWireMockResource.class)
@WithTestResource(ReportingWireMockResource.class)
class TracePropagationTest {

    private static final String LYON = "216901231";
    private static final String INGEST = ScoringWireMockResource.INGEST_BATCH;

    @InjectScoringWireMock
    WireMockServer scoring;

    @Inject
    OutboxRelay relay;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    Vertx vertx;

    @Test
    void theSubmittingRequestsTraceReachesTheOutboxRowAndThePostToScoring() throws SQLException {
        String code = "trace-sub";
        if (!scoring.isRunning()) {
            scoring.start();
        }
        scoring.stubFor(post(urlEqualTo(INGEST)).atPriority(10).willReturn(ScoringWireMockResource.batchAnswer(BatchAnswer.every(200))));
        SubmissionFixtures.createOpenCampaign(code, LYON);
        SubmissionFixtures.saveDraft(code, LYON, SubmissionFixtures.completeAnswers(code));
        given().auth().oauth2(Tokens.admin()).post("/campaigns/" + code + "/responses/" + LYON + "/submission")
                .then().statusCode(200);

        String stored = traceparent(code + ":" + LYON + ":1");
        assertTrue(stored != null && stored.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), "the outbox row keeps the trace: " + stored);
        String traceId = stored.substring(3, 35);
        SpanData intake = SpanRecorder.trace(spans, traceId, 1).get(0);
        assertEquals(SpanKind.SERVER, intake.getKind());
        assertTrue(intake.getName().contains("/submission"), "the submitting request: " + intake.getName());
        assertEquals(intake.getSpanId(), stored.substring(36, 52), "the stored context is the submitting request's span");

        onSchedulersContext(relay::relayDue);
        List<LoggedRequest> posted = scoring.findAll(postRequestedFor(urlEqualTo(INGEST))
                .withRequestBody(matchingJsonPath(ScoringWireMockResource.carrying(code))));
        assertEquals(1, posted.size());
        List<JsonNode> sent = BatchAnswer.messages(posted.get(0).getBodyAsString()).stream()
                .filter(m -> m.path("campaign").asText().equals(code)).toList();
        assertEquals(1, sent.size());
        assertEquals(stored, sent.get(0).path("traceparent").asText(),
                "the message carries the submitting request's trace, which scoring-service continues for it");

        // The call, carrying many messages, is a span of its own linked to each message's trace.
        String header = posted.get(0).getHeader("traceparent");
        assertTrue(header != null && header.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), "the post carries a trace: " + header);
        List<SpanData> call = SpanRecorder.trace(spans, header.substring(3, 35), 2);
        SpanData delivery = call.stream().filter(s -> s.getName().equals("outbox deliver scoring")).findFirst().orElseThrow();
        assertTrue(delivery.getLinks().stream().anyMatch(l -> l.getSpanContext().getTraceId().equals(traceId)
                && l.getSpanContext().getSpanId().equals(intake.getSpanId())), "the delivery is linked to the submitting request");
        assertTrue(call.stream().anyMatch(s -> s.getKind() == SpanKind.CLIENT && s.getSpanId().equals(header.substring(36, 52))
                && s.getParentSpanId().equals(delivery.getSpanId())), "the header names the post's client span, a child of the delivery");
    }

    /**
     * The feed item of a submission carries the submitting request's trace context, so that a
     * submission scoring-service takes in by its catch-up continues the same trace.
     */
    @Test
    void theFeedItemOfASubmissionCarriesTheSubmittingRequestsTrace() {
        String code = "trace-feed";
        String traceId = "5e1ec7ed0000000000000000000f33d1";
        SubmissionFixtures.createOpenCampaign(code, LYON);
        SubmissionFixtures.saveDraft(code, LYON, SubmissionFixtures.completeAnswers(code));
        given().auth().oauth2(Tokens.admin()).header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .post("/campaigns/" + code + "/responses/" + LYON + "/submission")
                .then().statusCode(200);

        String cursor = "0:0";
        while (true) {
            var page = given().auth().oauth2(Tokens.feed()).queryParam("since", cursor).queryParam("limit", 1000)
                    .get("/internal/submissions").then().statusCode(200).extract().jsonPath();
            List<String> found = page.getList("items.findAll { it.campaign == '" + code + "' }.traceparent");
            if (!found.isEmpty()) {
                assertEquals(1, found.size());
                String traceparent = found.get(0);
                assertTrue(traceparent != null && traceparent.matches("00-" + traceId + "-[0-9a-f]{16}-01"),
                        "the feed item carries the submitting request's trace: " + traceparent);
                return;
            }
            String next = page.getString("nextCursor");
            assertTrue(!next.equals(cursor), "the submission is not in the feed");
            cursor = next;
        }
    }

    /**
     * Runs the relay as its schedule does, on a duplicated Vert.x context of a worker thread: the trace
     * context made current there stays with the call while the client waits for its token.
     */
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

    private static String traceparent(String key) throws SQLException {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement ps = c.prepareStatement("select traceparent from outbox_message where message_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no outbox message " + key);
                return rs.getString(1);
            }
        }
    }
}
