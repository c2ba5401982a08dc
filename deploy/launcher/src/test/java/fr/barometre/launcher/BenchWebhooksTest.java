package fr.barometre.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench's webhooks against the services' API as HTTP servers of the test answer it (survey makes the
 * subscription, scoring has no webhooks, reporting refuses the address), and the services' real schemas in
 * the launcher's PostgreSQL.
 */
class BenchWebhooksTest {

    private static final String SUBSCRIPTION = "6f1c1c52-3c1e-4c5e-9a53-1f4f0c8f6a10";
    private static final String OTHER_SUBSCRIPTION = "0b8e6a57-1e7a-4a0c-8c55-7a3e41f1b2c3";

    @TempDir
    static Path data;

    private static Database database;
    private static Floors floors;
    private static HttpServer services;
    private static final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private static final List<String> bodies = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void start() throws Exception {
        database = Database.start(data.resolve("postgres"), 0);
        floors = new Floors("jdbc:postgresql://localhost:" + database.port() + "/");
        Path root = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
        floors.createScratch("survey", root.resolve("survey-service/src/main/resources/db/migration"));
        floors.createScratch("scoring", root.resolve("scoring-service/src/main/resources/db/migration"));
        database.createDatabases(List.of("reporting")); // a schema without the webhook and journal tables
        services = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        services.createContext("/survey/webhooks", exchange -> answer(exchange, 201,
                "{\"id\":\"" + SUBSCRIPTION + "\",\"clientId\":\"partner-demo\",\"secret\":\"whsec_c2VjcmV0LW9mLXRoZS1iZW5jaC1zdWJzY3JpcHRpb24=\"}"));
        services.createContext("/scoring/webhooks", exchange -> answer(exchange, 404, ""));
        services.createContext("/reporting/webhooks", exchange -> answer(exchange, 422,
                "{\"title\":\"Invalid\",\"status\":422,\"detail\":\"The subscription has 1 problem(s)\","
                        + "\"errors\":[{\"field\":\"url\",\"message\":\"is not HTTPS\"}]}"));
        services.start();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization"));
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status == 422 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        services.stop(0);
        database.close();
    }

    @BeforeEach
    void clear() throws Exception {
        calls.clear();
        bodies.clear();
        try (Connection c = floors.connect("survey"); Statement s = c.createStatement()) {
            s.execute("delete from webhook_subscription");
            s.execute("delete from webhook_event");
        }
        try (Connection c = floors.connect("scoring"); Statement s = c.createStatement()) {
            s.execute("delete from audit_entry");
        }
    }

    private static BenchWebhooks webhooks() {
        String base = "http://127.0.0.1:" + services.getAddress().getPort();
        return new BenchWebhooks(Map.of(Stack.SURVEY, base + "/survey", Stack.SCORING, base + "/scoring", Stack.REPORTING, base + "/reporting"),
                floors, () -> "partner-token");
    }

    @Test
    void aSubscriptionAServiceRefusesIsReportedAndTheOthersAreMadeAndDeletedAtTheEnd() throws Exception {
        JsonNode subscriptions;
        try (BenchWebhooks webhooks = webhooks()) {
            webhooks.subscribe();
            subscriptions = webhooks.figures().path("subscriptions");
            assertEquals(List.of("POST /survey/webhooks Bearer partner-token", "POST /scoring/webhooks Bearer partner-token",
                    "POST /reporting/webhooks Bearer partner-token"), calls, "the partner subscribes for itself, to each service");
            JsonNode survey = Http.JSON.readTree(bodies.get(0));
            assertTrue(survey.path("url").asText().matches("http://127\\.0\\.0\\.1:\\d+/survey-service"), survey.toString());
            assertEquals(Http.JSON.valueToTree(BenchWebhooks.EVENTS.get(Stack.SURVEY)), survey.path("events"));
            assertEquals("[\"assessment.updated\"]", Http.JSON.readTree(bodies.get(1)).path("events").toString());
            assertEquals("[\"edition.published\"]", Http.JSON.readTree(bodies.get(2)).path("events").toString());
            calls.clear();
        }
        assertEquals("made", subscriptions.path(Stack.SURVEY).asText());
        assertEquals("POST /webhooks answered 404: this service has no webhooks", subscriptions.path(Stack.SCORING).asText());
        assertEquals("POST /webhooks answered 422: The subscription has 1 problem(s) (url is not HTTPS)", subscriptions.path(Stack.REPORTING).asText());
        assertEquals(List.of("DELETE /survey/webhooks/" + SUBSCRIPTION + " Bearer partner-token"), calls, "only the subscription made is deleted");
    }

    @Test
    void thePhaseIsDrainedWhenNoneOfTheBenchsDeliveriesIsPendingAnymore() throws Exception {
        String delivery = insertDeliveries();
        try (BenchWebhooks webhooks = webhooks()) {
            webhooks.subscribe();
            JsonNode pending = webhooks.drain(System.nanoTime(), 0);
            assertEquals(1, pending.path("pendingLeft").asInt(), "the bench's pending delivery, not the other subscription's");
            assertTrue(Double.isNaN(pending.path("drainedSeconds").asDouble()), "not drained");
            try (Connection c = floors.connect("survey"); Statement s = c.createStatement()) {
                s.execute("update webhook_delivery set status = 'DELIVERED' where id = '" + delivery + "'");
            }
            JsonNode drained = webhooks.drain(System.nanoTime(), 0);
            assertEquals(0, drained.path("pendingLeft").asInt());
            assertTrue(drained.path("drainedSeconds").asDouble() >= 0);
            assertEquals(0, drained.path("lastReceivedSeconds").asDouble(), "nothing received since the phase's end");
        }
    }

    @Test
    void theRowsOfEachDatabaseAreCountedPerStatusAndAMissingTableSaysSo() throws Exception {
        insertDeliveries();
        try (Connection c = floors.connect("scoring"); Statement s = c.createStatement()) {
            s.execute("insert into audit_entry (actor_kind, actor_name, action, target) values ('SYSTEM', 'scoring-service', 'rescoring.finished', 'rescoring:1'),"
                    + " ('USER', 'admin', 'model.created', 'model:bench')");
        }
        JsonNode rows = BenchWebhooks.rows(floors);
        assertEquals(Map.of("PENDING", 2L, "DELIVERED", 1L, "OUT_OF_SCOPE", 1L, "FAILED", 0L), counts(rows.at("/webhookDelivery/" + Stack.SURVEY)));
        assertEquals(4, rows.at("/webhookEvent/" + Stack.SURVEY).asInt());
        assertEquals(0, rows.at("/auditEntry/" + Stack.SURVEY).asInt());
        assertEquals(Map.of("PENDING", 0L, "DELIVERED", 0L, "OUT_OF_SCOPE", 0L, "FAILED", 0L), counts(rows.at("/webhookDelivery/" + Stack.SCORING)));
        assertEquals(2, rows.at("/auditEntry/" + Stack.SCORING).asInt());
        assertEquals(-1, rows.at("/auditEntry/" + Stack.REPORTING).asInt(), "no audit_entry table there");
        assertEquals(-1, rows.at("/webhookEvent/" + Stack.REPORTING).asInt());
    }

    private static Map<String, Long> counts(JsonNode node) {
        Map<String, Long> counts = new java.util.HashMap<>();
        node.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    /**
     * In survey's database: the bench's subscription with one pending, one delivered and one out-of-scope delivery,
     * another subscription with one pending; returns the id of the bench's pending delivery.
     */
    private static String insertDeliveries() throws Exception {
        try (Connection c = floors.connect("survey"); Statement s = c.createStatement()) {
            for (String id : List.of(SUBSCRIPTION, OTHER_SUBSCRIPTION)) {
                s.execute("insert into webhook_subscription (id, client_id, url, events, secret, created_by) values ('" + id
                        + "', 'partner-demo', 'http://127.0.0.1:1/', '{response.submitted}', 'whsec_x', 'bench')");
            }
            String pending = null;
            for (String[] d : List.of(new String[] {SUBSCRIPTION, "PENDING"}, new String[] {SUBSCRIPTION, "DELIVERED"},
                    new String[] {SUBSCRIPTION, "OUT_OF_SCOPE"}, new String[] {OTHER_SUBSCRIPTION, "PENDING"})) {
                try (var rows = s.executeQuery("with e as (insert into webhook_event (type, payload) values ('response.submitted', '{}') returning id)"
                        + " insert into webhook_delivery (event_id, subscription_id, status) select id, '" + d[0] + "', '" + d[1]
                        + "' from e returning id")) {
                    rows.next();
                    if (pending == null) {
                        pending = rows.getString(1);
                    }
                }
            }
            return pending;
        }
    }
}
