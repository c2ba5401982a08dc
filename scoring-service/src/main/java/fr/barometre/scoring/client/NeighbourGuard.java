package fr.barometre.scoring.client;

import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The fault tolerance of one kind of call to a neighbour (SmallRye Fault Tolerance): each call is
 * given up after the client's read timeout, and a circuit breaker stops calling a neighbour that
 * failed {@code barometre.neighbours.circuit-breaker.failures} times in a row (no answer in time, no
 * connection, a 5xx). While open, calls fail at once with a {@link CircuitBreakerOpenException}
 * without reaching the neighbour; after {@code barometre.neighbours.circuit-breaker.delay} one call is
 * let through (half-open), and its success closes the circuit. An answer below 500 (a 404, a
 * refusal) is the neighbour working, not a failure; it reaches the caller as the client's
 * {@link WebApplicationException}, as without the guard.
 */
public final class NeighbourGuard {

    private final Guard guard;

    /** {@code name} names the circuit (for {@code CircuitBreakerMaintenance}); {@code neighbour} is said in the logs. */
    NeighbourGuard(String name, String neighbour, Duration timeout, NeighbourConfig config) {
        NeighbourConfig.CircuitBreaker breaker = config.circuitBreaker();
        this.guard = Guard.create()
                .withDescription(neighbour)
                .withTimeout().duration(timeout.toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker()
                    .name(name)
                    .requestVolumeThreshold(breaker.failures())
                    .failureRatio(1.0)
                    .successThreshold(1)
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .when(NeighbourGuard::unavailability)
                    .onStateChange(state -> Log.warnf("Circuit towards %s: %s", neighbour, state))
                    .done()
                .withThreadOffload(false)
                .build();
    }

    /** A blocking call: the neighbour's answer, or the failure (a timeout, the client's, an open circuit). */
    public <T> T call(Callable<T> call, Class<T> type) throws Exception {
        return guard.call(call, type);
    }

    /** A non-blocking call: its outcome arrives within the timeout, or at once while the circuit is open. */
    public <T> Uni<T> read(Supplier<Uni<T>> call) {
        return guard.get(call, new TypeLiteral<Uni<T>>() {
        });
    }

    /** Whether a failure says the neighbour is unavailable (it did not answer, or answered 5xx). */
    static boolean unavailability(Throwable failure) {
        return !(failure instanceof WebApplicationException e && e.getResponse() != null && e.getResponse().getStatus() < 500);
    }

    /** Whether a call was not made because the neighbour's circuit is open. */
    public static boolean circuitOpen(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CircuitBreakerOpenException) {
                return true;
            }
        }
        return false;
    }
}
