package fr.barometre.reporting.client;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The circuit breaker in front of each neighbour ({@link NeighbourGuard}); each neighbour's call has its own circuit. */
@ConfigMapping(prefix = "barometre.neighbours")
public interface NeighbourConfig {

    CircuitBreaker circuitBreaker();

    interface CircuitBreaker {

        /** Consecutive failures (no answer in time, no connection, a 5xx) that open the circuit. */
        @WithDefault("5")
        int failures();

        /** How long an open circuit refuses calls before letting one through (half-open); its success closes it. */
        @WithDefault("30s")
        Duration delay();
    }
}
