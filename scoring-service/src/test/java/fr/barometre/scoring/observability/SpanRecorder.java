package fr.barometre.scoring.observability;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import io.opentelemetry.sdk.trace.data.SpanData;

import java.util.List;

/** The spans this service ends in the tests, kept in memory (the exporter Quarkus picks up as a CDI bean). */
@ApplicationScoped
public class SpanRecorder {

    @Produces
    @Singleton
    InMemorySpanExporter spans() {
        return InMemorySpanExporter.create();
    }

    /** The spans of one trace once at least {@code count} have ended (spans are exported in batches), in order of start. */
    public static List<SpanData> trace(InMemorySpanExporter spans, String traceId, int count) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        List<SpanData> trace;
        do {
            trace = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
                    .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
            if (trace.size() >= count) {
                return trace;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        return trace;
    }
}
