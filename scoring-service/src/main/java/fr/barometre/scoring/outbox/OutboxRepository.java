package fr.barometre.scoring.outbox;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxMessage> {

    /**
     * The next due messages, locked for the calling transaction; rows another relay holds are
     * skipped, so no message is claimed by two relays at once.
     */
    @SuppressWarnings("unchecked")
    public List<OutboxMessage> claimDue(Instant now, int limit) {
        return getEntityManager().createNativeQuery("""
                        select * from outbox_message
                        where status = 'PENDING' and next_attempt_at <= :now
                        order by id
                        limit :limit
                        for update skip locked""", OutboxMessage.class)
                .setParameter("now", now)
                .setParameter("limit", limit)
                .getResultList();
    }

    /**
     * Inserts many messages for a destination, PENDING and due at {@code now}, in one statement of the
     * current transaction; their ids follow the order of the lists (same length, one element a message).
     */
    public void insertAll(String destination, List<String> keys, List<String> payloads, List<String> traceparents,
                          Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into outbox_message (message_key, destination, payload, traceparent, created_at, next_attempt_at)
                    select m.message_key, ?, cast(m.payload as jsonb), m.traceparent, ?, ?
                    from unnest(cast(? as text[]), cast(? as text[]), cast(? as text[]))
                         with ordinality as m(message_key, payload, traceparent, n)
                    order by m.n""")) {
                insert.setString(1, destination);
                insert.setObject(2, at);
                insert.setObject(3, at);
                insert.setArray(4, connection.createArrayOf("text", keys.toArray()));
                insert.setArray(5, connection.createArrayOf("text", payloads.toArray()));
                insert.setArray(6, connection.createArrayOf("text", traceparents.toArray()));
                insert.executeUpdate();
            }
        });
    }

    /** How many messages to a destination are in a status. */
    public long count(String destination, OutboxMessage.Status status) {
        return count("destination = ?1 and status = ?2", destination, status);
    }

    /** When the oldest message still waiting for a destination was written; empty when none waits. */
    public Optional<Instant> oldestPending(String destination) {
        return Optional.ofNullable(getEntityManager().createQuery("""
                        select min(m.createdAt) from OutboxMessage m
                        where m.destination = :destination and m.status = :status""", Instant.class)
                .setParameter("destination", destination)
                .setParameter("status", OutboxMessage.Status.PENDING)
                .getSingleResult());
    }
}
