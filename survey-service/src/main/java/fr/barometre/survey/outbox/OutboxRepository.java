package fr.barometre.survey.outbox;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
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
