package fr.barometre.scoring.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The audit journal's settings, the same in every service. */
@ConfigMapping(prefix = "barometre.audit")
public interface AuditConfig {

    /** How long an entry is kept: older ones are deleted by {@link AuditRetention}'s purge. */
    @WithDefault("P1826D")
    Duration retention();

    /** When the purge runs (a Quartz-style cron expression, read by its schedule): every night by default. */
    @WithDefault("0 15 3 * * ?")
    String purgeCron();
}
