package fr.barometre.reporting.webhook;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The subscriptions and deliveries, in plain SQL, in the caller's transaction. */
@ApplicationScoped
public class WebhookRepository {

    private static final String SUBSCRIPTION = """
            select id, client_id, url, events, created_at, created_by, failing_since, disabled_at, disabled_reason
            from webhook_subscription
            """;

    private static final String DELIVERY = """
            select d.id, e.type, d.event_id, d.status, d.attempts, d.last_status_code, d.last_error, d.next_attempt_at,
                   d.delivered_at, d.created_at
            from webhook_delivery d join webhook_event e on e.id = d.event_id
            """;

    /**
     * Claims due deliveries for one round: each is left alone by every other worker (another thread, another
     * replica) for the lease, in a transaction that ends before any call. The lease is a column no index holds
     * (its due time stays as it was), so that a claim is a heap-only update where its page has room. A delivery
     * whose subscription is gone (deleted while the delivery was being written) is never claimed.
     */
    static final String CLAIM = """
            with due as (
                select d.id from webhook_delivery d
                where d.status = 'PENDING' and d.next_attempt_at <= now() and (d.leased_until is null or d.leased_until <= now())
                  and exists (select 1 from webhook_subscription s where s.id = d.subscription_id)
                order by d.next_attempt_at
                limit ?
                for update of d skip locked
            )
            update webhook_delivery d set leased_until = now() + make_interval(secs => ?)
            from due, webhook_event e, webhook_subscription s
            where d.id = due.id and e.id = d.event_id and s.id = d.subscription_id
            returning d.id, d.attempts, e.id, e.type, e.siren, e.networks, e.payload::text,
                      s.id, s.client_id, s.url, s.secret, s.disabled_at is not null
            """;

    @Inject
    AgroalDataSource dataSource;

    /** A delivery claimed by a worker, with what it needs to be made. */
    public record Claimed(UUID id, int attempts, UUID eventId, String type, String siren, Set<String> networks,
                          String payload, UUID subscriptionId, String clientId, String url, String secret, boolean disabled) {
    }

    /** Serializes the creations of one client's subscriptions until the transaction ends; then counts its active ones. */
    public int lockAndCountActive(String clientId) {
        return sql(c -> {
            try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext('webhook_subscription:' || ?))")) {
                lock.setString(1, clientId);
                lock.execute();
            }
            try (PreparedStatement count = c.prepareStatement(
                    "select count(*) from webhook_subscription where client_id = ? and disabled_at is null")) {
                count.setString(1, clientId);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
    }

    public WebhookView insert(String clientId, String url, List<String> events, String secret, String createdBy) {
        return sql(c -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into webhook_subscription (client_id, url, events, secret, created_by) values (?, ?, ?, ?, ?)
                    returning id, client_id, url, events, created_at, created_by, failing_since, disabled_at, disabled_reason
                    """)) {
                insert.setString(1, clientId);
                insert.setString(2, url);
                insert.setArray(3, c.createArrayOf("text", events.toArray()));
                insert.setString(4, secret);
                insert.setString(5, createdBy);
                try (ResultSet rows = insert.executeQuery()) {
                    rows.next();
                    return subscription(rows);
                }
            }
        });
    }

    public Optional<WebhookView> find(UUID id) {
        return sql(c -> {
            try (PreparedStatement select = c.prepareStatement(SUBSCRIPTION + " where id = ?")) {
                select.setObject(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(subscription(rows)) : Optional.empty();
                }
            }
        });
    }

    /** One page of subscriptions, oldest first: a client's, or every client's when {@code clientId} is null. */
    public List<WebhookView> list(String clientId, int page, int size) {
        return sql(c -> {
            try (PreparedStatement select = c.prepareStatement(SUBSCRIPTION
                    + " where (?::text is null or client_id = ?) order by created_at, id offset ? limit ?")) {
                select.setString(1, clientId);
                select.setString(2, clientId);
                select.setLong(3, (long) page * size);
                select.setInt(4, size);
                List<WebhookView> views = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        views.add(subscription(rows));
                    }
                }
                return views;
            }
        });
    }

    public long count(String clientId) {
        return sql(c -> {
            try (PreparedStatement count = c.prepareStatement(
                    "select count(*) from webhook_subscription where (?::text is null or client_id = ?)")) {
                count.setString(1, clientId);
                count.setString(2, clientId);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    /** Deletes a subscription with its deliveries. */
    public boolean delete(UUID id) {
        return update("delete from webhook_subscription where id = ?", id) == 1;
    }

    /** One page of a subscription's deliveries, newest first. */
    public List<DeliveryView> deliveries(UUID subscription, int page, int size) {
        return sql(c -> {
            try (PreparedStatement select = c.prepareStatement(DELIVERY
                    + " where d.subscription_id = ? order by d.created_at desc, d.id offset ? limit ?")) {
                select.setObject(1, subscription);
                select.setLong(2, (long) page * size);
                select.setInt(3, size);
                List<DeliveryView> views = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        views.add(delivery(rows));
                    }
                }
                return views;
            }
        });
    }

    public long countDeliveries(UUID subscription) {
        return sql(c -> {
            try (PreparedStatement count = c.prepareStatement("select count(*) from webhook_delivery where subscription_id = ?")) {
                count.setObject(1, subscription);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }

    public Optional<DeliveryView> delivery(UUID subscription, UUID id) {
        return sql(c -> {
            try (PreparedStatement select = c.prepareStatement(DELIVERY + " where d.subscription_id = ? and d.id = ?")) {
                select.setObject(1, subscription);
                select.setObject(2, id);
                try (ResultSet rows = select.executeQuery()) {
                    return rows.next() ? Optional.of(delivery(rows)) : Optional.empty();
                }
            }
        });
    }

    /** A delivery PENDING again and due now, its attempts counted anew (its last error kept until the next attempt). */
    public void retry(UUID delivery) {
        update("""
                update webhook_delivery set status = 'PENDING', attempts = 0, next_attempt_at = now(), delivered_at = null,
                       leased_until = null
                where id = ?
                """, delivery);
    }

    /** A disabled subscription active again, its failures forgotten. */
    public void enable(UUID subscription) {
        update("""
                update webhook_subscription set disabled_at = null, disabled_reason = null, failing_since = null
                where id = ?
                """, subscription);
    }

    // ---------------------------------------------------------------------------------------------
    // The worker's side
    // ---------------------------------------------------------------------------------------------

    public List<Claimed> claim(int limit, Duration lease) {
        return sql(c -> {
            try (PreparedStatement claim = c.prepareStatement(CLAIM)) {
                claim.setInt(1, limit);
                claim.setDouble(2, lease.toMillis() / 1000.0);
                List<Claimed> claimed = new ArrayList<>();
                try (ResultSet rows = claim.executeQuery()) {
                    while (rows.next()) {
                        claimed.add(new Claimed(rows.getObject(1, UUID.class), rows.getInt(2), rows.getObject(3, UUID.class),
                                rows.getString(4), rows.getString(5), Set.copyOf(strings(rows.getArray(6))), rows.getString(7),
                                rows.getObject(8, UUID.class), rows.getString(9), rows.getString(10), rows.getString(11),
                                rows.getBoolean(12)));
                    }
                }
                return claimed;
            }
        });
    }

    /** A claimed delivery's outcome: the receiver's status (null when none), the error, when to try again (postponed only). */
    public record Settled(Claimed delivery, Integer statusCode, String error, Instant next) {
    }

    /**
     * The guard "still pending" of a round's outcomes, written so that PostgreSQL cannot answer it with the partial
     * index of due deliveries ({@code webhook_delivery_due}, {@code where status = 'PENDING'}): its statistics lag
     * a burst of new deliveries (thousands pending while they say none), and that index, read whole for each
     * round and joined to the round's ids, made every round's record cost as much as all the pending deliveries
     * (O(pending) a round, 20–40 ms at 36,000 pending). Written this way, each of the round's deliveries is found
     * by its primary key (WebhookRoundTest reads the plan).
     */
    static final String STILL_PENDING = "coalesce(d.status, '') = 'PENDING'";

    /**
     * Ends claimed deliveries with a status (DELIVERED, OUT_OF_SCOPE or FAILED), in one statement; each one is
     * left alone if another worker took it over since (its attempts moved on). The ids of those ended.
     */
    static final String FINISH = """
            update webhook_delivery d set status = ?, attempts = d.attempts + ?, last_status_code = coalesce(u.code, d.last_status_code),
                   last_error = u.error, delivered_at = case when ? = 'DELIVERED' then now() end, leased_until = null
            from unnest(?::uuid[], ?::int[], ?::int[], ?::text[], ?::text[]) as u(id, attempts, code, error, next)
            where d.id = u.id and %s and d.attempts = u.attempts
            returning d.id
            """.formatted(STILL_PENDING);

    /** Claimed deliveries tried again each at its {@code next}; guarded as {@link #FINISH}. */
    static final String POSTPONE = """
            update webhook_delivery d set attempts = d.attempts + ?, last_status_code = u.code, last_error = u.error,
                   next_attempt_at = u.next::timestamptz, leased_until = null
            from unnest(?::uuid[], ?::int[], ?::int[], ?::text[], ?::text[]) as u(id, attempts, code, error, next)
            where d.id = u.id and %s and d.attempts = u.attempts
            returning d.id
            """.formatted(STILL_PENDING);

    /**
     * Records claimed deliveries' outcomes, set-based: ended with {@code status}, or tried again later when it is
     * PENDING; their attempts counted when {@code attempted}. Returns the ids recorded: not those another worker
     * took over since they were claimed (their attempts moved on), whose outcome is that worker's.
     */
    public Set<UUID> settle(String status, boolean attempted, List<Settled> outcomes) {
        if (outcomes.isEmpty()) {
            return Set.of();
        }
        boolean postpone = "PENDING".equals(status);
        return sql(c -> {
            try (PreparedStatement update = c.prepareStatement(postpone ? POSTPONE : FINISH)) {
                int i = 1;
                if (!postpone) {
                    update.setString(i++, status);
                }
                update.setInt(i++, attempted ? 1 : 0);
                if (!postpone) {
                    update.setString(i++, status);
                }
                update.setArray(i++, c.createArrayOf("uuid", outcomes.stream().map(o -> o.delivery().id()).toArray()));
                update.setArray(i++, c.createArrayOf("int4", outcomes.stream().map(o -> o.delivery().attempts()).toArray()));
                update.setArray(i++, c.createArrayOf("int4", outcomes.stream().map(Settled::statusCode).toArray()));
                update.setArray(i++, c.createArrayOf("text", outcomes.stream().map(Settled::error).toArray()));
                update.setArray(i, c.createArrayOf("text", outcomes.stream()
                        .map(o -> o.next() == null ? null : o.next().toString()).toArray()));
                Set<UUID> settled = new java.util.HashSet<>();
                try (ResultSet rows = update.executeQuery()) {
                    while (rows.next()) {
                        settled.add(rows.getObject(1, UUID.class));
                    }
                }
                return settled;
            }
        });
    }

    /** Deliveries to these subscriptions succeeded: they are failing no more. */
    public void succeeded(java.util.Collection<UUID> subscriptions) {
        if (subscriptions.isEmpty()) {
            return;
        }
        sql(c -> {
            try (PreparedStatement update = c.prepareStatement(
                    "update webhook_subscription set failing_since = null where id = any(?) and failing_since is not null")) {
                update.setArray(1, c.createArrayOf("uuid", subscriptions.toArray()));
                return update.executeUpdate();
            }
        });
    }

    /**
     * A delivery to the subscription failed: failing since now if it was not yet. When it has been failing
     * for {@code disableAfter}, disables it and returns since when it failed (else null).
     */
    public Instant failed(UUID subscription, Duration disableAfter, String reasonSuffix) {
        return sql(c -> {
            try (PreparedStatement mark = c.prepareStatement(
                    "update webhook_subscription set failing_since = now() where id = ? and failing_since is null")) {
                mark.setObject(1, subscription);
                mark.executeUpdate();
            }
            try (PreparedStatement disable = c.prepareStatement("""
                    update webhook_subscription
                    set disabled_at = now(),
                        disabled_reason = 'failing since ' || to_char(failing_since at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ?
                    where id = ? and disabled_at is null and failing_since <= now() - make_interval(secs => ?)
                    returning failing_since
                    """)) {
                disable.setString(1, reasonSuffix);
                disable.setObject(2, subscription);
                disable.setDouble(3, disableAfter.toMillis() / 1000.0);
                try (ResultSet rows = disable.executeQuery()) {
                    return rows.next() ? rows.getObject(1, OffsetDateTime.class).toInstant() : null;
                }
            }
        });
    }

    // ---------------------------------------------------------------------------------------------

    private static WebhookView subscription(ResultSet rows) throws SQLException {
        Instant disabledAt = instant(rows, "disabled_at");
        return new WebhookView(rows.getObject("id", UUID.class), rows.getString("client_id"), rows.getString("url"),
                strings(rows.getArray("events")), disabledAt == null ? WebhookView.Status.ACTIVE : WebhookView.Status.DISABLED,
                instant(rows, "created_at"), rows.getString("created_by"), instant(rows, "failing_since"), disabledAt,
                rows.getString("disabled_reason"), null);
    }

    private static DeliveryView delivery(ResultSet rows) throws SQLException {
        return new DeliveryView(rows.getObject(1, UUID.class), rows.getString(2), rows.getObject(3, UUID.class), rows.getString(4),
                rows.getInt(5), (Integer) rows.getObject(6), rows.getString(7), instant(rows, "next_attempt_at"),
                instant(rows, "delivered_at"), instant(rows, "created_at"));
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private int update(String statement, UUID id) {
        return sql(c -> {
            try (PreparedStatement update = c.prepareStatement(statement)) {
                update.setObject(1, id);
                return update.executeUpdate();
            }
        });
    }

    private interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private <T> T sql(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.on(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Webhook storage failed: " + e.getMessage(), e);
        }
    }
}
