package fr.barometre.survey.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.audit.WritesAtCommit;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import static fr.barometre.survey.audit.WritesAtCommit.text;

/**
 * Writes events to tell subscribers of, in the transaction of the change they tell of (a change rolled back
 * leaves no event; written as it commits, with its journal entries: {@link WritesAtCommit}), with one pending
 * delivery per active subscription to the event's type at that moment. When no active subscription wants the
 * type, nothing is written: a national edition arriving while nobody subscribes costs one indexed read per batch
 * or per single change.
 */
@ApplicationScoped
public class WebhookEvents {

    private static final String SUBSCRIBED = """
            select exists (select 1 from webhook_subscription where disabled_at is null and ? = any(events))
            """;

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

    /** One event, in the caller's transaction: one statement, whether or not anyone subscribes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void emit(WebhookEvent event) {
        write(event.type(), List.of(event));
    }

    /**
     * Many events of one type, in the caller's transaction. {@code events} is asked for only when an
     * active subscription wants the type, so that a batch nobody listens to builds no event.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void emitAll(String type, Supplier<List<WebhookEvent>> events) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement subscribed = connection.prepareStatement(SUBSCRIBED)) {
            subscribed.setString(1, type);
            try (ResultSet rows = subscribed.executeQuery()) {
                if (!rows.next() || !rows.getBoolean(1)) {
                    return;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the webhook subscriptions", e);
        }
        List<WebhookEvent> all = events.get();
        if (!all.isEmpty()) {
            write(type, all);
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
            if (!type.equals(event.type())) {
                throw new IllegalArgumentException("An event of type " + event.type() + " among events of type " + type);
            }
        }
        try {
            writes.add(EMIT, text(type), text(type), text(type), text(json.writeValueAsString(rows(events))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the " + type + " events", e);
        }
    }

    private static List<Map<String, Object>> rows(List<WebhookEvent> events) {
        List<Map<String, Object>> rows = new ArrayList<>(events.size());
        for (WebhookEvent event : events) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("campaign", event.campaign());
            row.put("siren", event.siren());
            row.put("networks", event.networks());
            row.put("data", event.data());
            rows.add(row);
        }
        return rows;
    }
}
