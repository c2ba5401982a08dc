package fr.barometre.survey.webhook;

import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static fr.barometre.survey.webhook.Webhooks.sql;
import static fr.barometre.survey.webhook.Webhooks.subscribe;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The subscriptions' API: who sees what, what a subscription may be, the secret shown once, the journal. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class WebhookResourceTest {

    /** A target the tests' allow-local lets through; nothing is delivered in these tests. */
    private static final String URL = "http://127.0.0.1:9/hooks";
    private static final List<String> EVENTS = List.of("response.submitted");
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private static String newClient() {
        return "hooks-api-" + CLIENTS.incrementAndGet() + "-" + System.nanoTime();
    }

    private static String partner(String client) {
        return Tokens.partnerClient(client, List.of(), List.of());
    }

    @Test
    void theSecretIsShownInTheCreationsAnswerOnly() {
        String client = newClient();
        String token = partner(client);
        JsonPath created = subscribe(token, URL, List.of("response.submitted", "campaign.closed", "response.submitted"));
        String id = created.getString("id");
        String secret = created.getString("secret");
        assertTrue(secret.startsWith("whsec_"));
        assertEquals(32, Base64.getDecoder().decode(secret.substring(6)).length);
        assertEquals(client, created.getString("clientId"), "a partner's subscription is its token's client's");
        assertEquals("ACTIVE", created.getString("status"));
        assertEquals(List.of("response.submitted", "campaign.closed"), created.getList("events"));
        assertEquals("service-account-" + client, created.getString("createdBy"));

        String read = given().auth().oauth2(token).get("/webhooks/" + id).then().statusCode(200).extract().asString();
        String listed = given().auth().oauth2(token).get("/webhooks").then().statusCode(200).extract().asString();
        String asAdmin = given().auth().oauth2(Tokens.admin()).get("/webhooks?clientId=" + client).then().statusCode(200).extract().asString();
        for (String answer : List.of(read, listed, asAdmin)) {
            assertFalse(answer.contains("secret"), answer);
            assertFalse(answer.contains(secret.substring(6)), answer);
        }
        String journal = String.join(" ", sql("select detail::text from audit_entry where target = ?", "webhook:" + id));
        assertTrue(journal.contains(client), journal);
        assertFalse(journal.contains(secret.substring(6)), "the journal never holds the secret: " + journal);
    }

    @Test
    void aPartnerSeesAndTouchesItsOwnSubscriptionsOnly() {
        String mine = newClient();
        String theirs = newClient();
        String id = subscribe(partner(theirs), URL, EVENTS).getString("id");
        String delivery = given().auth().oauth2(partner(theirs)).post("/webhooks/" + id + "/ping").then().statusCode(202)
                .extract().jsonPath().getString("id");
        String me = partner(mine);
        subscribe(me, URL, EVENTS);

        given().auth().oauth2(me).get("/webhooks/" + id).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(me).delete("/webhooks/" + id).then().statusCode(404);
        given().auth().oauth2(me).post("/webhooks/" + id + "/ping").then().statusCode(404);
        given().auth().oauth2(me).get("/webhooks/" + id + "/deliveries").then().statusCode(404);
        given().auth().oauth2(me).post("/webhooks/" + id + "/deliveries/" + delivery + "/retry").then().statusCode(404);
        given().auth().oauth2(me).get("/webhooks?clientId=" + theirs).then().statusCode(200)
                .body("total", equalTo(1)).body("items.clientId", not(hasItem(theirs)));

        given().auth().oauth2(partner(theirs)).get("/webhooks/" + id + "/deliveries").then().statusCode(200)
                .body("items[0].id", equalTo(delivery));
        given().auth().oauth2(Tokens.admin()).get("/webhooks/" + id).then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).get("/webhooks?clientId=" + theirs).then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(id));
        given().auth().oauth2(partner(theirs)).delete("/webhooks/" + id).then().statusCode(204);
        given().auth().oauth2(partner(theirs)).get("/webhooks/" + id).then().statusCode(404);
        assertEquals(List.of("webhook.created", "webhook.deleted"), sql("select action from audit_entry where target = ? order by id",
                "webhook:" + id));
    }

    @Test
    void anAdminNamesTheClientAndSeesEveryClientsSubscriptions() {
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("url", URL, "events", EVENTS))
                .post("/webhooks").then().statusCode(422).body("errors.field", hasItem("clientId"));
        String client = newClient();
        JsonPath created = subscribe(Tokens.admin(), Map.of("url", URL, "events", EVENTS, "clientId", client));
        assertEquals(client, created.getString("clientId"));
        subscribe(partner(newClient()), URL, EVENTS);
        int all = given().auth().oauth2(Tokens.admin()).get("/webhooks?size=500").then().statusCode(200).extract().jsonPath().getInt("total");
        assertTrue(all >= 2);
        given().auth().oauth2(Tokens.admin()).get("/webhooks?clientId=" + client).then().statusCode(200).body("total", equalTo(1));
        given().auth().oauth2(Tokens.admin()).get("/webhooks?size=0").then().statusCode(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://portal.example.org/hooks", "http://8.8.8.8/hooks", "ftp://8.8.8.8/hooks", "ftp://portal.example.org/", "/hooks", "https://", "not a url",
            "https://user:pass@portal.example.org/", "https://127.0.0.1/", "http://localhost:8080/", "https://localhost/",
            "https://10.0.0.1/", "https://169.254.169.254/latest/meta-data", "https://[::1]/", "https://[fc00::1]/",
            "https://[::ffff:127.0.0.1]/", "https://100.64.0.1/", "https://0.0.0.0/", "http://127.0.0.1.evil.example/",
            "http://localhost.evil.example/", "https://host.invalid/"})
    void aTargetThatIsNotAPublicHttpsUrlIsRefusedAtCreation(String url) {
        given().auth().oauth2(partner(newClient())).contentType("application/json").body(Map.of("url", url, "events", EVENTS))
                .post("/webhooks").then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", hasItem("url"));
    }

    @Test
    void aUrlLongerThanTwoThousandCharactersIsRefused() {
        String url = "http://127.0.0.1:9/" + "a".repeat(2001);
        given().auth().oauth2(partner(newClient())).contentType("application/json").body(Map.of("url", url, "events", EVENTS))
                .post("/webhooks").then().statusCode(422).body("errors[0].message", containsString("2000"));
    }

    @Test
    void eventsAreANonEmptySetOfThisServicesTypes() {
        for (Object events : List.of(List.of(), List.of("assessment.updated"), List.of("response.submitted", "ping"))) {
            given().auth().oauth2(partner(newClient())).contentType("application/json").body(Map.of("url", URL, "events", events))
                    .post("/webhooks").then().statusCode(422).body("errors.field", hasItem(containsString("events")));
        }
        given().auth().oauth2(partner(newClient())).contentType("application/json").body(Map.of("url", URL))
                .post("/webhooks").then().statusCode(422);
        subscribe(partner(newClient()), URL, List.of("response.submitted", "response.reopened", "campaign.opened", "campaign.closed"));
    }

    @Test
    void aClientHasAtMostMaxPerClientActiveSubscriptions() {
        String client = newClient();
        String token = partner(client);
        String first = null;
        for (int i = 0; i < 10; i++) {
            String id = subscribe(token, URL + "/" + i, EVENTS).getString("id");
            first = first == null ? id : first;
        }
        given().auth().oauth2(token).contentType("application/json").body(Map.of("url", URL, "events", EVENTS))
                .post("/webhooks").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Map.of("url", URL, "events", EVENTS, "clientId", client))
                .post("/webhooks").then().statusCode(409);
        subscribe(partner(newClient()), URL, EVENTS);   // another client's count is its own
        // a disabled subscription counts no more
        sql("update webhook_subscription set disabled_at = now(), disabled_reason = 'test' where id = ?::uuid", first);
        subscribe(token, URL, EVENTS);
    }

    @Test
    void aPartnerTokenNamingNoClientIsRefused() {
        String token = Tokens.partner(List.of(), List.of());
        given().auth().oauth2(token).contentType("application/json").body(Map.of("url", URL, "events", EVENTS))
                .post("/webhooks").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(token).get("/webhooks").then().statusCode(403);
    }

    @Test
    void unknownOrMalformedIdsAreNotFound() {
        String token = partner(newClient());
        given().auth().oauth2(token).get("/webhooks/not-a-uuid").then().statusCode(404);
        given().auth().oauth2(token).get("/webhooks/00000000-0000-0000-0000-000000000000").then().statusCode(404);
        String id = subscribe(token, URL, EVENTS).getString("id");
        given().auth().oauth2(token).post("/webhooks/" + id + "/deliveries/nope/retry").then().statusCode(404);
        given().auth().oauth2(token).post("/webhooks/" + id + "/deliveries/00000000-0000-0000-0000-000000000000/retry").then().statusCode(404);
    }
}
