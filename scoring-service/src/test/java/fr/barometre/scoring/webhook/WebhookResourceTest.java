package fr.barometre.scoring.webhook;

import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST /webhooks in scoring-service, on the real database: a partner subscribes for its own client, an admin
 * for the client it names; the secret is answered once; only this service's event (assessment.updated) may be
 * asked for; a local or private target is refused; another client's subscription is a 404 to a partner.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class WebhookResourceTest {

    /** Allowed by the tests' allow-local (http://127.0.0.1); nothing is delivered in this class. */
    private static final String URL = "http://127.0.0.1:9/scoring-hooks";

    @AfterEach
    void dropSubscriptions() {
        Db.update("delete from webhook_subscription where client_id like 'scoring-hooks-%'");
    }

    private static String partner(String client) {
        return Tokens.partnerClient(client, List.of(), List.of());
    }

    @Test
    void aPartnerSubscribesForItsOwnClientAndSeesTheSecretOnce() {
        String client = "scoring-hooks-partner";
        JsonPath created = given().auth().oauth2(partner(client)).contentType("application/json")
                .body(Map.of("url", URL, "events", List.of("assessment.updated")))
                .post("/webhooks").then().statusCode(201).body("secret", startsWith("whsec_"))
                .body("clientId", equalTo(client)).body("events", equalTo(List.of("assessment.updated")))
                .extract().jsonPath();
        String id = created.getString("id");
        assertEquals(created.getString("secret"), Db.rows("select secret from webhook_subscription where id = ?::uuid", id)
                .get(0).get("secret"), "the secret answered is the one kept for signing");

        JsonPath read = given().auth().oauth2(partner(client)).get("/webhooks/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(client, read.getString("clientId"));
        assertFalse(read.getMap("$").containsKey("secret"), "the secret is answered at creation only");
        given().auth().oauth2(partner(client)).get("/webhooks").then().statusCode(200)
                .body("items.id", equalTo(List.of(id))).body("items[0]", not(hasKey("secret")));
    }

    @Test
    void anAdminSubscribesForTheClientItNames() {
        String client = "scoring-hooks-admin";
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("url", URL, "events", List.of("assessment.updated"), "clientId", client))
                .post("/webhooks").then().statusCode(201).body("clientId", equalTo(client)).body("secret", startsWith("whsec_"));
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("url", URL, "events", List.of("assessment.updated")))
                .post("/webhooks").then().statusCode(422).contentType("application/problem+json");
    }

    @Test
    void anEventOfAnotherServiceIsRefused() {
        for (String type : List.of("response.submitted", "edition.published", "campaign.opened", "nothing")) {
            given().auth().oauth2(partner("scoring-hooks-types")).contentType("application/json")
                    .body(Map.of("url", URL, "events", List.of("assessment.updated", type)))
                    .post("/webhooks").then().statusCode(422).contentType("application/problem+json")
                    .body("errors.field", hasItem("events[1]"));
        }
        assertEquals(0, Db.count("select count(*) from webhook_subscription where client_id = 'scoring-hooks-types'"));
    }

    @Test
    void aLocalOrPrivateTargetIsRefused() {
        for (String url : List.of("http://10.0.0.1/hook", "https://169.254.169.254/latest/meta-data", "https://127.0.0.1/hook",
                "https://192.168.1.10/hook", "http://example.org/hook")) {
            given().auth().oauth2(partner("scoring-hooks-ssrf")).contentType("application/json")
                    .body(Map.of("url", url, "events", List.of("assessment.updated")))
                    .post("/webhooks").then().statusCode(422).contentType("application/problem+json")
                    .body("errors.field", hasItem("url"));
        }
        assertEquals(0, Db.count("select count(*) from webhook_subscription where client_id = 'scoring-hooks-ssrf'"));
    }

    @Test
    void anotherClientsSubscriptionIsNotFoundToAPartner() {
        String id = given().auth().oauth2(partner("scoring-hooks-owner")).contentType("application/json")
                .body(Map.of("url", URL, "events", List.of("assessment.updated")))
                .post("/webhooks").then().statusCode(201).extract().path("id");
        String stranger = partner("scoring-hooks-stranger");
        given().auth().oauth2(stranger).get("/webhooks/" + id).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(stranger).get("/webhooks/" + id + "/deliveries").then().statusCode(404);
        given().auth().oauth2(stranger).post("/webhooks/" + id + "/ping").then().statusCode(404);
        given().auth().oauth2(stranger).delete("/webhooks/" + id).then().statusCode(404);
        JsonPath theirs = given().auth().oauth2(stranger).get("/webhooks").then().statusCode(200).extract().jsonPath();
        assertTrue(theirs.getList("items.id").isEmpty(), "a partner lists only its own subscriptions");
        given().auth().oauth2(Tokens.admin()).get("/webhooks/" + id).then().statusCode(200);
        assertEquals(1, Db.count("select count(*) from webhook_subscription where id = ?::uuid", id), "still there");
    }
}
