package fr.barometre.scoring.catchup;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import java.util.List;

/**
 * How far this service has read a neighbour's feed: one cursor per feed in {@code feed_cursor},
 * each read and moved in a transaction of its own.
 */
@ApplicationScoped
public class FeedCursorStore {

    @Inject
    EntityManager em;

    /** The cursor kept for a feed; null before its first page. */
    String cursor(String feed) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> rows = em.createNativeQuery("select cursor from feed_cursor where feed = ?1")
                    .setParameter(1, feed).getResultList();
            return rows.isEmpty() ? null : rows.get(0);
        });
    }

    /**
     * Moves a feed's cursor from {@code from} to {@code to}, only if no one moved it meanwhile (a
     * compare-and-set); false when someone did, and the cursor is left as they set it.
     */
    boolean advance(String feed, String from, String to) {
        return QuarkusTransaction.requiringNew().call(() -> (from == null
                ? em.createNativeQuery("""
                        insert into feed_cursor (feed, cursor, updated_at) values (?1, ?2, now())
                        on conflict (feed) do nothing""")
                : em.createNativeQuery("""
                        update feed_cursor set cursor = ?2, updated_at = now() where feed = ?1 and cursor = ?3""")
                        .setParameter(3, from))
                .setParameter(1, feed).setParameter(2, to).executeUpdate() == 1);
    }
}
