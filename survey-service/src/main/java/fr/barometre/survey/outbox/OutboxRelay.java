package fr.barometre.survey.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Delivers outbox messages to this service's {@link Receiver}: at least once, retried with exponential
 * backoff, parked as dead on a permanent refusal. Several relays (threads or replicas) never claim the
 * same message at once. While the receiver's circuit is open, an attempt fails without a call (a
 * failed attempt, backed off as any other) and the round ends: the other messages wait for a later
 * round, unattempted. Each delivery is a span of the trace of the request that wrote the message.
 * The backlog, its age and the dead letters are gauges of {@code observability/OutboxMetrics}.
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
    ObjectMapper json;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    @Inject
    TransactionManager transactions;

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
        } while (batch == config.batchSize());
        return claimed;
    }

    /**
     * Claims one batch and attempts each message; the locks hold until the transaction ends. When this
     * service cannot get its token from Keycloak, or the receiver's circuit is open, that attempt
     * fails and the round ends there: the other messages wait for the next round, unattempted, instead
     * of each waiting for Keycloak in turn or being refused by the circuit. Returns how many it claimed,
     * or 0 when the round ends so.
     */
    int relayBatch() {
        List<OutboxMessage> due = messages.claimDue(clock.instant(), config.batchSize());
        for (OutboxMessage message : due) {
            if (!attempt(message)) {
                return 0;
            }
        }
        return due.size();
    }

    /** Attempts one delivery; false when no token could be had for it or the circuit is open. */
    private boolean attempt(OutboxMessage message) {
        message.attempts++;
        DeliveryOutcome outcome;
        String error = null;
        boolean endRound = false;
        try (Response response = deliver(message)) {
            outcome = DeliveryOutcome.ofStatus(response.getStatus());
            error = outcome == DeliveryOutcome.DELIVERED ? null : "HTTP " + response.getStatus();
        } catch (WebApplicationException e) {
            outcome = DeliveryOutcome.ofStatus(e.getResponse().getStatus());
            error = "HTTP " + e.getResponse().getStatus() + ": " + e.getMessage();
        } catch (Exception e) {
            outcome = DeliveryOutcome.RETRY;   // unreachable, token refused, timeout, circuit open: try again later
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            endRound = KeycloakCalls.tokenMissing(e) || receiver.circuitOpen(e);
        }
        Instant now = clock.instant();
        switch (outcome) {
            case DELIVERED -> {
                message.status = OutboxMessage.Status.DELIVERED;
                message.deliveredAt = now;
                message.lastError = null;
                delivered.increment();
            }
            case REFUSED -> {
                message.status = OutboxMessage.Status.DEAD;
                message.lastError = error;
                dead.increment();
                Log.warnf("Outbox message %s (%s) refused by %s, parked as dead: %s",
                        message.id, message.messageKey, message.destination, error);
            }
            case RETRY -> {
                message.lastError = error;
                message.nextAttemptAt = now.plus(backoff(message.attempts));
                failedAttempts.increment();
                Log.debugf("Outbox message %s not delivered (attempt %d), next at %s: %s",
                        message.id, message.attempts, message.nextAttemptAt, error);
            }
        }
        return !endRound;
    }

    /**
     * The HTTP call runs with the relay's transaction suspended: the claimed rows stay locked (the
     * database transaction is still open), but the JTA context is not propagated to the rest client's
     * event-loop threads, where it could still be associated when the relay commits, failing the
     * commit ("Enlisted connection used without active transaction", quarkusio/quarkus#18689) and
     * undoing the batch's outcomes. The call is made within the message's trace, so that the
     * receiver's span continues it.
     */
    private Response deliver(OutboxMessage message) throws Exception {
        JsonNode payload = json.readTree(message.payload);
        Transaction claim = transactions.suspend();
        try {
            return traces.within(message.traceparent, "outbox deliver " + message.destination,
                    () -> receiver.deliver(payload));
        } finally {
            if (claim != null) {
                transactions.resume(claim);
            }
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
