package fr.barometre.scoring.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.scoring.rescoring.RescoringService;
import fr.barometre.scoring.testing.Api;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Submissions;
import fr.barometre.scoring.testing.Tokens;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubCurrentQuestionnaire;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubQuestionnaire;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of the service's own OpenAPI document, called by every kind of caller, against the
 * expected table {@code authorization-matrix.tsv} written from the contract and the README: an
 * operation the table lacks, a row no operation has, or a cell that differs fails the test.
 * <p>
 * The fixtures are a campaign with one assessed authority, a finished rescoring job and a dead
 * outbox message. No write changes what another cell measures: a delivery names a new authority, a
 * model a new id, a preview stores nothing, a rescoring's job is run to its end before the next
 * call, and each retry gets a dead message of its own. One campaign keeps the questionnaire to a
 * single read from survey-service.
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
    /** Where the matrix's subscriptions point (allowed by the tests' allow-local); nothing is delivered during the matrix. */
    private static final String WEBHOOK_URL = "http://127.0.0.1:9/scoring-matrix";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RescoringService rescoring;

    private int counter;

    /** The objects an operation's path names. */
    record World(String siren, String campaign, String version, String job, long outboxId, Webhook webhook) {
        World withOutbox(long id) {
            return new World(siren, campaign, version, job, id, webhook);
        }

        World withWebhook(Webhook value) {
            return new World(siren, campaign, version, job, outboxId, value);
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
                World world = operation.equals("POST /outbox/{id}/retry") ? shared.withOutbox(newDeadOutboxMessage())
                        : operation.contains(" /webhooks") ? shared.withWebhook(newWebhook()) : shared;
                Response response = call(operation, world, caller.token().apply(world));
                calls++;
                if (!matches(expected, response)) {
                    String body = response.asString();
                    mismatches.add(operation + " as " + caller.name() + ": expected " + expected + ", got "
                            + response.statusCode() + " " + body.substring(0, Math.min(160, body.length())));
                }
                if (world.outboxId() != shared.outboxId()) {
                    dropOutboxMessage(world.outboxId());
                }
                if (world.webhook() != null) {
                    dropWebhooks(world.webhook());
                }
                while (rescoring.workOneChunk()) {
                    // a rescoring the call started ends here, leaving no job running for other tests
                }
            }
        }
        dropOutboxMessage(shared.outboxId());
        System.out.printf("Authorization matrix of scoring-service: %d operations x %d callers = %d calls, %d mismatches%n",
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
                .then().statusCode(200).extract().asString()), 6);
    }

    /** A cell (see {@link AuthorizationTable}) against a reply. */
    static boolean matches(String expected, Response response) {
        return AuthorizationTable.matches(expected, response.statusCode(), response.asString());
    }

    // ---------------------------------------------------------------------------------------------
    // Fixtures and requests
    // ---------------------------------------------------------------------------------------------

    /**
     * The fixtures: a campaign of its own whose questionnaire survey-service serves, one authority
     * of it assessed, a finished rescoring job of the campaign and a dead outbox message.
     */
    private World world() {
        int n = ++counter;
        String campaign = "authz-" + n;
        String version = campaign + ".1";
        String siren = siren("7" + String.format("%07d", n));
        stubQuestionnaire(campaign, version, Questionnaires.small(version));
        stubCurrentQuestionnaire(campaign, Questionnaires.small(version));
        Api.deliver(submission(campaign, siren, version)).statusCode(200);
        String job = given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("model", "barometre-v1"))
                .post("/campaigns/" + campaign + "/rescoring").then().statusCode(202).extract().path("id");
        while (rescoring.workOneChunk()) {
            // the fixture's job ends before the calls
        }
        return new World(siren, campaign, version, job, newDeadOutboxMessage(), null);
    }

    private long newDeadOutboxMessage() {
        return Db.count("insert into outbox_message (message_key, destination, payload, status, last_error) "
                + "values (?, 'reporting', '{}'::jsonb, 'DEAD', 'refused by the matrix') returning id", "matrix-" + (++counter));
    }

    /** A submission message of the authority, its profile in no network (a partner's scope names it by SIREN). */
    private static Submissions submission(String campaign, String siren, String version) {
        return Submissions.of(campaign, siren, 1, version)
                .profile("COMMUNE", 1000, "S1", "35", "53", List.of())
                .levels(2, "CYB-A", "CYB-B", "CYB-C", "CYB-D", "DIA-A", "DIA-B", "DIA-C", "DIA-D")
                .value("CYB-NIS2", "OUI");
    }

    /** A SIREN of 9 digits with a valid check digit (Luhn), after an 8-digit prefix. */
    private static String siren(String prefix) {
        for (int d = 0; d <= 9; d++) {
            String candidate = prefix + d;
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                int digit = candidate.charAt(8 - i) - '0';
                sum += i % 2 == 1 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit;
            }
            if (sum % 10 == 0) {
                return candidate;
            }
        }
        throw new IllegalStateException();
    }

    private Response call(String operation, World w, String token) {
        String method = operation.substring(0, operation.indexOf(' '));
        String path = operation.substring(operation.indexOf(' ') + 1)
                .replace("{code}", w.campaign())
                .replace("{siren}", w.siren())
                .replace("/jobs/{id}", "/jobs/" + w.job())
                .replace("/models/{id}", "/models/barometre-v1")
                .replace("/outbox/{id}", "/outbox/" + w.outboxId())
                .replace("/webhooks/{id}", "/webhooks/" + (w.webhook() == null ? "none" : w.webhook().id()))
                .replace("{deliveryId}", w.webhook() == null ? "none" : w.webhook().delivery());
        RequestSpecification request = token == null ? given() : given().auth().oauth2(token);
        switch (operation) {
            case "POST /internal/assessments" -> json(request, submission(w.campaign(), siren("6" + String.format("%07d", ++counter)), w.version()).node());
            case "POST /internal/assessments/batch" -> json(request, JSON.createObjectNode().set("messages", JSON.createArrayNode()
                    .add(submission(w.campaign(), siren("6" + String.format("%07d", ++counter)), w.version()).node())));
            case "POST /campaigns/{code}/rescoring" -> json(request, Map.of("model", "barometre-v1"));
            case "POST /models" -> json(request, Map.of("id", "authz-model-" + (++counter)));
            case "POST /webhooks" -> json(request, Map.of("url", WEBHOOK_URL + "-new", "events", List.of("assessment.updated"),
                    "clientId", "partner-demo"));
            case "POST /previews" -> json(request, Map.of("campaign", w.campaign(),
                    "answers", List.of(Map.of("question", "DIA-A", "level", 3), Map.of("question", "CYB-A", "level", 1))));
            default -> {
                // no body
            }
        }
        return request.request(method, path);
    }

    private static RequestSpecification json(RequestSpecification request, Object body) {
        return request.contentType("application/json").body(body instanceof JsonNode node ? node.toString() : body);
    }

    /** A subscription of partner-demo to assessment.updated, with a FAILED delivery of a ping (for the retry). */
    private static Webhook newWebhook() {
        Map<String, Object> row = Db.rows("""
                with subscription as (
                    insert into webhook_subscription (client_id, url, events, secret, created_by)
                    values ('partner-demo', ?, '{assessment.updated}', 'whsec_bWF0cml4LW1hdHJpeC1tYXRyaXgtbWF0cml4LTAx', 'matrix')
                    returning id
                ), event as (
                    insert into webhook_event (type, payload) values ('ping', '{"type": "ping", "data": {}}') returning id
                )
                insert into webhook_delivery (event_id, subscription_id, status, attempts)
                select event.id, subscription.id, 'FAILED', 1 from event, subscription
                returning subscription_id::text, id::text
                """, WEBHOOK_URL).get(0);
        return new Webhook((String) row.get("subscription_id"), (String) row.get("id"));
    }

    /** The matrix's subscriptions are gone after their call (the world's, and those its POST made), with their deliveries. */
    private static void dropWebhooks(Webhook webhook) {
        Db.update("delete from webhook_subscription where id::text = ? or url = ?", webhook.id(), WEBHOOK_URL + "-new");
    }

    /** The matrix's dead message is gone after its call, whatever a retry made of it: no relay ever sees it. */
    private static void dropOutboxMessage(long id) {
        Db.update("delete from outbox_message where id = ?", id);
    }
}
