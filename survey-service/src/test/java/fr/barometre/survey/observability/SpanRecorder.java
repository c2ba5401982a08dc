package fr.barometre.survey.observability;

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

    /**
     * The spans of one trace once at least {@code count} have ended and no other has come for {@link #SETTLED_NANOS}, in
     * order of start. The spans of a trace end at different times and are exported in batches (every 100 ms in the
     * tests): a parent ends after its children and may come in the next batch, so a count alone could return before it.
     */
    public static List<SpanData> trace(InMemorySpanExporter spans, String traceId, int count) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        List<SpanData> trace;
        int seen = -1;
        long unchangedSince = System.nanoTime();
        do {
            trace = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(traceId))
                    .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
            if (trace.size() != seen) {
                seen = trace.size();
                unchangedSince = System.nanoTime();
            } else if (trace.size() >= count && System.nanoTime() - unchangedSince >= SETTLED_NANOS) {
                return trace;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        } while (System.nanoTime() < deadline);
        return trace;
    }

    /** How long no further span of a trace must have come before its spans are taken as all there: five export periods. */
    private static final long SETTLED_NANOS = 500_000_000L;
}
