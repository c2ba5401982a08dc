package fr.barometre.reporting.catchup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The catch-up with scoring-service's feed ({@link FactCatchUp}). */
@ConfigMapping(prefix = "barometre.catch-up")
public interface CatchUpConfig {

    /** How often the catch-up reads the feed (a duration, as the scheduler takes it). */
    @WithDefault("30s")
    String interval();

    /** Facts asked per page of the feed. */
    @WithDefault("500")
    int pageSize();
}
