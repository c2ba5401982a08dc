package fr.barometre.survey.campaign;

import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import fr.barometre.testing.WebhookRows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The campaign events (campaign.opened, campaign.closed): written with the change of status, by an admin or
 * by the closing date passed (the scheduler or the first request to find it passed), once, naming no authority.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class CampaignEventsTest {

    /** A commune of the Hautes-Alpes no other test class uses. */
    static final String ABRIES = "200083517";

    @Inject
    CampaignService campaigns;

    private final WebhookRows webhooks = new WebhookRows(CampaignEventsTest::db);

    @AfterEach
    void unsubscribe() {
        webhooks.deleteSubscriptions();
    }

    private static Connection db() throws SQLException {
        return EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
    }

    /** The closing date moved to the past, as time passing would. */
    private static void closingDatePassed(String code) throws SQLException {
        try (Connection c = db();
             PreparedStatement ps = c.prepareStatement("update campaign set closes_at = now() - interval '1 second' where code = ?")) {
            ps.setString(1, code);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private static void assertCampaignEvent(WebhookRows.Event event, String type, String code) {
        assertEquals(type, event.type());
        assertEquals(code, event.campaign());
        assertNull(event.siren());
        assertEquals(Set.of(), event.networks());
        assertEquals(Set.of("data", "timestamp", "type"), event.payloadKeys());
        assertEquals(Set.of("campaign", "path"), event.dataKeys());
        assertEquals(code, event.data().get("campaign").asText());
        assertEquals("/campaigns/" + code, event.data().get("path").asText());
    }

    @Test
    void openingAndClosingEachWriteOneEvent() {
        String code = "cev-life";
        String opened = webhooks.subscribe("cev-portal", CampaignEvents.OPENED, CampaignEvents.CLOSED);
        String closedOnly = webhooks.subscribe("cev-network", CampaignEvents.CLOSED);
        Campaigns.create(code, "{}");
        assertEquals(0, webhooks.eventCount(code), "a campaign created is no event");
        given().auth().oauth2(Tokens.admin()).post("/campaigns/" + code + "/close").then().statusCode(409);   // a DRAFT does not close
        assertEquals(0, webhooks.eventCount(code));

        given().auth().oauth2(Tokens.admin()).post("/campaigns/" + code + "/open").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/" + code + "/open").then().statusCode(409);
        List<WebhookRows.Event> openings = webhooks.events(CampaignEvents.OPENED, code);
        assertEquals(1, openings.size());
        assertCampaignEvent(openings.get(0), CampaignEvents.OPENED, code);
        assertEquals(Map.of(opened, "PENDING"), webhooks.deliveries(openings.get(0).id()));

        Campaigns.close(code);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/" + code + "/close").then().statusCode(409);
        List<WebhookRows.Event> closings = webhooks.events(CampaignEvents.CLOSED, code);
        assertEquals(1, closings.size());
        assertCampaignEvent(closings.get(0), CampaignEvents.CLOSED, code);
        assertEquals(Set.of(opened, closedOnly), webhooks.deliveries(closings.get(0).id()).keySet());
    }

    @Test
    void nobodySubscribingNothingIsWritten() {
        String code = "cev-nobody";
        webhooks.disable(webhooks.subscribe("cev-disabled", CampaignEvents.OPENED, CampaignEvents.CLOSED));
        Campaigns.createOpen(code, "{}");
        Campaigns.close(code);
        assertEquals(0, webhooks.eventCount(code));
    }

    @Test
    void theSchedulerClosingACampaignWhoseDatePassedWritesOneEvent() throws SQLException {
        String code = "cev-scheduler";
        webhooks.subscribe("cev-portal", CampaignEvents.CLOSED);
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"code\": \"" + code + "\", \"closesAt\": \"2999-01-01T00:00:00Z\", \"audience\": {\"sirens\": [\"" + ABRIES + "\"]}}")
                .post("/campaigns").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/" + code + "/open").then().statusCode(200);
        closingDatePassed(code);

        // A request reading the campaign as a copy (a response's page) closes it in memory only: no event.
        given().auth().oauth2(Tokens.admin()).get("/campaigns/" + code + "/responses/" + ABRIES).then().statusCode(404);
        assertEquals(0, webhooks.eventCount(code));

        campaigns.closePastClosingDates();
        campaigns.closePastClosingDates();
        List<WebhookRows.Event> closings = webhooks.events(CampaignEvents.CLOSED, code);
        assertEquals(1, closings.size());
        assertCampaignEvent(closings.get(0), CampaignEvents.CLOSED, code);
    }

    @Test
    void theFirstRequestFindingTheDatePassedClosesTheCampaignWithOneEvent() throws SQLException {
        String code = "cev-lazy";
        webhooks.subscribe("cev-portal", CampaignEvents.CLOSED);
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"code\": \"" + code + "\", \"closesAt\": \"2999-01-01T00:00:00Z\"}")
                .post("/campaigns").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/" + code + "/open").then().statusCode(200);
        closingDatePassed(code);

        given().auth().oauth2(Tokens.admin()).get("/campaigns/" + code).then().statusCode(200).body("status", equalTo("CLOSED"));
        given().auth().oauth2(Tokens.admin()).get("/campaigns/" + code).then().statusCode(200).body("status", equalTo("CLOSED"));
        campaigns.closePastClosingDates();
        List<WebhookRows.Event> closings = webhooks.events(CampaignEvents.CLOSED, code);
        assertEquals(1, closings.size());
        assertCampaignEvent(closings.get(0), CampaignEvents.CLOSED, code);
    }
}
