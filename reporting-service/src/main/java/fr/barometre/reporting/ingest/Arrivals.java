package fr.barometre.reporting.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.reporting.problem.Problem;
import fr.barometre.reporting.problem.ProblemException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Messages that arrived together (a delivered batch, a page of scoring-service's feed), in their
 * order: each read and checked on its own, within a span of its own trace ({@link FactIntake#arrive}),
 * then the facts among them kept together ({@link FactIntake#keep}). Each has one outcome: kept (a
 * receipt) or refused (a problem: 422 for good, 503 not now). Closing ends every message's span,
 * which so covers its reading, its checks and its keeping.
 */
public final class Arrivals implements AutoCloseable {

    /** One message: its span, then the fact ready to keep, or why it is refused, then its receipt. */
    public static final class Arrival {
        private final Span span;
        private Fact fact;
        private ProblemException refusal;
        private IngestReceipt receipt;

        Arrival(Span span) {
            this.span = span;
        }

        public Span span() {
            return span;
        }

        public Fact fact() {
            return fact;
        }

        public ProblemException refusal() {
            return refusal;
        }

        public IngestReceipt receipt() {
            return receipt;
        }
    }

    private final List<Arrival> arrivals = new ArrayList<>();

    /** The next message, within its span: ready to keep. */
    public void ready(Span span, Fact fact) {
        Arrival arrival = new Arrival(span);
        arrival.fact = fact;
        arrivals.add(arrival);
    }

    /** The next message, within its span: refused. */
    public void refused(Span span, ProblemException refusal) {
        Arrival arrival = new Arrival(span);
        arrival.refusal = refusal;
        arrivals.add(arrival);
    }

    public List<Arrival> all() {
        return arrivals;
    }

    /** The facts ready to keep, in their order. */
    public List<Fact> facts() {
        return arrivals.stream().filter(a -> a.fact != null).map(Arrival::fact).toList();
    }

    /** The receipts of {@link #facts()}, in the same order, once kept. */
    public void kept(List<IngestReceipt> receipts) {
        Iterator<IngestReceipt> each = receipts.iterator();
        arrivals.stream().filter(a -> a.fact != null).forEach(a -> a.receipt = each.next());
    }

    /** The first refusal that is not for good: the catch-up stops its round there. */
    public Optional<ProblemException> unavailable() {
        return arrivals.stream().map(Arrival::refusal).filter(r -> r != null && r.status() == 503).findFirst();
    }

    /** The outcome of each message, in order, as the batch endpoint answers it ({@code instance}: the request's path). */
    public FactBatchResults results(String instance) {
        return new FactBatchResults(arrivals.stream().map(a -> a.refusal == null ? FactBatchResults.Result.TAKEN
                : new FactBatchResults.Result(a.refusal.status(), new Problem(a.refusal.type(), a.refusal.title(),
                        a.refusal.status(), a.refusal.detail(), instance, a.refusal.errors()))).toList());
    }

    /** Ends each message's span with its outcome. */
    @Override
    public void close() {
        for (Arrival a : arrivals) {
            if (a.refusal != null) {
                a.span.setAttribute("barometre.fact.outcome", a.refusal.status() == 503 ? "unavailable" : "refused");
                a.span.setStatus(StatusCode.ERROR, a.refusal.detail());
            } else if (a.receipt != null) {
                a.span.setAttribute("barometre.fact.outcome", a.receipt.superseded() ? "superseded" : "kept");
            }
            a.span.end();
        }
    }

    /** A message's JSON, for its trace: its {@code traceparent} field when it has a text one. */
    public static String traceparent(JsonNode message) {
        JsonNode value = message == null ? null : message.get("traceparent");
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
