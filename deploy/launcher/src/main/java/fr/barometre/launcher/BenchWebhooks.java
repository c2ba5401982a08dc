package fr.barometre.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The webhooks flowing during a bench run, so that their cost is in the figures: a {@link WebhookReceiver}
 * of the bench's own, subscribed by the partner (its own token) to every event of the three services before
 * the intake, each phase's deliveries waited for ({@link #drain}), the subscriptions deleted at the end.
 * A subscription a service refuses (no webhooks there yet, an address it does not allow) is reported, not
 * fatal: the run goes on without it. {@link #rows} reads, from each service's database, the webhook rows
 * and the journal's entries, with webhooks or without.
 */
final class BenchWebhooks implements AutoCloseable {

    /** The events of each service, as a subscription asks for them. */
    static final Map<String, List<String>> EVENTS = Map.of(
            Stack.SURVEY, List.of("response.submitted", "response.reopened", "campaign.opened", "campaign.closed"),
            Stack.SCORING, List.of("assessment.updated"),
            Stack.REPORTING, List.of("edition.published"));
    /** Each service's database. */
    static final Map<String, String> DATABASES = databases();
    /** How often the databases are asked whether deliveries are pending: counting costs PostgreSQL a little. */
    private static final long POLL_MS = 1000;

    private final Map<String, String> serviceUrls;
    private final Floors floors;
    private final Supplier<String> token;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Per service: the subscription's id, or why there is none. */
    private final Map<String, String> subscriptions = new LinkedHashMap<>();
    private final Map<String, String> refusals = new LinkedHashMap<>();
    private WebhookReceiver receiver;

    /**
     * @param serviceUrls each service's base URL, by its name ({@link Stack#SURVEY}…)
     * @param token       the subscriber's access token (a partner's: it subscribes for itself)
     */
    BenchWebhooks(Map<String, String> serviceUrls, Floors floors, Supplier<String> token) {
        this.serviceUrls = serviceUrls;
        this.floors = floors;
        this.token = token;
    }

    private static Map<String, String> databases() {
        Map<String, String> databases = new LinkedHashMap<>();
        databases.put(Stack.SURVEY, "survey");
        databases.put(Stack.SCORING, "scoring");
        databases.put(Stack.REPORTING, "reporting");
        return databases;
    }

    /**
     * Starts the receiver (once) and subscribes it to each service's events; a refusal is said and kept for the
     * report. Called again after {@link #unsubscribe()}, it makes new subscriptions, with new secrets.
     */
    void subscribe() throws IOException, InterruptedException {
        if (receiver == null) {
            receiver = WebhookReceiver.start();
        }
        for (String service : DATABASES.keySet()) {
            String body = Http.JSON.writeValueAsString(Map.of("url", receiver.url(service), "events", EVENTS.get(service)));
            HttpResponse<String> reply = send("POST", serviceUrls.get(service) + "/webhooks", body);
            if (reply.statusCode() / 100 == 2) {
                JsonNode created = Http.JSON.readTree(reply.body());
                subscriptions.put(service, created.path("id").asText());
                receiver.secret(service, created.path("secret").asText(null));
                Console.info("bench: webhooks: " + service + " " + EVENTS.get(service) + " to " + receiver.url(service));
            } else {
                String why = refusal(reply.statusCode(), reply.body());
                refusals.put(service, why);
                Console.warn("bench: webhooks: no subscription to " + service + " (" + why + "); the run goes on without it");
            }
        }
    }

    /** Why a subscription was not made, in a few words: the problem's detail and the fields it names. */
    static String refusal(int status, String body) {
        if (status == 404) {
            return "POST /webhooks answered 404: this service has no webhooks";
        }
        String detail = "";
        try {
            JsonNode problem = Http.JSON.readTree(body);
            detail = problem.path("detail").asText(problem.path("title").asText(""));
            List<String> errors = new java.util.ArrayList<>();
            problem.path("errors").forEach(e -> errors.add(e.path("field").asText("?") + " " + e.path("message").asText()));
            if (!errors.isEmpty()) {
                detail += " (" + String.join("; ", errors) + ")";
            }
        } catch (IOException | RuntimeException notJson) {
            // the status says enough
        }
        return "POST /webhooks answered " + status + (detail.isEmpty() ? "" : ": " + detail);
    }

    /**
     * Waits until none of the subscriptions' deliveries is pending (at most {@code timeoutSeconds} after
     * {@code endNanos}, the end of the phase's intake); returns the seconds from that end to the last request the
     * receiver took and to the moment nothing was pending (null: still pending), and the deliveries left pending.
     */
    ObjectNode drain(long endNanos, double timeoutSeconds) throws SQLException, InterruptedException {
        ObjectNode out = Http.JSON.createObjectNode();
        long pending = pending();
        while (pending > 0 && seconds(endNanos) < timeoutSeconds) {
            Thread.sleep(POLL_MS);
            pending = pending();
        }
        double drained = pending == 0 ? seconds(endNanos) : Double.NaN;
        long last = receiver.lastReceivedNanos();
        out.put("lastReceivedSeconds", last > endNanos ? round((last - endNanos) / 1e9) : 0)
                .put("drainedSeconds", round(drained)).put("pendingLeft", pending);
        if (pending > 0) {
            Console.warn("bench: webhooks: " + pending + " deliveries still pending " + BenchRatios.format(timeoutSeconds)
                    + " s after the intake");
        }
        return out;
    }

    private long pending() throws SQLException {
        long pending = 0;
        for (Map.Entry<String, String> subscription : subscriptions.entrySet()) {
            try (Connection c = floors.connect(DATABASES.get(subscription.getKey()));
                 PreparedStatement p = c.prepareStatement(
                         "select count(*) from webhook_delivery where status = 'PENDING' and subscription_id = ?::uuid")) {
                p.setString(1, subscription.getValue());
                try (ResultSet rows = p.executeQuery()) {
                    rows.next();
                    pending += rows.getLong(1);
                }
            }
        }
        return pending;
    }

    /** The receiver's counts and each service's subscription or why there is none. */
    ObjectNode figures() {
        ObjectNode out = receiver == null ? Http.JSON.createObjectNode() : receiver.figures();
        ObjectNode subscribed = out.putObject("subscriptions");
        for (String service : DATABASES.keySet()) {
            subscribed.put(service, subscriptions.containsKey(service) ? "made" : refusals.getOrDefault(service, "not asked"));
        }
        return out;
    }

    /**
     * From each service's database: the webhook deliveries per status, the webhook events and the journal's
     * entries (a table a service's schema does not have yet counts as nothing there: -1).
     */
    static ObjectNode rows(Floors floors) {
        ObjectNode out = Http.JSON.createObjectNode();
        ObjectNode deliveries = out.putObject("webhookDelivery");
        ObjectNode events = out.putObject("webhookEvent");
        ObjectNode audit = out.putObject("auditEntry");
        for (Map.Entry<String, String> db : DATABASES.entrySet()) {
            ObjectNode statuses = deliveries.putObject(db.getKey());
            for (String status : List.of("PENDING", "DELIVERED", "OUT_OF_SCOPE", "FAILED")) {
                statuses.put(status, 0);
            }
            try (Connection c = floors.connect(db.getValue()); Statement s = c.createStatement()) {
                try (ResultSet rows = s.executeQuery("select status, count(*) from webhook_delivery group by status")) {
                    while (rows.next()) {
                        statuses.put(rows.getString(1), rows.getLong(2));
                    }
                }
                events.put(db.getKey(), count(s, "select count(*) from webhook_event"));
                audit.put(db.getKey(), count(s, "select count(*) from audit_entry"));
            } catch (SQLException e) {
                Console.warn("bench: the webhook and journal rows of " + db.getKey() + " cannot be read: " + e.getMessage());
                events.put(db.getKey(), -1);
                audit.put(db.getKey(), -1);
            }
        }
        return out;
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Whether subscriptions are made (none refused, none deleted since). */
    boolean subscribed() {
        return !subscriptions.isEmpty();
    }

    /** Deletes the subscriptions made (their deliveries with them; wait for them first: {@link #drain}), the receiver kept. */
    void unsubscribe() {
        for (Map.Entry<String, String> subscription : subscriptions.entrySet()) {
            try {
                HttpResponse<String> reply = send("DELETE", serviceUrls.get(subscription.getKey()) + "/webhooks/" + subscription.getValue(), null);
                if (reply.statusCode() / 100 != 2) {
                    Console.warn("bench: webhooks: DELETE of the subscription to " + subscription.getKey() + " answered " + reply.statusCode());
                }
            } catch (IOException | RuntimeException e) {
                Console.warn("bench: webhooks: the subscription to " + subscription.getKey() + " could not be deleted: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        subscriptions.clear();
    }

    /** Deletes the subscriptions made (their deliveries with them) and stops the receiver; a failure is said. */
    @Override
    public void close() {
        unsubscribe();
        if (receiver != null) {
            receiver.close();
        }
    }

    private HttpResponse<String> send(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, application/problem+json")
                .header("Authorization", "Bearer " + token.get())
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? Double.NaN : Math.round(v * 100) / 100.0;
    }
}
