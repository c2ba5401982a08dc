package fr.barometre.scoring.outbox;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

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

    public long countByStatus(OutboxMessage.Status status) {
        return count("status", status);
    }
}
