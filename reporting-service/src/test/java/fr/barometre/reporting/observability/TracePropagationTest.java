package fr.barometre.reporting.observability;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.Facts;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The end of a submission's trace: reporting-service's ingest of a fact continues the trace of
 * scoring-service's relay (its {@code traceparent} header), a child of the relay's call.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class TracePropagationTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String RELAY_SPAN = "b7ad6b7169203331";

    @Inject
    InMemorySpanExporter spans;

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
}
