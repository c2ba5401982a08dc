package fr.barometre.scoring.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;

/**
 * The feed of every assessment, as facts ({@link AssessmentFeedRepository}): a cursor is
 * {@code <txid>:<id>}, the last item's position, and {@code since} takes it back.
 */
@ApplicationScoped
public class AssessmentFeed {

    @Inject
    AssessmentFeedRepository facts;

    @Inject
    ObjectMapper json;

    /** A page as served: each item the stored fact, with its trace context, as PostgreSQL writes it out. */
    public StoredFeedPage stored(String since, int limit) {
        FeedPlace from = FeedPlace.of(since, limit);
        return facts.after(from.txid(), from.id(), limit, from.cursor());
    }

    /** The keys of the page {@link #stored} gives for the same cursor and limit, and the same next cursor. */
    public AssessmentKeysPage keys(String since, int limit) {
        FeedPlace from = FeedPlace.of(since, limit);
        return facts.keysAfter(from.txid(), from.id(), limit, from.cursor());
    }

    /** The same page read as JSON trees (a reader inside this service). */
    public FeedPage page(String since, int limit) {
        StoredFeedPage stored = stored(since, limit);
        List<JsonNode> items = new ArrayList<>(stored.items().size());
        for (RawValue item : stored.items()) {
            try {
                items.add(json.readTree(item.rawValue().toString()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot read the assessment feed", e);
            }
        }
        return new FeedPage(items, stored.nextCursor());
    }
}
