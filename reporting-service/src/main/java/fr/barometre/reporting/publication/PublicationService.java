package fr.barometre.reporting.publication;

import fr.barometre.reporting.audit.Journal;
import fr.barometre.reporting.fact.FactStore;
import fr.barometre.reporting.problem.ProblemException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Publication freezes an edition: the LIVE facts of the campaign, with their themes and answers, are
 * copied into the PUBLISHED source (replacing an earlier publication) in one transaction, so every
 * filter works on the snapshot and later facts leave it alone.
 */
@ApplicationScoped
@Transactional
public class PublicationService {

    @Inject
    PublicationStore store;

    @Inject
    FactStore facts;

    @Inject
    Clock clock;

    @Inject
    Journal journal;

    @Inject
    PublicationEvents webhooks;

    public Publication publish(String campaign, String by) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int copied = store.freeze(campaign);
        if (copied == 0) {
            throw ProblemException.notFound("Reporting holds no assessment of campaign " + campaign + " to publish.");
        }
        Publication publication = new Publication(campaign, now, by, copied, store.record(campaign, now, by, copied));
        webhooks.published(publication);
        journal.record("edition.published", "edition:" + campaign, (long) publication.version(), Map.of("authorities", copied));
        facts.bumpVersion(campaign);
        store.analyze();
        Log.infof("Edition %s published by %s: %d authorities", campaign, by, copied);
        return publication;
    }
}
