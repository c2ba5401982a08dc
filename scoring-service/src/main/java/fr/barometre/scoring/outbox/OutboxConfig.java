package fr.barometre.scoring.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "scoring.outbox")
public interface OutboxConfig {

    /** How often the relay looks for due messages (read by its schedule). */
    @WithDefault("2s")
    Duration relayInterval();

    /** Messages claimed per relay transaction. */
    @WithDefault("50")
    int batchSize();

    /** Delay before the second attempt; doubled at each further failure. */
    @WithDefault("1s")
    Duration initialBackoff();

    /** The longest delay between two attempts. */
    @WithDefault("5m")
    Duration maxBackoff();
}
