package fr.barometre.scoring.catchup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.scoring.client.SurveyFeed;
import fr.barometre.scoring.client.SurveyFeedPage;
import fr.barometre.scoring.ingest.SubmissionIngest;
import fr.barometre.scoring.ingest.SubmissionMessage;
import fr.barometre.scoring.observability.Traces;
import fr.barometre.scoring.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reads survey-service's submission feed from the last cursor and ingests every submission, so
 * that one whose delivery was missed is assessed anyway; the same feed fills a new, empty replica.
 * Ingest is idempotent: submissions already delivered change nothing. Replicas may run it at the
 * same time: the cursor only moves forward (see {@link #advance}). When survey-service cannot
 * answer (slow, unreachable, its circuit open), the round ends and the next one reads on from the
 * same cursor. Each submission is taken in within the trace context its feed item carries, so that
 * its assessment continues the submission's trace as a delivered one does.
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
    ObjectMapper json;

    @Inject
    Traces traces;

    @Scheduled(every = "${barometre.catch-up.interval:30s}", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            catchUp();
        } catch (RuntimeException e) {
            Log.warnf("Catch-up from survey-service's feed paused until the next round: %s", e.getMessage());
        }
    }

    /** Reads the feed to its end; returns how many submissions it went through. */
    public int catchUp() {
        int seen = 0;
        while (true) {
            String cursor = cursors.cursor(FEED);
            SurveyFeedPage page = survey.page(cursor, config.pageSize());
            for (JsonNode item : page.items()) {
                ingest(item);
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

    /** One item of the feed, taken as a delivery; one this service refuses is logged and passed over. */
    private void ingest(JsonNode item) {
        SubmissionMessage m;
        try {
            m = json.treeToValue(item, SubmissionMessage.class);
        } catch (JsonProcessingException e) {
            Log.warnf("Feed submission refused, not a submission message: %s", e.getOriginalMessage());
            return;
        }
        try {
            traces.within(m.traceparent(), "catch-up submission", () -> submissions.ingest(m));
        } catch (ProblemException e) {
            if (e.status() == 503) {
                throw e;   // the questionnaire cannot be read yet: stop here, resume from this cursor
            }
            Log.warnf("Feed submission %s:%s:%s refused: %s %s", m.campaign(), m.siren(), m.revision(), e.detail(), e.errors());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);   // ingest throws no checked exception
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
