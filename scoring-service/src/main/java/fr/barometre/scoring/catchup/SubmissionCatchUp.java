package fr.barometre.scoring.catchup;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.scoring.client.SurveyFeed;
import fr.barometre.scoring.client.SurveyFeedPage;
import fr.barometre.scoring.ingest.SubmissionIngest;
import fr.barometre.scoring.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Reads survey-service's submission feed from the last cursor and ingests every submission not held
 * yet, so that one whose delivery was missed is assessed anyway (a page's keys first, the page itself
 * only when one of its submissions is not held, and not while deliveries may still bring it); the same
 * feed fills a new, empty replica.
 * Ingest is idempotent: submissions already delivered change nothing. Replicas may run it at the
 * same time: the cursor only moves forward (see {@link #advance}). When survey-service cannot
 * answer (slow, unreachable, its circuit open), the round ends and the next one reads on from the
 * same cursor. A page is taken in as one batch, in one transaction ({@link SubmissionIngest#ingestAll}),
 * each submission within the trace context its feed item carries, so that its assessment continues the
 * submission's trace as a delivered one does.
 */
@ApplicationScoped
public class SubmissionCatchUp {

    static final String FEED = "survey-submissions";

    @Inject
    SurveyFeed survey;

    @Inject
    SubmissionIngest submissions;

    @Inject
    FeedCursorStore cursors;

    @Inject
    CatchUpConfig config;

    @Inject
    Clock clock;

    @Scheduled(every = "${barometre.catch-up.interval:30s}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            catchUp();
        } catch (RuntimeException e) {
            Log.warnf("Catch-up from survey-service's feed paused until the next round: %s", e.getMessage());
        }
    }

    /**
     * Reads the feed to its end; returns how many submissions it went through. Each page's keys are read
     * first: a page whose submissions are all held already (what deliveries brought since the last round)
     * is passed over on its keys alone; a page missing any is read whole and taken in, unless one of those
     * missing was submitted less than {@code grace} ago: deliveries are still bringing it, and the round
     * ends there (the next reads on from that page).
     */
    public int catchUp() {
        int seen = 0;
        while (true) {
            String cursor = cursors.cursor(FEED);
            SurveyFeedPage page = survey.keys(cursor, config.pageSize());
            List<JsonNode> missing = submissions.notHeld(page.items());
            if (!missing.isEmpty()) {
                Instant recent = clock.instant().minus(config.grace());
                if (missing.stream().anyMatch(key -> KeyTimes.writtenAfter(key, "submittedAt", recent))) {
                    return seen;   // deliveries are still bringing it: the next round reads on from this page
                }
                page = survey.page(cursor, config.pageSize());
                ingest(page.items());
            }
            seen += page.items().size();
            if (page.nextCursor() != null && !page.nextCursor().equals(cursor) && !advance(cursor, page.nextCursor())) {
                return seen;   // another replica moved the cursor meanwhile: the rest is its to read
            }
            if (page.items().size() < config.pageSize()) {
                return seen;
            }
        }
    }

    /**
     * A page of the feed, taken as one batch delivery (one transaction); an item this service refuses
     * for good is logged and passed over. When a questionnaire cannot be read yet, the items that could
     * be are taken, and the round stops there so that the cursor stays: the next round reads the page
     * again (what was taken is taken once).
     */
    private void ingest(List<JsonNode> items) {
        if (items.isEmpty()) {
            return;
        }
        List<SubmissionIngest.Outcome> outcomes = submissions.ingestAll(items, "catch-up submission");
        ProblemException notNow = null;
        for (int i = 0; i < outcomes.size(); i++) {
            ProblemException refusal = outcomes.get(i).refusal();
            if (refusal == null) {
                continue;
            }
            if (refusal.status() == 503) {
                notNow = refusal;
            } else {
                JsonNode item = items.get(i);
                Log.warnf("Feed submission %s:%s:%s refused: %s %s", item.path("campaign").asText(), item.path("siren").asText(),
                        item.path("revision").asText(), refusal.detail(), refusal.errors());
            }
        }
        if (notNow != null) {
            throw notNow;   // the questionnaire cannot be read yet: stop here, resume from this cursor
        }
    }

    /**
     * Moves the cursor from the one this round started from to the next, only if no other replica
     * moved it meanwhile: two replicas may read the same page, but the cursor never goes back.
     */
    boolean advance(String from, String to) {
        return cursors.advance(FEED, from, to);
    }
}
