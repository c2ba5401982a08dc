package fr.barometre.scoring.catchup;

import fr.barometre.scoring.assessment.AssessmentService;
import fr.barometre.scoring.assessment.SubmissionMessage;
import fr.barometre.scoring.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/**
 * Reads survey-service's submission feed from the last cursor and ingests every submission, so
 * that one whose delivery was missed is assessed anyway; the same feed fills a new, empty replica.
 * Ingest is idempotent: submissions already delivered change nothing. Replicas may run it at the
 * same time: the cursor only moves forward (see {@link #advance}).
 */
@ApplicationScoped
public class SubmissionCatchUp {

    static final String FEED = "survey-submissions";

    @Inject
    @RestClient
    SurveyFeedClient survey;

    @Inject
    AssessmentService assessments;

    @Inject
    EntityManager em;

    @ConfigProperty(name = "scoring.catch-up.page-size", defaultValue = "200")
    int pageSize;

    @Scheduled(every = "${scoring.catch-up.interval:30s}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            catchUp();
        } catch (RuntimeException e) {
            Log.warnf("Catch-up from survey-service's feed paused: %s", e.getMessage());
        }
    }

    /** Reads the feed to its end; returns how many submissions it went through. */
    public int catchUp() {
        int seen = 0;
        while (true) {
            String cursor = cursor();
            SubmissionFeedPage page = survey.page(cursor, pageSize);
            List<SubmissionMessage> items = page.items() == null ? List.of() : page.items();
            for (SubmissionMessage m : items) {
                try {
                    assessments.ingest(m);
                } catch (ProblemException e) {
                    if (e.status() == 503) {
                        throw e;   // the questionnaire cannot be read yet: stop here, resume from this cursor
                    }
                    Log.warnf("Feed submission %s:%s:%s refused: %s", m.campaign(), m.siren(), m.revision(), e.detail());
                }
            }
            seen += items.size();
            if (page.nextCursor() != null && !page.nextCursor().equals(cursor) && !advance(cursor, page.nextCursor())) {
                return seen;   // another replica moved the cursor meanwhile: the rest is its to read
            }
            if (items.size() < pageSize) {
                return seen;
            }
        }
    }

    private String cursor() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> rows = em.createNativeQuery("select cursor from feed_cursor where feed = ?1")
                    .setParameter(1, FEED).getResultList();
            return rows.isEmpty() ? null : rows.get(0);
        });
    }

    /**
     * Moves the cursor from the one this round started from to the next, only if no other replica
     * moved it meanwhile: two replicas may read the same page, but the cursor never goes back.
     */
    boolean advance(String from, String to) {
        return QuarkusTransaction.requiringNew().call(() -> (from == null
                ? em.createNativeQuery("""
                        insert into feed_cursor (feed, cursor, updated_at) values (?1, ?2, now())
                        on conflict (feed) do nothing""")
                : em.createNativeQuery("""
                        update feed_cursor set cursor = ?2, updated_at = now() where feed = ?1 and cursor = ?3""")
                        .setParameter(3, from))
                .setParameter(1, FEED).setParameter(2, to).executeUpdate() == 1);
    }
}
