package fr.barometre.reporting.catchup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The catch-up with scoring-service's feed ({@link FactCatchUp}). */
@ConfigMapping(prefix = "barometre.catch-up")
public interface CatchUpConfig {

    /** How often the catch-up reads the feed (a duration, as the scheduler takes it). */
    @WithDefault("30s")
    String interval();

    /**
     * How long a fact not held is left to deliveries: a page holding one assessed less than this long ago ends the
     * round there (scoring-service's outbox is still bringing it), and a later round reads on from it.
     */
    @WithDefault("60s")
    Duration grace();

    /** Facts asked per page of the feed. */
    @WithDefault("500")
    int pageSize();
}
