package fr.barometre.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The webhook tables of a service's database as its tests write and read them, by plain JDBC: subscriptions
 * put in directly (so that a test of where events are written depends on no endpoint), the events of a type
 * and campaign, their deliveries. The subscriptions it made are deleted by {@link #deleteSubscriptions}
 * (their deliveries with them), so that no other test of the same database writes events for them.
 */
public final class WebhookRows {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Opens a connection to the service's database. */
    @FunctionalInterface
    public interface Database {
        Connection open() throws SQLException;
    }

    /** An event as stored: its row and its payload ({@code type}, {@code timestamp}, {@code data}). */
    public record Event(String id, String type, String campaign, String siren, Set<String> networks, JsonNode payload) {

        public JsonNode data() {
            return payload.get("data");
        }

        /** The names of the payload's {@code data} fields. */
        public Set<String> dataKeys() {
            Set<String> keys = new TreeSet<>();
            data().fieldNames().forEachRemaining(keys::add);
            return keys;
        }

        /** The names of the payload's fields. */
        public Set<String> payloadKeys() {
            Set<String> keys = new TreeSet<>();
            payload.fieldNames().forEachRemaining(keys::add);
            return keys;
        }
    }

    private final Database database;
    private final List<String> made = new ArrayList<>();

    public WebhookRows(Database database) {
        this.database = database;
    }

    /** An active subscription of {@code clientId} to these event types; its id. */
    public String subscribe(String clientId, String... types) {
        String sql = """
                insert into webhook_subscription (client_id, url, events, secret, created_by)
                values (?, ?, ?, 'whsec_dGVzdHMgb2Ygd2hlcmUgZXZlbnRzIGFyZSB3cml0dGVuLi4=', 'test')
                returning id""";
        try (Connection c = database.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, clientId);
            ps.setString(2, "https://" + clientId + ".example.org/hooks");
            ps.setArray(3, c.createArrayOf("text", types));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String id = rs.getString(1);
                made.add(id);
                return id;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Disables a subscription, as a subscription failing for days is. */
    public void disable(String id) {
        update("update webhook_subscription set disabled_at = now(), disabled_reason = 'test' where id = ?::uuid", id);
    }

    /** Deletes the subscriptions this instance made, and their deliveries. */
    public void deleteSubscriptions() {
        for (String id : made) {
            update("delete from webhook_subscription where id = ?::uuid", id);
        }
        made.clear();
    }

    /** The events of a type about a campaign, in the order written. */
    public List<Event> events(String type, String campaign) {
        String sql = """
                select id, type, campaign, siren, networks, payload::text from webhook_event
                where type = ? and campaign = ? order by created_at, siren""";
        try (Connection c = database.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, type);
            ps.setString(2, campaign);
            List<Event> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Array networks = rs.getArray(5);
                    events.add(new Event(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            new TreeSet<>(Arrays.asList((String[]) networks.getArray())), JSON.readTree(rs.getString(6))));
                }
            }
            return events;
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The events of any type about a campaign: how many. */
    public int eventCount(String campaign) {
        return count("select count(*) from webhook_event where campaign = ?", campaign);
    }

    /** The deliveries of an event: the status of each, by subscription id. */
    public Map<String, String> deliveries(String eventId) {
        String sql = "select subscription_id, status from webhook_delivery where event_id = ?::uuid order by subscription_id";
        try (Connection c = database.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, eventId);
            Map<String, String> statuses = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    statuses.put(rs.getString(1), rs.getString(2));
                }
            }
            return statuses;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The deliveries of every event of a type about a campaign: how many. */
    public int deliveryCount(String type, String campaign) {
        return count("""
                select count(*) from webhook_delivery d join webhook_event e on e.id = d.event_id
                where e.type = ? and e.campaign = ?""", type, campaign);
    }

    /** The words a payload never carries: answers, scores, themes. */
    public static Set<String> forbiddenWords(Event event) {
        Set<String> found = new HashSet<>();
        String text = event.payload().toString().toLowerCase();
        for (String word : List.of("answers", "answer", "score", "themes", "level", "index")) {
            if (text.contains("\"" + word + "\"")) {
                found.add(word);
            }
        }
        return found;
    }

    private int count(String sql, String... parameters) {
        try (Connection c = database.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void update(String sql, String parameter) {
        try (Connection c = database.open(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
