package fr.barometre.scoring.observability;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.barometre.scoring.outbox.OutboxRelay;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Submissions;
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
 * trace (its {@code traceparent} header), the fact's outbox message keeps that trace, and the relay's
 * post to reporting-service carries it on, a later span of the same trace.
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
        List<LoggedRequest> posted = server().findAll(postRequestedFor(urlPathEqualTo("/internal/facts"))
                .withRequestBody(matchingJsonPath("$.campaign", WireMock.equalTo(CAMPAIGN))));
        assertEquals(1, posted.size());
        String header = posted.get(0).getHeader("traceparent");
        assertTrue(header != null && header.startsWith("00-" + TRACE_ID + "-"), "the post to reporting carries the trace: " + header);

        List<SpanData> trace = SpanRecorder.trace(spans, TRACE_ID, 4);
        SpanData ingest = trace.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        SpanData delivery = trace.stream().filter(s -> s.getName().equals("outbox deliver reporting")).findFirst().orElseThrow();
        SpanData post = trace.stream().filter(s -> s.getKind() == SpanKind.CLIENT && s.getParentSpanId().equals(delivery.getSpanId()))
                .findFirst().orElseThrow();
        assertEquals("00f067aa0ba902b7", ingest.getParentSpanId(), "the ingest continues the caller's span");
        assertEquals(stored.substring(36, 52), delivery.getParentSpanId(), "the delivery is a child of the stored context");
        assertEquals(post.getSpanId(), header.substring(36, 52), "the header names the client span of the post");
        assertTrue(ingest.getEndEpochNanos() <= delivery.getStartEpochNanos(), "delivered after the ingest ended");
    }
}
