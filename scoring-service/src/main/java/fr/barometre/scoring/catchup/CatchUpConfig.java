package fr.barometre.scoring.catchup;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The catch-up's reading of survey-service's submission feed ({@link SubmissionCatchUp}). */
@ConfigMapping(prefix = "barometre.catch-up")
public interface CatchUpConfig {

    /** How often the feed is read on from the kept cursor (read by the schedule). */
    @WithDefault("30s")
    Duration interval();

    /** Submissions asked for per page of the feed. */
    @WithDefault("200")
    int pageSize();
}
