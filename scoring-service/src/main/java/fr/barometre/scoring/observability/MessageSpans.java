package fr.barometre.scoring.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spans for messages handled together (a batch delivery, a page of a feed): each message gets its own
 * span, the child of the message's own {@code traceparent}, so that its trace goes on even though its
 * work is shared with others in one transaction; what the message makes (its fact) keeps that span's
 * context. {@link Traces} runs one piece of work in a span; this keeps many open at once.
 */
@ApplicationScoped
public class MessageSpans {

    private static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<String> CARRIER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String traceparent) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String traceparent, String key) {
            return TRACEPARENT.equals(key) ? traceparent : null;
        }
    };

    @Inject
    Tracer tracer;

    /**
     * Starts a span named {@code name} for one message, the child of its {@code traceparent} (of the
     * current context when it has none). The caller makes it current where the message's own calls are
     * made, and ends it with {@link #end}.
     */
    public Span start(String traceparent, String name) {
        Context parent = traceparent == null ? Context.current()
                : W3CTraceContextPropagator.getInstance().extract(Context.root(), traceparent, CARRIER);
        return tracer.spanBuilder(name).setParent(parent).startSpan();
    }

    /** The span's context as a W3C {@code traceparent}, to be kept with what the message made; null when it is not valid. */
    public static String traceparentOf(Span span) {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.root().with(span), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** Ends a message's span, marked as an error when the message failed. */
    public static void end(Span span, Throwable failure) {
        if (failure != null) {
            span.recordException(failure);
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }
}
