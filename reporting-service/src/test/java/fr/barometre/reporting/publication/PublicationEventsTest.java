package fr.barometre.reporting.publication;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import fr.barometre.testing.WebhookRows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * edition.published: written with each publication, in its transaction, naming the edition and the version of
 * its publication (never a figure); nothing for a publication refused, nor when nobody subscribes.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class PublicationEventsTest {

    private static final String TYPE = PublicationEvents.PUBLISHED;

    private final WebhookRows webhooks = new WebhookRows(PublicationEventsTest::db);

    @AfterEach
    void unsubscribe() {
        webhooks.deleteSubscriptions();
    }

    private static Connection db() throws SQLException {
        return EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
    }

    private static void publish(String code, int version) {
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + code + "/publication").then().statusCode(200)
                .body("campaign", equalTo(code)).body("version", equalTo(version));
    }

    @Test
    void eachPublicationWritesOneEventNamingItsVersion() {
        String code = "pev-2025";
        String first = webhooks.subscribe("pev-portal", TYPE);
        String second = webhooks.subscribe("pev-network", "ping", TYPE);
        webhooks.subscribe("pev-other", "assessment.updated");
        webhooks.disable(webhooks.subscribe("pev-disabled", TYPE));
        for (int i = 1; i <= 3; i++) {
            fact(code, siren(7, i)).allAt(3).deliver();
        }
        assertEquals(0, webhooks.eventCount(code), "facts received are no event");

        publish(code, 1);
        fact(code, siren(7, 4)).allAt(2).deliver();
        publish(code, 2);

        List<WebhookRows.Event> events = webhooks.events(TYPE, code);
        assertEquals(2, events.size());
        for (int i = 0; i < 2; i++) {
            WebhookRows.Event event = events.get(i);
            assertEquals(TYPE, event.type());
            assertEquals(code, event.campaign());
            assertNull(event.siren());
            assertEquals(Set.of(), event.networks());
            assertEquals(Set.of("data", "timestamp", "type"), event.payloadKeys());
            assertEquals(Set.of("campaign", "path", "version"), event.dataKeys());
            assertEquals(code, event.data().get("campaign").asText());
            assertEquals("/barometers/" + code + "?published=true", event.data().get("path").asText());
            assertEquals(Set.of(), WebhookRows.forbiddenWords(event), "no figures");
            assertEquals(Map.of(first, "PENDING", second, "PENDING"), webhooks.deliveries(event.id()));
        }
        assertEquals(Set.of(1, 2), Set.of(events.get(0).data().get("version").asInt(), events.get(1).data().get("version").asInt()));
    }

    @Test
    void aRefusedPublicationOrNobodySubscribingWritesNoEvent() {
        webhooks.subscribe("pev-portal", TYPE);
        given().auth().oauth2(Tokens.admin()).post("/barometers/pev-1900/publication").then().statusCode(404);   // no facts
        given().auth().oauth2(Tokens.analyst()).post("/barometers/pev-1900/publication").then().statusCode(403);
        assertEquals(0, webhooks.eventCount("pev-1900"));
        webhooks.deleteSubscriptions();

        String code = "pev-2026";
        webhooks.disable(webhooks.subscribe("pev-disabled", TYPE));
        fact(code, siren(7, 11)).allAt(3).deliver();
        publish(code, 1);
        assertEquals(0, webhooks.eventCount(code));
    }

    /** A publication failing at commit (a deferred check refusing its row) leaves no event. */
    @Test
    void aPublicationRolledBackAtCommitLeavesNoEvent() throws SQLException {
        String code = "pev-rollback";
        webhooks.subscribe("pev-portal", TYPE);
        fact(code, siren(7, 21)).allAt(3).deliver();
        try (Connection c = db(); Statement st = c.createStatement()) {
            st.execute("""
                    create or replace function pev_refuse() returns trigger language plpgsql as $$
                    begin
                        if new.campaign_code = 'pev-rollback' then
                            raise exception 'refused at commit by the test';
                        end if;
                        return new;
                    end $$""");
            st.execute("""
                    create constraint trigger pev_refuse after insert or update on publication
                    deferrable initially deferred for each row execute function pev_refuse()""");
        }
        try {
            given().auth().oauth2(Tokens.admin()).post("/barometers/" + code + "/publication").then().statusCode(500);
        } finally {
            try (Connection c = db(); Statement st = c.createStatement()) {
                st.execute("drop trigger pev_refuse on publication");
                st.execute("drop function pev_refuse()");
            }
        }
        assertEquals(0, webhooks.eventCount(code));
    }
}
