package fr.barometre.survey.observability;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.Collection;

/**
 * Spans are exported over OTLP only when a collector is configured ({@code OTEL_EXPORTER_OTLP_ENDPOINT},
 * i.e. {@code quarkus.otel.exporter.otlp.endpoint}). Without one, this exporter, which sends nothing,
 * stands in: Quarkus installs its OTLP exporter only when the application has no exporter of its own,
 * so nothing tries to reach a collector that is not there (no error in the logs, nothing to run
 * locally), while traces still go on in the process (trace ids in the logs, trace context carried
 * in outbox messages and feed items).
 */
@ApplicationScoped
public class TraceExport {

    @Produces
    @Singleton
    @LookupIfProperty(name = "quarkus.otel.exporter.otlp.endpoint", stringValue = "", lookupIfMissing = true)
    SpanExporter nowhere() {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
    }
}
