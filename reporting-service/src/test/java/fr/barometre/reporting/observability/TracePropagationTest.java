package fr.barometre.reporting.observability;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import fr.barometre.reporting.catchup.FactCatchUp;
import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.Facts;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end of a submission's trace: reporting-service's ingest of a fact continues the trace of
 * scoring-service's relay (its {@code traceparent} header), a child of the relay's call; a fact
 * taken in by the catch-up continues the trace its feed item carries, and each fact of a batch the
 * trace of its own {@code traceparent}.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class TracePropagationTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String RELAY_SPAN = "b7ad6b7169203331";
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("barometre.fact.outcome");

    @Inject
    InMemorySpanExporter spans;

    @Inject
    FactCatchUp catchUp;

    @Test
    void theIngestOfAFactContinuesTheRelaysTrace() {
        given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("application/json")
                .header("traceparent", "00-" + TRACE_ID + "-" + RELAY_SPAN + "-01")
                .body(Facts.fact("trace-facts", Facts.siren(7, 1)).allAt(2).json())
                .post("/internal/facts").then().statusCode(200);

        SpanData ingest = SpanRecorder.trace(spans, TRACE_ID, 1).stream()
                .filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertEquals(RELAY_SPAN, ingest.getParentSpanId(), "a child of the relay's call");
        assertEquals("POST /internal/facts", ingest.getName());
    }

    @Test
    void aFactCaughtUpFromTheFeedContinuesItsTrace() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String assessmentSpan = "00f067aa0ba902b7";
        String item = Facts.fact("trace-feed", Facts.siren(7, 2)).allAt(3)
                .traceparent("00-" + traceId + "-" + assessmentSpan + "-01").json();
        StubMapping feed = NeighboursWireMockResource.server().stubFor(get(urlPathEqualTo("/internal/assessments")).atPriority(1)
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"items\": [" + item + "], \"nextCursor\": \"987654:1\"}")));
        try {
            catchUp.catchUp();
        } finally {
            NeighboursWireMockResource.server().removeStub(feed);
        }

        List<SpanData> trace = SpanRecorder.trace(spans, traceId, 2);
        assertTrue(trace.stream().anyMatch(s -> s.getName().equals("catch-up fact") && s.getParentSpanId().equals(assessmentSpan)
                        && "kept".equals(s.getAttributes().get(OUTCOME))),
                "the fact is prepared and kept within its trace: " + trace);
    }

    /**
     * A batch continues the relay's trace (its call), and each of its facts the trace of its own
     * assessment: a span per fact, the child of the fact's traceparent, covering its checks and its
     * keeping (its outcome), whatever trace the other facts of the batch belong to.
     */
    @Test
    void eachFactOfABatchContinuesItsOwnTrace() {
        String relayTrace = "5af7651916cd43dd8448eb211c80319d";
        List<String> traces = List.of("1bf92f3577b34da6a3ce929d0e0e4731", "2bf92f3577b34da6a3ce929d0e0e4732");
        String assessmentSpan = "10f067aa0ba902b7";
        String kept = Facts.fact("trace-batch", Facts.siren(7, 4)).allAt(2).traceparent("00-" + traces.get(0) + "-" + assessmentSpan + "-01").json();
        String refused = Facts.fact("trace-batch", "123").allAt(2).traceparent("00-" + traces.get(1) + "-" + assessmentSpan + "-01").json();
        given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("application/json")
                .header("traceparent", "00-" + relayTrace + "-" + RELAY_SPAN + "-01")
                .body("{\"messages\": [" + kept + ", " + refused + "]}")
                .post("/internal/facts/batch").then().statusCode(200)
                .body("results.status", org.hamcrest.Matchers.contains(200, 422));

        SpanData call = SpanRecorder.trace(spans, relayTrace, 1).stream()
                .filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
        assertEquals(RELAY_SPAN, call.getParentSpanId(), "a child of the relay's call");
        for (int i = 0; i < traces.size(); i++) {
            List<SpanData> trace = SpanRecorder.trace(spans, traces.get(i), 1);
            List<SpanData> ingest = trace.stream().filter(s -> s.getName().equals("fact ingest")).toList();
            assertEquals(1, ingest.size(), "one span for the fact in its own trace: " + trace);
            assertEquals(assessmentSpan, ingest.get(0).getParentSpanId(), "a child of the fact's own traceparent");
            assertEquals(i == 0 ? "kept" : "refused", ingest.get(0).getAttributes().get(OUTCOME));
        }
    }

    /** A traceparent that is not a W3C one is refused like any broken field, at its path. */
    @Test
    void aFactWithAWrongTraceparentIsRefusedAtItsPath() {
        for (String wrong : List.of("not-a-trace", "00-" + TRACE_ID.toUpperCase() + "-" + RELAY_SPAN + "-01")) {
            Facts.fact("trace-facts", Facts.siren(7, 3)).allAt(2).traceparent(wrong).post()
                    .statusCode(422).contentType("application/problem+json")
                    .body("errors.field", org.hamcrest.Matchers.hasItem("traceparent"));
        }
    }
}
