package fr.barometre.survey.outbox;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

@ApplicationScoped
public class OutboxRepository implements PanacheRepository<OutboxMessage> {

    /**
     * A claimed message: what the relay sends and what it needs to record the attempt. Its payload is the
     * stored jsonb's text, always one whole JSON value (PostgreSQL wrote it from a jsonb value).
     */
    public record Claimed(long id, String key, String payload, String traceparent, int attempts) {
    }

    /** The outcome of one attempt at a claimed message, recorded by {@link #record}. */
    public record Attempt(long id, OutboxMessage.Status status, String lastError, Instant nextAttemptAt,
                          Instant deliveredAt) {
    }

    /** {@link #claimDue}'s statement. */
    static final String CLAIM = """
            select id, message_key, cast(payload as text), traceparent, attempts from outbox_message
            where status = 'PENDING' and next_attempt_at <= :now and destination = :destination
            order by next_attempt_at, id
            limit :limit
            for update skip locked""";

    /**
     * The next due messages to a destination, in the order they fell due (then of writing: a new message
     * falls due when written), locked for the calling transaction; rows another relay holds are skipped, so
     * no message is claimed by two relays at once. The partial index of pending messages by destination, due
     * time and id is in the claim's own order: a claim reads about as many rows as it claims, however many
     * were delivered before or wait behind.
     */
    @SuppressWarnings("unchecked")
    public List<Claimed> claimDue(String destination, Instant now, int limit) {
        List<Object[]> rows = getEntityManager().createNativeQuery(CLAIM)
                .setParameter("now", now)
                .setParameter("destination", destination)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(r -> new Claimed(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                ((Number) r[4]).intValue())).toList();
    }

    /** Records the attempts at claimed messages (each counted once more) in one statement. */
    public void record(List<Attempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        int n = attempts.size();
        Long[] ids = new Long[n];
        String[] statuses = new String[n];
        String[] errors = new String[n];
        String[] next = new String[n];
        String[] delivered = new String[n];
        for (int i = 0; i < n; i++) {
            Attempt a = attempts.get(i);
            ids[i] = a.id();
            statuses[i] = a.status().name();
            errors[i] = a.lastError();
            next[i] = a.nextAttemptAt() == null ? null : a.nextAttemptAt().toString();
            delivered[i] = a.deliveredAt() == null ? null : a.deliveredAt().toString();
        }
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    update outbox_message m
                    set status = u.status, attempts = m.attempts + 1, last_error = u.last_error,
                        next_attempt_at = coalesce(cast(u.next_attempt_at as timestamptz), m.next_attempt_at),
                        delivered_at = cast(u.delivered_at as timestamptz)
                    from unnest(cast(? as bigint[]), cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]))
                         as u(id, status, last_error, next_attempt_at, delivered_at)
                    where m.id = u.id""")) {
                update.setArray(1, connection.createArrayOf("bigint", ids));
                update.setArray(2, connection.createArrayOf("text", statuses));
                update.setArray(3, connection.createArrayOf("text", errors));
                update.setArray(4, connection.createArrayOf("text", next));
                update.setArray(5, connection.createArrayOf("text", delivered));
                update.executeUpdate();
            }
        });
    }

    /**
     * Inserts many messages for a destination, PENDING and due at {@code now}, in the current transaction
     * ({@link RowsInsert}: one parameter per value, each payload parsed once as jsonb); their ids follow the
     * order of the lists (same length, one element a message).
     */
    public void insertAll(String destination, List<String> keys, List<String> payloads, List<String> traceparents,
                          Instant now) {
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        List<Integer> rows = IntStream.range(0, keys.size()).boxed().toList();
        getEntityManager().unwrap(Session.class).doWork(connection -> RowsInsert.insert(connection, """
                        insert into outbox_message (message_key, destination, payload, traceparent, created_at, next_attempt_at)
                        values""", "(?, ?, ?::jsonb, ?, ?, ?)", "", rows, (insert, p, i) -> {
                    insert.setString(p, keys.get(i));
                    insert.setString(p + 1, destination);
                    insert.setString(p + 2, payloads.get(i));
                    insert.setString(p + 3, traceparents.get(i));
                    insert.setObject(p + 4, at);
                    insert.setObject(p + 5, at);
                    return p + 6;
                }));
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
