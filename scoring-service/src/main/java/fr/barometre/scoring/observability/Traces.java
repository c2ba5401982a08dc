package fr.barometre.scoring.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The trace context carried inside what this service stores for later (outbox messages, feed items):
 * written as a W3C {@code traceparent} where the work starts, continued where it is picked up again,
 * so that one submission's trace runs from survey intake through scoring to reporting.
 */
@ApplicationScoped
public class Traces {

    private static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<String> CARRIER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String traceparent) {
            return java.util.List.of(TRACEPARENT);
        }

        @Override
        public String get(String traceparent, String key) {
            return TRACEPARENT.equals(key) ? traceparent : null;
        }
    };

    @Inject
    Tracer tracer;

    /** The current trace context as a W3C {@code traceparent}; empty outside any trace. */
    public Optional<String> current() {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return Optional.ofNullable(carrier.get(TRACEPARENT));
    }

    /**
     * Runs {@code work} in a new span named {@code name}, the child of the stored {@code traceparent}
     * (a new trace when there is none): the calls it makes carry that trace on.
     */
    public <T> T within(String traceparent, String name, Callable<T> work) throws Exception {
        Context parent = traceparent == null ? Context.root()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, CARRIER);
        Span span = tracer.spanBuilder(name).setParent(parent).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.call();
        } catch (Exception e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR);
            throw e;
        } finally {
            span.end();
        }
    }
}
