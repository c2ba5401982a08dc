package fr.barometre.survey.outbox;

import com.fasterxml.jackson.databind.util.RawValue;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import fr.barometre.survey.audit.Journal;
import fr.barometre.survey.observability.Traces;
import fr.barometre.survey.security.KeycloakCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import jakarta.ws.rs.WebApplicationException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Delivers outbox messages to this service's {@link Receiver}: at least once, many per call, retried with
 * exponential backoff, parked as dead on a permanent refusal. A round claims up to
 * {@code barometre.outbox.batch-size} due messages, posts them in one call, and records each message's
 * outcome from its own status, in one statement (2xx delivered; 422 and the other 4xx dead; 5xx, 401,
 * 408, 429 retried). A failure of the whole call is every message's: a status says what (a 5xx, retried;
 * a 400, dead), no answer is retried. Several relays (threads or replicas) never claim the same message
 * at once. While the receiver's circuit is open, or no token can be had, the claimed messages' attempt
 * fails without a call (backed off as any other) and the round ends: the other messages wait for a later
 * round, unattempted. The messages parked dead are journaled by the system ({@code outbox.dead}, its trigger
 * naming the refusal), one statement per status refused in a round, in the round's transaction. Each call is a span ({@code outbox deliver <destination>}) linked to the trace of
 * every message it carries; each message carries its own {@code traceparent}, which the receiver
 * continues. The backlog, its age and the dead letters are gauges of {@link OutboxMetrics}.
 * <p>
 * A message goes out as it is stored, not parsed nor written again: the text PostgreSQL gives of the
 * payload's jsonb is written as it is into the batch ({@link Batch}). That text is always one whole,
 * valid JSON value (the column is jsonb: what could not be parsed was never stored), so whatever strings
 * a message holds, they stay inside it and inside the envelope.
 */
@Startup
@ApplicationScoped
public class OutboxRelay {

    @Inject
    OutboxRepository messages;

    @Inject
    Receiver receiver;

    @Inject
    Traces traces;

    @Inject
    OutboxConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    @Inject
    TransactionManager transactions;

    @Inject
    Journal journal;

    private Counter delivered;
    private Counter dead;
    private Counter failedAttempts;

    @PostConstruct
    void metrics() {
        delivered = registry.counter("outbox.delivered", "destination", receiver.name());
        dead = registry.counter("outbox.dead", "destination", receiver.name());
        failedAttempts = registry.counter("outbox.failed.attempts", "destination", receiver.name());
    }

    @Scheduled(every = "${barometre.outbox.relay-interval:2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        relayDue();
    }

    /** Delivers every due message, a batch per transaction; returns how many were claimed. */
    public int relayDue() {
        int claimed = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().timeout(config.batchTimeoutSeconds()).call(this::relayBatch);
            claimed += batch;
        } while (batch == batchSize());
        return claimed;
    }

    private int batchSize() {
        return Math.max(1, Math.min(config.batchSize(), Batch.MAX));
    }

    /**
     * Claims one batch, delivers it in one call and records each message's outcome; the locks hold
     * until the transaction ends. Returns how many it claimed, or 0 when the round ends (no token, or
     * the receiver's circuit open).
     */
    int relayBatch() {
        List<OutboxRepository.Claimed> due = messages.claimDue(receiver.name(), clock.instant(), batchSize());
        if (due.isEmpty()) {
            return 0;
        }
        List<Integer> statuses;
        String failure = null;
        boolean endRound = false;
        try {
            statuses = deliver(due);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            statuses = Collections.nCopies(due.size(), status);
            failure = "HTTP " + status + ": " + e.getMessage();
        } catch (Exception e) {
            statuses = Collections.nCopies(due.size(), 0);   // no answer: unreachable, timeout, circuit open, no token
            failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            endRound = KeycloakCalls.tokenMissing(e) || receiver.circuitOpen(e);
        }
        record(due, statuses, failure);
        return endRound ? 0 : due.size();
    }

    /** Each message's outcome from its status (0: no answer), recorded in one statement. */
    private void record(List<OutboxRepository.Claimed> due, List<Integer> statuses, String failure) {
        Instant now = clock.instant();
        List<OutboxRepository.Attempt> attempts = new ArrayList<>(due.size());
        List<String> refused = new ArrayList<>();
        Map<Integer, List<Journal.Change>> refusals = new TreeMap<>();
        int delivering = 0;
        int retrying = 0;
        for (int i = 0; i < due.size(); i++) {
            OutboxRepository.Claimed message = due.get(i);
            int status = statuses.get(i);
            DeliveryOutcome outcome = status == 0 ? DeliveryOutcome.RETRY : DeliveryOutcome.ofStatus(status);
            String error = failure != null ? failure : "HTTP " + status;
            switch (outcome) {
                case DELIVERED -> {
                    attempts.add(new OutboxRepository.Attempt(message.id(), OutboxMessage.Status.DELIVERED, null, null, now));
                    delivering++;
                }
                case REFUSED -> {
                    attempts.add(new OutboxRepository.Attempt(message.id(), OutboxMessage.Status.DEAD, error, null, null));
                    refused.add(message.id() + " (" + message.key() + ")");
                    refusals.computeIfAbsent(status, s -> new ArrayList<>()).add(new Journal.Change("outbox:" + message.id(), null,
                            Map.of("key", message.key(), "error", error)));
                }
                case RETRY -> {
                    attempts.add(new OutboxRepository.Attempt(message.id(), OutboxMessage.Status.PENDING, error,
                            now.plus(backoff(message.attempts() + 1)), null));
                    retrying++;
                }
            }
        }
        messages.record(attempts);
        refusals.forEach((status, changes) -> journal.recordAllBySystem(
                "refused by " + receiver.name() + "-service with " + status, "outbox.dead", changes));
        delivered.increment(delivering);
        dead.increment(refused.size());
        failedAttempts.increment(retrying);
        if (!refused.isEmpty()) {
            Log.warnf("%d outbox messages refused by %s, parked as dead: %s", refused.size(), receiver.name(),
                    String.join(", ", refused));
        }
        if (retrying > 0) {
            Log.debugf("%d outbox messages not delivered to %s, retried later: %s", retrying, receiver.name(),
                    failure != null ? failure : "their own statuses");
        }
    }

    /**
     * The HTTP call runs with the relay's transaction suspended: the claimed rows stay locked (the
     * database transaction is still open), but the JTA context is not propagated to the rest client's
     * event-loop threads, where it could still be associated when the relay commits, failing the
     * commit ("Enlisted connection used without active transaction", quarkusio/quarkus#18689) and
     * undoing the batch's outcomes. The call is a span of its own, linked to each message's trace.
     */
    private List<Integer> deliver(List<OutboxRepository.Claimed> due) throws Exception {
        List<RawValue> payloads = new ArrayList<>(due.size());
        for (OutboxRepository.Claimed message : due) {
            payloads.add(new RawValue(message.payload()));   // as stored: not parsed, written as it is into the batch
        }
        Transaction claim = transactions.suspend();
        try {
            return traces.within(null, "outbox deliver " + receiver.name(), () -> {
                Span span = Span.current();
                span.setAttribute("messaging.batch.message_count", due.size());
                for (OutboxRepository.Claimed message : due) {
                    SpanContext context = spanContext(message.traceparent());
                    if (context.isValid()) {
                        span.addLink(context);
                    }
                }
                return receiver.deliver(payloads);
            });
        } finally {
            if (claim != null) {
                transactions.resume(claim);
            }
        }
    }

    /** The span a stored W3C {@code traceparent} names; invalid when there is none or it is not one. */
    static SpanContext spanContext(String traceparent) {
        if (traceparent == null || traceparent.length() != 55) {
            return SpanContext.getInvalid();
        }
        String[] parts = traceparent.split("-");
        if (parts.length != 4 || parts[3].length() != 2) {
            return SpanContext.getInvalid();
        }
        try {
            return SpanContext.createFromRemoteParent(parts[1], parts[2], TraceFlags.fromHex(parts[3], 0), TraceState.getDefault());
        } catch (RuntimeException notHex) {
            return SpanContext.getInvalid();
        }
    }

    /** initial × 2^(attempts−1), at most the configured maximum. */
    Duration backoff(int attempts) {
        Duration delay = config.initialBackoff();
        for (int i = 1; i < attempts && delay.compareTo(config.maxBackoff()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : delay;
    }
}
