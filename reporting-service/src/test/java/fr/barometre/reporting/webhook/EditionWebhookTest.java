package fr.barometre.reporting.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static fr.barometre.reporting.webhook.Webhooks.sql;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * edition.published, end to end within reporting-service: an admin publishes an edition through the real endpoint,
 * and a partner's subscription to edition.published gets it at an HTTP receiver on 127.0.0.1 through the real worker
 * ({@link WebhookDispatcher#deliverDue()}, called here since the schedule is off in the tests): signed with the
 * subscription's secret, naming the campaign, the publication's version and the published barometer's path, no figure.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class EditionWebhookTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebhookDispatcher dispatcher;

    @AfterEach
    void dropSubscriptions() {
        sql("delete from webhook_subscription where client_id like 'reporting-edition-%'");
    }

    @Test
    void aPublishedEditionIsDeliveredSignedWithItsCampaignVersionAndPath() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String client = "reporting-edition-" + System.nanoTime();
            JsonPath created = given().auth().oauth2(Tokens.partnerClient(client, List.of(), List.of())).contentType("application/json")
                    .body(Map.of("url", receiver.url("/editions"), "events", List.of("edition.published")))
                    .post("/webhooks").then().statusCode(201).extract().jsonPath();
            String id = created.getString("id");
            String secret = created.getString("secret");
            String code = "hooks-edition-" + System.nanoTime() % 100_000;
            for (int i = 1; i <= 5; i++) {
                fact(code, siren(7, 40 + i)).allAt(3).level("DIA-PLAN-FORMATION", 3).deliver();
            }

            int first = given().auth().oauth2(Tokens.admin()).post("/barometers/" + code + "/publication").then().statusCode(200)
                    .extract().path("version");
            dispatcher.deliverDue();
            assertEquals(1, receiver.received().size(), "delivered once");
            WebhookReceiver.Received request = receiver.received().get(0);
            long timestamp = Long.parseLong(request.header("webhook-timestamp"));
            String webhookId = request.header("webhook-id");
            assertTrue(WebhookSignature.verify(secret, webhookId, timestamp, request.body(), request.header("webhook-signature")),
                    "the signature verifies with the subscription's secret");
            assertFalse(WebhookSignature.verify(WebhookSignature.newSecret(), webhookId, timestamp, request.body(),
                    request.header("webhook-signature")), "and with no other");
            assertEquals(sql("select payload::text from webhook_event where id = ?::uuid", webhookId).get(0), request.body(),
                    "the body is the stored payload, byte for byte");

            JsonNode body = JSON.readTree(request.body());
            assertEquals("edition.published", body.path("type").asText());
            JsonNode data = body.path("data");
            Set<String> keys = new TreeSet<>();
            for (Iterator<String> names = data.fieldNames(); names.hasNext(); ) {
                keys.add(names.next());
            }
            assertEquals(new TreeSet<>(List.of("campaign", "version", "path")), keys, "no figure: " + data);
            assertEquals(code, data.path("campaign").asText());
            assertEquals(first, data.path("version").asInt());
            assertEquals("/barometers/" + code + "?published=true", data.path("path").asText());
            assertEquals("DELIVERED", given().auth().oauth2(Tokens.partnerClient(client, List.of(), List.of()))
                    .get("/webhooks/" + id + "/deliveries").then().statusCode(200).extract().path("items[0].status"));

            // a republication is another event, with the next version
            given().auth().oauth2(Tokens.admin()).post("/barometers/" + code + "/publication").then().statusCode(200);
            dispatcher.deliverDue();
            assertEquals(2, receiver.received().size());
            JsonNode again = JSON.readTree(receiver.received().get(1).body());
            assertEquals(first + 1, again.path("data").path("version").asInt());
            assertFalse(webhookId.equals(receiver.received().get(1).header("webhook-id")), "a new event, a new webhook-id");
        }
    }
}
