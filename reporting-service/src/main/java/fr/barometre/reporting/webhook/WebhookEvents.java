package fr.barometre.reporting.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.reporting.audit.WritesAtCommit;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import static fr.barometre.reporting.audit.WritesAtCommit.text;

/**
 * Writes events to tell subscribers of, in the transaction of the change they tell of (a change rolled back
 * leaves no event; written as it commits, with its journal entries: {@link WritesAtCommit}), with one pending
 * delivery per active subscription to the event's type at that moment. When no active subscription wants the
 * type, nothing is written: a national edition arriving while nobody subscribes costs one indexed read per batch
 * or per single change.
 * <p>
 * A batch's events ({@link #emitAll}, {@link #emitEach} of many) are addressed as they are written: the read of
 * the subscriptions wanting the type names their clients, and an event about an authority gets a delivery only for
 * the subscriptions whose client's partner scope covers it then ({@link SubscriberScopes}, kept briefly), or whose
 * scope cannot be read now; an event that no subscriber in scope is to be told of is not written. A national edition
 * arriving while a partner of one network subscribes so writes the deliveries of that network, not one per authority
 * settled out of scope afterwards. The scope is checked again at delivery: a scope narrowed meanwhile still stops
 * them. A single change's event (one statement, no read first) gets a delivery per subscription, checked at delivery.
 */
@ApplicationScoped
public class WebhookEvents {

    /** Every event of one type in one statement: the events (as a JSON array) and their deliveries. */
    static final String EMIT = """
            with subscribed as (
                select id from webhook_subscription where disabled_at is null and ? = any(events)
            ), event as (
                insert into webhook_event (type, campaign, siren, networks, payload)
                select ?, e.campaign, e.siren, coalesce(e.networks, '{}'),
                       jsonb_build_object('type', ?,
                                          'timestamp', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                          'data', e.data)
                from jsonb_to_recordset(?::jsonb) as e(campaign text, siren text, networks text[], data jsonb)
                where exists (select 1 from subscribed)
                returning id
            )
            insert into webhook_delivery (event_id, subscription_id)
            select event.id, subscribed.id from event cross join subscribed
            """;

    /** The active subscriptions wanting a type, with their clients. */
    private static final String SUBSCRIBERS = """
            select id, client_id from webhook_subscription where disabled_at is null and ? = any(events)
            """;

    /**
     * A batch's events, each with the subscriptions to deliver it to (a JSON array of the events' rows, each with
     * its {@code subscriptions}): the events and their deliveries in one statement. The events' keys are drawn
     * first (a CTE used twice is computed once), so that each delivery names its event.
     */
    static final String EMIT_ADDRESSED = """
            with e as (
                select time_ordered_uuid() as id, e.campaign, e.siren, e.networks, e.data, e.subscriptions
                from jsonb_to_recordset(?::jsonb) as e(campaign text, siren text, networks text[], data jsonb, subscriptions uuid[])
            ), event as (
                insert into webhook_event (id, type, campaign, siren, networks, payload)
                select e.id, ?, e.campaign, e.siren, coalesce(e.networks, '{}'),
                       jsonb_build_object('type', ?,
                                          'timestamp', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                          'data', e.data)
                from e
            )
            insert into webhook_delivery (event_id, subscription_id)
            select e.id, s.id from e cross join unnest(e.subscriptions) as s(id)
            """;

    /** One event for one subscription (a ping), whatever the types it subscribes to. */
    private static final String EMIT_TO = """
            with event as (
                insert into webhook_event (type, campaign, siren, networks, payload)
                values (?, ?, ?, coalesce(?::text[], '{}'),
                        jsonb_build_object('type', ?,
                                           'timestamp', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                           'data', ?::jsonb))
                returning id
            )
            insert into webhook_delivery (event_id, subscription_id)
            select event.id, ? from event
            returning id
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Inject
    WritesAtCommit writes;

    @Inject
    SubscriberScopes scopes;

    /** One event, in the caller's transaction: one statement, whether or not anyone subscribes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void emit(WebhookEvent event) {
        write(event.type(), List.of(event));
    }

    /**
     * Many events of one type, in the caller's transaction. {@code events} is asked for only when an
     * active subscription wants the type, so that a batch nobody listens to builds no event; each is addressed
     * to the subscriptions whose client's scope covers its authority (above), and written only if it has one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void emitAll(String type, Supplier<List<WebhookEvent>> events) {
        List<Subscriber> subscribers = subscribers(type);
        if (subscribers.isEmpty()) {
            return;
        }
        List<WebhookEvent> all = events.get();
        for (WebhookEvent event : all) {
            requireType(type, event);
        }
        Addressing addressing = new Addressing(subscribers);
        List<Map<String, Object>> rows = new ArrayList<>(all.size());
        for (WebhookEvent event : all) {
            List<UUID> to = addressing.to(event);
            if (!to.isEmpty()) {
                Map<String, Object> row = row(event);
                row.put("subscriptions", to);
                rows.add(row);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        try {
            writes.add(EMIT_ADDRESSED, text(json.writeValueAsString(rows)), text(type), text(type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the " + type + " events", e);
        }
    }

    /** An active subscription wanting a type, and its client. */
    private record Subscriber(UUID id, String clientId) {
    }

    private List<Subscriber> subscribers(String type) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement subscribed = connection.prepareStatement(SUBSCRIBERS)) {
            subscribed.setString(1, type);
            List<Subscriber> found = new ArrayList<>();
            try (ResultSet rows = subscribed.executeQuery()) {
                while (rows.next()) {
                    found.add(new Subscriber(rows.getObject(1, UUID.class), rows.getString(2)));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the webhook subscriptions", e);
        }
    }

    /**
     * Who of a batch's subscribers is to be told of each event: every one for an event naming no authority; for
     * an authority's, those whose client's scope covers it, and those whose scope cannot be read now (asked once a
     * batch: told, and checked again at delivery).
     */
    private final class Addressing {
        private final List<Subscriber> subscribers;
        private final Set<String> unknown = new HashSet<>();

        Addressing(List<Subscriber> subscribers) {
            this.subscribers = subscribers;
        }

        List<UUID> to(WebhookEvent event) {
            List<UUID> to = new ArrayList<>(subscribers.size());
            for (Subscriber s : subscribers) {
                if (event.siren() == null || mayBeTold(s.clientId(), event)) {
                    to.add(s.id());
                }
            }
            return to;
        }

        private boolean mayBeTold(String clientId, WebhookEvent event) {
            if (unknown.contains(clientId)) {
                return true;
            }
            try {
                return scopes.covers(clientId, event.siren(), event.networks());
            } catch (SubscriberScopes.ScopeUnknown e) {
                unknown.add(clientId);
                return true;
            }
        }
    }

    /**
     * The events of {@code items}, one each, in the caller's transaction. One item's event is written by one
     * statement (that writes nothing when nobody subscribes); many are built only when an active subscription
     * wants the type ({@link #emitAll}: one indexed read first), so that a batch nobody listens to builds none.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> void emitEach(String type, List<T> items, Function<T, WebhookEvent> event) {
        if (items.size() == 1) {
            emit(event.apply(items.get(0)));
            return;
        }
        emitAll(type, () -> items.stream().map(event).toList());
    }

    /** One event for one subscription only (a ping), in the caller's transaction; the id of its delivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public java.util.UUID emitTo(java.util.UUID subscription, WebhookEvent event) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(EMIT_TO)) {
            insert.setString(1, event.type());
            insert.setString(2, event.campaign());
            insert.setString(3, event.siren());
            insert.setArray(4, connection.createArrayOf("text", event.networks().toArray()));
            insert.setString(5, event.type());
            insert.setString(6, json.writeValueAsString(event.data()));
            insert.setObject(7, subscription);
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                return rows.getObject(1, java.util.UUID.class);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the " + event.type() + " event", e);
        }
    }

    /** The events' statement, written with the transaction's journal entries as it commits ({@link WritesAtCommit}). */
    private void write(String type, List<WebhookEvent> events) {
        for (WebhookEvent event : events) {
            requireType(type, event);
        }
        try {
            writes.add(EMIT, text(type), text(type), text(type), text(json.writeValueAsString(rows(events))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the " + type + " events", e);
        }
    }

    private static void requireType(String type, WebhookEvent event) {
        if (!type.equals(event.type())) {
            throw new IllegalArgumentException("An event of type " + event.type() + " among events of type " + type);
        }
    }

    private static List<Map<String, Object>> rows(List<WebhookEvent> events) {
        List<Map<String, Object>> rows = new ArrayList<>(events.size());
        for (WebhookEvent event : events) {
            rows.add(row(event));
        }
        return rows;
    }

    private static Map<String, Object> row(WebhookEvent event) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("campaign", event.campaign());
        row.put("siren", event.siren());
        row.put("networks", event.networks());
        row.put("data", event.data());
        return row;
    }
}
