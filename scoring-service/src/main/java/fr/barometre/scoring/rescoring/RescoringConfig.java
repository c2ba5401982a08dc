package fr.barometre.scoring.rescoring;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

@ConfigMapping(prefix = "scoring.rescoring")
public interface RescoringConfig {

    /** How often running jobs are looked for (read by the schedule). */
    @WithDefault("1s")
    Duration interval();

    /** Authorities rescored per transaction: the job's progress moves by a chunk at a time. */
    @WithDefault("200")
    int chunkSize();
}
