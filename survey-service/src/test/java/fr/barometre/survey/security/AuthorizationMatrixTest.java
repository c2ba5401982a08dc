package fr.barometre.survey.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.identity.InMemoryDirectory;
import fr.barometre.survey.identity.IdentityDirectory;
import fr.barometre.survey.identity.NewAgent;
import fr.barometre.survey.registry.Siren;
import fr.barometre.survey.testing.Answers;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Responses;
import fr.barometre.survey.testing.Tokens;
import fr.barometre.testing.AuthorizationTable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of the service's own OpenAPI document, called by every kind of caller, against the
 * expected table {@code authorization-matrix.tsv} written from the contract and the README: an
 * operation the table lacks, a row no operation has, or a cell that differs fails the test.
 * <p>
 * Each write is made on fresh fixtures (an authority created for it, a campaign inviting it, its
 * draft), so that every cell measures the access decision and not what an earlier call changed: fixtures
 * serve the callers of one operation until one is let through (a caller refused with 401 or 403 changed
 * nothing); reads share one set of fixtures. The service reaches Keycloak's admin API through the in-memory
 * directory of the tests, so onboarding and partner scopes answer as they would with Keycloak up.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class AuthorizationMatrixTest {

    private static final String TABLE = "/authorization-matrix.tsv";
    private static final Path REALM = Path.of("..", "deploy", "keycloak", "barometre-realm.json");
    /** An authority of the registry that no fixture campaign invites: the other respondent's and partner's. */
    private static final String RENNES = "243500139";
    private static final String PARTNER_CLIENT = "matrix-partner";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where the matrix's subscriptions point (allowed by the tests' allow-local); nothing is delivered during the matrix. */
    private static final String WEBHOOK_URL = "http://127.0.0.1:9/matrix";

    @Inject
    IdentityDirectory directory;

    private int counter;
    private String questionnaire;
    private List<Map<String, Object>> completeAnswers;

    /** The objects an operation's path names, and their state. */
    record World(String siren, String campaign, String etag, String agentId, long outboxId, Webhook webhook) {
    }

    /** A webhook subscription of the partners' client, with a failed delivery (only where the operation needs one). */
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

        World shared = world("GET");
        List<String> mismatches = new ArrayList<>();
        int calls = 0;
        for (String operation : operations) {
            World fresh = null;
            for (int c = 0; c < callers.size(); c++) {
                Caller caller = callers.get(c);
                String expected = table.get(operation).get(c);
                World world = operation.startsWith("GET ") ? shared : fresh != null ? fresh : world(operation);
                Response response = null;
                try {
                    response = call(operation, world, caller.token().apply(world));
                } finally {
                    // a write refused (401, 403) changed nothing: its fixtures serve the next caller, else they are dropped
                    fresh = world != shared && response != null && refused(response) ? world : null;
                    if (world != shared && fresh == null) {
                        dropOutboxMessage(world.outboxId());
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
            if (fresh != null) {
                dropOutboxMessage(fresh.outboxId());
                dropWebhooks(fresh.webhook());
            }
        }
        dropOutboxMessage(shared.outboxId());
        dropWebhooks(shared.webhook());
        System.out.printf("Authorization matrix of survey-service: %d operations x %d callers = %d calls, %d mismatches%n",
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
                new Caller("respondent-other", w -> Tokens.agent("agent-rennes-metropole", RENNES)),
                new Caller("partner-in-scope", w -> Tokens.partnerClient("partner-demo", List.of(), List.of(w.siren()))),
                new Caller("partner-out-of-scope", w -> Tokens.partnerClient("partner-demo", List.of(), List.of(RENNES))),
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
                .then().statusCode(200).extract().asString()), 21);
    }

    /** Refused at the access check, before anything was read or written. */
    private static boolean refused(Response response) {
        return response.statusCode() == 401 || response.statusCode() == 403;
    }

    /** A cell (see {@link AuthorizationTable}) against a reply. */
    static boolean matches(String expected, Response response) {
        return AuthorizationTable.matches(expected, response.statusCode(), response.asString());
    }

    // ---------------------------------------------------------------------------------------------
    // Fixtures and requests
    // ---------------------------------------------------------------------------------------------

    /**
     * Fresh fixtures for one call: an authority of its own, a campaign inviting it alone (DRAFT where
     * the operation needs one, else OPEN), its complete draft (submitted where the operation reopens
     * it, absent where it creates it), an agent of it and a dead outbox message.
     */
    private World world(String operation) {
        int n = ++counter;
        String siren = newAuthority(n);
        String campaign = "authz-" + n;
        Campaigns.create(campaign, Campaigns.sirens(siren));
        boolean draftCampaign = operation.equals("POST /campaigns/{code}/open") || operation.equals("PUT /campaigns/{code}/questionnaire");
        String etag = null;
        if (!draftCampaign) {
            given().auth().oauth2(Tokens.admin()).post("/campaigns/" + campaign + "/open").then().statusCode(200);
            if (completeAnswers == null) {
                questionnaire = Campaigns.questionnaire(campaign);
                completeAnswers = Answers.complete(questionnaire);
            }
            if (!operation.equals("PUT /campaigns/{code}/responses/{siren}")) {
                etag = Responses.create(Tokens.admin(), campaign, siren, completeAnswers);
            }
            if (operation.equals("POST /campaigns/{code}/responses/{siren}/reopen")) {
                given().auth().oauth2(Tokens.admin()).post(Responses.path(campaign, siren) + "/submission").then().statusCode(200);
            }
        }
        String agent = directory.createAgent(siren, new NewAgent("agent-" + n + "@example.org", "Camille", "Martin")).agent().id();
        boolean outbox = operation.equals("GET") || operation.equals("POST /outbox/{id}/retry");
        boolean webhook = operation.equals("GET") || operation.contains(" /webhooks/");
        return new World(siren, campaign, etag, agent, outbox ? newDeadOutboxMessage(campaign) : 0, webhook ? newWebhook() : null);
    }

    /** An authority the registry lacks, created by an admin: a SIREN of 9 with a valid check digit. */
    private static String newAuthority(int n) {
        String prefix = String.format("9%07d", n);
        String siren = java.util.stream.IntStream.range(0, 10).mapToObj(d -> prefix + d).filter(Siren::isValid).findFirst().orElseThrow();
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("siren", siren, "name", "Commune de la matrice " + n, "kind", "COMMUNE",
                        "population", 1000, "departement", "35", "region", "53"))
                .post("/collectivities").then().statusCode(201);
        return siren;
    }

    private Response call(String operation, World w, String token) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1)
                .replace("{code}", w.campaign())
                .replace("{siren}", w.siren())
                .replace("{clientId}", PARTNER_CLIENT)
                .replace("/outbox/{id}", "/outbox/" + w.outboxId())
                .replace("/agents/{id}", "/agents/" + w.agentId())
                .replace("/webhooks/{id}", "/webhooks/" + (w.webhook() == null ? "none" : w.webhook().id()))
                .replace("{deliveryId}", w.webhook() == null ? "none" : w.webhook().delivery());
        RequestSpecification request = token == null ? given() : given().auth().oauth2(token);
        ((InMemoryDirectory) directory).partnerScopes().put(PARTNER_CLIENT, new PartnerScope(Set.of(), Set.of(w.siren())));
        switch (operation) {
            case "POST /campaigns" -> json(request, Map.of("code", "authz-new-" + (++counter), "audience", Map.of("sirens", List.of(w.siren()))));
            case "PUT /campaigns/{code}/questionnaire" -> request.contentType("application/json").body(questionnaire);
            case "POST /campaigns/{code}/responses/batch" ->
                    json(request, Map.of("responses", List.of(Map.of("siren", w.siren(), "answers", completeAnswers))));
            case "PUT /campaigns/{code}/responses/{siren}" -> json(request, Map.of("answers", completeAnswers));
            case "PATCH /campaigns/{code}/responses/{siren}" ->
                    json(request, Map.of("answers", List.of(Answers.level("DIA-PLAN-FORMATION", 3)))).header("If-Match", w.etag());
            case "POST /collectivities" -> json(request, Map.of("siren", freshSiren(), "name", "Syndicat de la matrice", "kind", "OTHER"));
            case "POST /collectivities/import" -> request
                    .multiPart("communes", "communes.json", "[]".getBytes(StandardCharsets.UTF_8), "application/json")
                    .multiPart("epci", "epci.json", "[]".getBytes(StandardCharsets.UTF_8), "application/json");
            case "PATCH /collectivities/{siren}" -> json(request, Map.of("population", 1234));
            case "POST /collectivities/{siren}/agents" -> json(request, Map.of("email", "new-" + (++counter) + "@example.org"));
            case "POST /webhooks" -> json(request, Map.of("url", WEBHOOK_URL + "-new", "events", List.of("campaign.opened"),
                    "clientId", "partner-demo"));
            case "PUT /partners/{clientId}/scope" -> json(request, Map.of("networks", List.of(), "sirens", List.of(w.siren())));
            default -> {
                // no body
            }
        }
        return request.request(method, path);
    }

    private static RequestSpecification json(RequestSpecification request, Object body) {
        return request.contentType("application/json").body(body);
    }

    /** A valid SIREN no authority has yet, for a creation that is expected to succeed. */
    private String freshSiren() {
        String prefix = String.format("8%07d", ++counter);
        return java.util.stream.IntStream.range(0, 10).mapToObj(d -> prefix + d).filter(Siren::isValid).findFirst().orElseThrow();
    }

    private static long newDeadOutboxMessage(String key) {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("insert into outbox_message (message_key, destination, payload, status, last_error) "
                     + "values (?, 'scoring', '{}'::jsonb, 'DEAD', 'refused by the matrix') returning id")) {
            s.setString(1, "matrix-" + key);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A subscription of the partners' client ({@code partner-demo}) with one failed delivery, written as the service would. */
    private static Webhook newWebhook() {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("""
                     with subscription as (
                         insert into webhook_subscription (client_id, url, events, secret, created_by)
                         values ('partner-demo', ?, '{campaign.opened}', 'whsec_bWF0cml4LW1hdHJpeC1tYXRyaXgtbWF0cml4LTAx', 'matrix')
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

    /** The matrix's subscriptions are gone after their calls (the world's, and those its POST made), with their deliveries. */
    private static void dropWebhooks(Webhook webhook) {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("delete from webhook_subscription where id::text = ? or url = ?")) {
            s.setString(1, webhook == null ? "" : webhook.id());
            s.setString(2, WEBHOOK_URL + "-new");
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The matrix's dead message is gone after its call, whatever a retry made of it: no relay ever sees it. */
    private static void dropOutboxMessage(long id) {
        if (id == 0) {
            return;
        }
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("delete from outbox_message where id = ?")) {
            s.setLong(1, id);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
