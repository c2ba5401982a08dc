package fr.barometre.reporting.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * The span of each fact that arrives among others (a delivered batch, a page of the feed): the child
 * of the fact's own {@code traceparent}, so that each submission's trace goes on here whatever the
 * call or page it came in. Unlike {@link Traces#within}, the span outlives the work done in it: its
 * caller makes it current while it reads and checks the fact, and ends it once the facts are kept.
 */
@ApplicationScoped
public class FactSpans {

    /** The carrier is the traceparent itself. */
    private static final TextMapGetter<String> TRACEPARENT = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String traceparent) {
            return List.of("traceparent");
        }

        @Override
        public String get(String traceparent, String key) {
            return "traceparent".equals(key) ? traceparent : null;
        }
    };

    @Inject
    Tracer tracer;

    /**
     * Starts a span named {@code name}, the child of {@code traceparent}; of the current context (the
     * request's span, or none) when there is none or it is not a W3C one.
     */
    public Span start(String traceparent, String name) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.current(), traceparent, TRACEPARENT);
        return tracer.spanBuilder(name).setParent(parent).startSpan();
    }
}
