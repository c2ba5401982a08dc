package fr.barometre.scoring.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The outbox relay's settings, the same in every service that has an outbox. */
@ConfigMapping(prefix = "barometre.outbox")
public interface OutboxConfig {

    /** How often the relay looks for due messages (read by its schedule). */
    @WithDefault("2s")
    Duration relayInterval();

    /** Messages claimed per relay transaction and posted in one call (at most {@link Batch#MAX}). */
    @WithDefault("500")
    int batchSize();

    /**
     * The transaction of one batch holds its messages' locks while they are posted: long enough for
     * the call (the receiver's read timeout); past it, the batch is simply sent again.
     */
    @WithDefault("300")
    int batchTimeoutSeconds();

    /** Delay before the second attempt; doubled at each further failure. */
    @WithDefault("1s")
    Duration initialBackoff();

    /** The longest delay between two attempts. */
    @WithDefault("5m")
    Duration maxBackoff();
}
