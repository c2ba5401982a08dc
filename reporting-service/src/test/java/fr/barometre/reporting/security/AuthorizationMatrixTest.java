package fr.barometre.reporting.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.Facts;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import fr.barometre.testing.AuthorizationTable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of the service's own OpenAPI document, called by every kind of caller, against the
 * expected table {@code authorization-matrix.tsv} written from the contract and the README: an
 * operation the table lacks, a row no operation has, or a cell that differs fails the test.
 * <p>
 * The fixtures are an edition of its own, with enough authorities for its figures to be shown,
 * published (so that the public paths have something to show anonymous callers); a cell may also
 * name the source the caller reads ({@code 200["source":"LIVE"]}): analysts and admins read the
 * live figures, everyone else the published ones. No write changes what another cell measures: a
 * delivered fact is of a new authority, and a publication publishes the same facts again. One
 * edition keeps the questionnaire to a single read from survey-service.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class AuthorizationMatrixTest {

    private static final String TABLE = "/authorization-matrix.tsv";
    private static final Path REALM = Path.of("..", "deploy", "keycloak", "barometre-realm.json");
    /** The authority of the other respondent and of the partner out of scope: never the fixtures'. */
    private static final String OTHER = "243500139";
    /** Authorities of an edition besides the one the callers are about: figures over fewer are withheld, not refused. */
    private static final int PEERS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the matrix's subscriptions point (allowed by the tests' allow-local); nothing is delivered during the matrix. */
    private static final String WEBHOOK_URL = "http://127.0.0.1:9/reporting-matrix";

    private int counter;

    /** The objects an operation's path names. */
    record World(String siren, String campaign, Webhook webhook) {
        World withWebhook(Webhook value) {
            return new World(siren, campaign, value);
        }
    }

    /** A webhook subscription of partner-demo (the client of both partner callers), with a failed delivery. */
    record Webhook(String id, String delivery) {
    }

    /** One kind of caller: a name (the table's column) and its token for a world (null: no token). */
    record Caller(String name, Function<World, String> token) {
    }

    @Test
    void everyOperationAnswersEveryCallerAsTheTableSays() throws Exception {
        List<Caller> callers = callers();
        Map<String, List<String>> table = readTable(callers);
        List<String> operations = operations();

        AuthorizationTable.covers(table, operations, TABLE);

        World shared = world();
        List<String> mismatches = new ArrayList<>();
        int calls = 0;
        for (String operation : operations) {
            for (int c = 0; c < callers.size(); c++) {
                Caller caller = callers.get(c);
                String expected = table.get(operation).get(c);
                World world = operation.contains(" /webhooks") ? shared.withWebhook(newWebhook()) : shared;
                Response response;
                try {
                    response = call(operation, world, caller.token().apply(world));
                } finally {
                    if (world.webhook() != null) {
                        dropWebhooks(world.webhook());
                    }
                }
                calls++;
                if (!matches(expected, response)) {
                    String body = response.asString();
                    mismatches.add(operation + " as " + caller.name() + ": expected " + expected + ", got "
                            + response.statusCode() + " " + body.substring(0, Math.min(160, body.length())));
                }
            }
        }
        System.out.printf("Authorization matrix of reporting-service: %d operations x %d callers = %d calls, %d mismatches%n",
                operations.size(), callers.size(), calls, mismatches.size());
        assertEquals(operations.size() * callers.size(), calls);
        assertTrue(mismatches.isEmpty(), mismatches.size() + " cells differ from " + TABLE + ":\n" + String.join("\n", mismatches));
    }

    // ---------------------------------------------------------------------------------------------
    // The callers, the table, the operations
    // ---------------------------------------------------------------------------------------------

    private static List<Caller> callers() throws IOException {
        return List.of(
                new Caller("anonymous", w -> null),
                new Caller("bad-signature", w -> Tokens.signedWithAnotherKey(Tokens.claims("admin", Roles.ADMIN))),
                new Caller("expired", w -> Tokens.expired(Tokens.claims("admin", Roles.ADMIN))),
                new Caller("respondent", w -> Tokens.agent("agent-" + w.siren(), w.siren())),
                new Caller("respondent-other", w -> Tokens.agent("agent-" + OTHER, OTHER)),
                new Caller("partner-in-scope", w -> Tokens.partnerClient("partner-demo", List.of(), List.of(w.siren()))),
                new Caller("partner-out-of-scope", w -> Tokens.partnerClient("partner-demo", List.of(), List.of(OTHER))),
                new Caller("analyst", w -> Tokens.issuedTo(Tokens.APP_CLIENT, Tokens.claims("analyst", Roles.ANALYST))),
                new Caller("admin", w -> Tokens.issuedTo(Tokens.APP_CLIENT, Tokens.claims("admin", Roles.ADMIN))),
                serviceClient("survey-service"),
                serviceClient("scoring-service"),
                serviceClient("reporting-service"));
    }

    /** A service's client, with the realm roles the realm gives its service account. */
    private static Caller serviceClient(String clientId) throws IOException {
        String[] roles = AuthorizationTable.serviceAccountRoles(REALM, clientId);
        return new Caller(clientId, w -> Tokens.serviceClient(clientId, roles));
    }

    /** The expected table: operation → one cell per caller, in the callers' order (checked against the header). */
    private static Map<String, List<String>> readTable(List<Caller> callers) throws IOException {
        try (InputStream in = AuthorizationMatrixTest.class.getResourceAsStream(TABLE)) {
            return AuthorizationTable.read(in, callers.stream().map(Caller::name).toList());
        }
    }

    /** Every operation of the service's OpenAPI document, as "METHOD path", sorted. */
    private static List<String> operations() throws IOException {
        return AuthorizationTable.operations(JSON.readTree(given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString()), 5);
    }

    /** A cell (see {@link AuthorizationTable}) against a reply. */
    static boolean matches(String expected, Response response) {
        return AuthorizationTable.matches(expected, response.statusCode(), response.asString());
    }

    // ---------------------------------------------------------------------------------------------
    // Fixtures and requests
    // ---------------------------------------------------------------------------------------------

    /**
     * The edition: the authority the callers are about and its peers, each with a fact in no
     * network (a partner's scope names the authority by SIREN), published.
     */
    private World world() {
        int n = ++counter;
        String campaign = "authz-" + n;
        String siren = Facts.siren(950, n);
        Facts.fact(campaign, siren).allAt(3).level("NR-1", 3).deliver();
        for (int i = 1; i <= PEERS; i++) {
            Facts.fact(campaign, Facts.siren(951, n * 10 + i)).allAt(i % 5).level("NR-1", i % 5).deliver();
        }
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + campaign + "/publication").then().statusCode(200);
        return new World(siren, campaign, null);
    }

    private Response call(String operation, World w, String token) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1)
                .replace("{code}", w.campaign())
                .replace("{siren}", w.siren())
                .replace("{question}", "NR-1")
                .replace("/webhooks/{id}", "/webhooks/" + (w.webhook() == null ? "none" : w.webhook().id()))
                .replace("{deliveryId}", w.webhook() == null ? "none" : w.webhook().delivery());
        RequestSpecification request = token == null ? given() : given().auth().oauth2(token);
        if (operation.equals("GET /barometers/{code}/cross")) {
            request.queryParam("question", "GOV-PORTAGE");
        }
        if (operation.equals("POST /internal/facts")) {
            request.contentType("application/json").body(Facts.fact(w.campaign(), Facts.siren(952, ++counter)).allAt(2).json());
        }
        if (operation.equals("POST /internal/facts/batch")) {
            request.contentType("application/json").body("{\"messages\": ["
                    + Facts.fact(w.campaign(), Facts.siren(952, ++counter)).allAt(2).json() + "]}");
        }
        if (operation.equals("POST /webhooks")) {
            request.contentType("application/json").body(Map.of("url", WEBHOOK_URL + "-new", "events", List.of("edition.published"),
                    "clientId", "partner-demo"));
        }
        return request.request(method, path);
    }

    /** A subscription of partner-demo to edition.published, with a FAILED delivery of a ping (for the retry). */
    private static Webhook newWebhook() {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("""
                     with subscription as (
                         insert into webhook_subscription (client_id, url, events, secret, created_by)
                         values ('partner-demo', ?, '{edition.published}', 'whsec_bWF0cml4LW1hdHJpeC1tYXRyaXgtbWF0cml4LTAx', 'matrix')
                         returning id
                     ), event as (
                         insert into webhook_event (type, payload) values ('ping', '{"type": "ping", "data": {}}') returning id
                     )
                     insert into webhook_delivery (event_id, subscription_id, status, attempts)
                     select event.id, subscription.id, 'FAILED', 1 from event, subscription
                     returning subscription_id, id
                     """)) {
            s.setString(1, WEBHOOK_URL);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return new Webhook(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The matrix's subscriptions are gone after their call (the world's, and those its POST made), with their deliveries. */
    private static void dropWebhooks(Webhook webhook) {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("delete from webhook_subscription where id::text = ? or url = ?")) {
            s.setString(1, webhook.id());
            s.setString(2, WEBHOOK_URL + "-new");
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
