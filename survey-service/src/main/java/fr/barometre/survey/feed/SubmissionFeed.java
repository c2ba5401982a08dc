package fr.barometre.survey.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * The catch-up feed of submissions, a page from a cursor: the rows in the order of
 * {@link SubmissionRepository#after}, which never skips a row that commits late. Each item is the
 * stored message with its row's trace context, as PostgreSQL writes it out: not parsed nor written again.
 */
@ApplicationScoped
public class SubmissionFeed {

    @Inject
    SubmissionRepository submissions;

    @Inject
    ObjectMapper json;

    /** A page as served: each item the stored message, with its trace context, as PostgreSQL writes it out. */
    public StoredFeedPage stored(String since, int limit) {
        FeedPlace from = FeedPlace.of(since, limit);
        List<RawValue> items = new ArrayList<>();
        String next = from.cursor();
        for (SubmissionRepository.FeedRow row : submissions.after(from.txid(), from.id(), limit)) {
            items.add(new RawValue(row.message()));   // as PostgreSQL wrote it: one whole JSON value, served as it is
            next = row.txid() + ":" + row.id();
        }
        return new StoredFeedPage(items, next);
    }

    /** The keys of the page {@link #stored} gives for the same cursor and limit, and the same next cursor. */
    public SubmissionKeysPage keys(String since, int limit) {
        FeedPlace from = FeedPlace.of(since, limit);
        List<SubmissionKey> items = new ArrayList<>();
        String next = from.cursor();
        for (SubmissionRepository.KeyRow row : submissions.keysAfter(from.txid(), from.id(), limit)) {
            items.add(row.key());
            next = row.txid() + ":" + row.id();
        }
        return new SubmissionKeysPage(items, next);
    }

    /** The same page read as messages (a reader inside this service). */
    public FeedPage page(String since, int limit) {
        StoredFeedPage stored = stored(since, limit);
        List<SubmissionMessage> items = new ArrayList<>(stored.items().size());
        for (RawValue item : stored.items()) {
            try {
                items.add(json.readValue(item.rawValue().toString(), SubmissionMessage.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot read the submission feed", e);
            }
        }
        return new FeedPage(items, stored.nextCursor());
    }
}
