package fr.barometre.reporting.audit;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Keeps the journal for the configured retention ({@code barometre.audit.retention}): every night, the
 * entries older than that are deleted, and the purge journals itself, by the system, with the count. It
 * is the only delete of an entry there is.
 */
@ApplicationScoped
public class AuditRetention {

    static final String ACTION = "audit.purged";
    static final String TARGET = "audit";

    @Inject
    AuditEntries entries;

    @Inject
    Journal journal;

    @Inject
    AuditConfig config;

    @Inject
    Clock clock;

    /** Deletes the entries older than the retention, and says how many in the journal. */
    @Scheduled(cron = "${barometre.audit.purge-cron:0 15 3 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    public void purge() {
        Instant cutoff = clock.instant().minus(config.retention());
        int deleted = entries.deleteBefore(cutoff);
        journal.recordBySystem("retention of " + config.retention().toDays() + " days", ACTION, TARGET, null,
                Map.of("deleted", deleted, "before", cutoff.toString()));
        Log.infof("Audit journal: %d entries older than %s deleted", deleted, cutoff);
    }
}
