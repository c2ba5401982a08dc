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
        Span span = childOf(Context.root(), traceparent, name);
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

    /**
     * Starts a span named {@code name} for one of many messages handled together (a batch delivery, a
     * page of a feed), the child of the message's own {@code traceparent} (of the current context, the
     * request's span or none, when it has none): the caller makes it current where the message's work
     * is done and ends it with {@link #end} once the message's outcome is known.
     */
    public Span start(String traceparent, String name) {
        return childOf(Context.current(), traceparent, name);
    }

    /** Ends a span, marked as an error when {@code failure} is not null. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /** A span's context as a W3C {@code traceparent}, to be kept with what its work made; null when it is not valid. */
    public static String traceparentOf(Span span) {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    private Span childOf(Context fallback, String traceparent, String name) {
        Context parent = W3CTraceContextPropagator.getInstance().extract(fallback, traceparent, CARRIER);
        return tracer.spanBuilder(name).setParent(parent).startSpan();
    }
}
