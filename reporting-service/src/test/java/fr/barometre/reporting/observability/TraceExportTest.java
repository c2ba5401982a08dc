package fr.barometre.reporting.observability;

import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With no collector configured ({@code OTEL_EXPORTER_OTLP_ENDPOINT} unset, so the endpoint property is
 * empty or missing), the application's do-nothing exporter is the one looked up, so Quarkus installs
 * no OTLP exporter and nothing is exported; with an endpoint it steps aside for Quarkus' OTLP one.
 */
class TraceExportTest {

    private static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";

    @Test
    void theDoNothingExporterStandsInOnlyWhenNoCollectorIsConfigured() throws NoSuchMethodException {
        LookupIfProperty choice = TraceExport.class.getDeclaredMethod("nowhere").getAnnotation(LookupIfProperty.class);
        assertNotNull(choice, "the do-nothing exporter is chosen by the endpoint setting");
        assertTrue(lookedUp(choice, Optional.empty()), "endpoint missing: nothing exported");
        assertTrue(lookedUp(choice, Optional.of("")), "endpoint empty (the variable unset): nothing exported");
        assertFalse(lookedUp(choice, Optional.of("http://collector:4317")), "endpoint set: the OTLP exporter sends");
    }

    @Test
    void theDoNothingExporterSendsNothingAndSucceeds() {
        SpanExporter nowhere = new TraceExport().nowhere();
        assertTrue(nowhere.export(List.of()).isSuccess());
        assertTrue(nowhere.flush().isSuccess());
        assertTrue(nowhere.shutdown().isSuccess());
    }

    /** Whether ArC looks the bean up, given the endpoint property's value, as {@link LookupIfProperty} says. */
    private static boolean lookedUp(LookupIfProperty choice, Optional<String> endpoint) {
        if (!choice.name().equals(ENDPOINT)) {
            return false;
        }
        return endpoint.map(choice.stringValue()::equals).orElse(choice.lookupIfMissing());
    }
}
