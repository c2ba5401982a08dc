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

    /**
     * How long a submission not held is left to deliveries: a page holding one submitted less than this long ago
     * ends the round there (survey-service's outbox is still bringing it), and a later round reads on from it.
     */
    @WithDefault("60s")
    Duration grace();

    /** Submissions asked for per page of the feed. */
    @WithDefault("200")
    int pageSize();
}
