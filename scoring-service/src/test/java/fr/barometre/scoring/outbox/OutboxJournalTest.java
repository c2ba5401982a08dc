package fr.barometre.scoring.outbox;

import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.JournalEntries;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Tokens;
import fr.barometre.testing.BatchAnswer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.batchAnswer;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.carrying;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.server;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relay's dead letters are journaled by the system (outbox.dead, the trigger naming who refused them and how),
 * each message once, in the round that parked it; a message retried later is not. An admin's retry of a dead
 * message is journaled by the admin (outbox.retried); a retry refused leaves no entry.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class OutboxJournalTest {

    private static final String CAMPAIGN = "journal-outbox";

    @Inject
    OutboxRelay relay;

    /** A pending message to reporting-service about an authority of the campaign; its id. */
    private static long pending(String siren) {
        return ((Number) Db.rows("""
                insert into outbox_message (message_key, destination, payload)
                values (?, 'reporting', jsonb_build_object('campaign', ?::text, 'siren', ?::text)) returning id""",
                CAMPAIGN + ":" + siren + ":1", CAMPAIGN, siren).get(0).get("id")).longValue();
    }

    @Test
    void deadLettersAreJournaledByTheSystemAndAnAdminsRetryByTheAdmin() {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        statuses.put("420000019", 422);
        statuses.put("420000027", 422);
        statuses.put("420000035", 400);
        statuses.put("420000043", 503);
        BatchAnswer answer = BatchAnswer.every(200);
        Map<String, Long> ids = new LinkedHashMap<>();
        statuses.forEach((siren, status) -> {
            answer.when(Map.of("campaign", CAMPAIGN, "siren", siren), status);
            ids.put(siren, pending(siren));
        });
        var stub = server().stubFor(post(urlPathEqualTo(NeighboursWireMockResource.FACTS_BATCH))
                .withRequestBody(matchingJsonPath(carrying(CAMPAIGN))).willReturn(batchAnswer(answer)));
        try {
            relay.relayDue();
        } finally {
            server().removeStub(stub);
        }

        statuses.forEach((siren, status) -> {
            List<JournalEntries.Entry> entries = JournalEntries.about("outbox:" + ids.get(siren));
            if (status == 503) {
                assertTrue(entries.isEmpty(), "a message retried later is no dead letter: " + entries);
                return;
            }
            assertEquals(1, entries.size(), siren + ": " + entries);
            JournalEntries.Entry dead = entries.get(0);
            assertEquals("outbox.dead", dead.action());
            assertEquals("SYSTEM", dead.actorKind());
            assertEquals("scoring-service", dead.actorName());
            assertEquals("refused by reporting-service with " + status, dead.actorTrigger());
            assertEquals(CAMPAIGN + ":" + siren + ":1", dead.detail().path("key").asText());
        });

        long id = ids.get("420000019");
        given().auth().oauth2(Tokens.analyst()).post("/outbox/" + id + "/retry").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).header("X-Request-Id", "outbox-retry-1").post("/outbox/" + id + "/retry").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).post("/outbox/" + id + "/retry").then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).post("/outbox/" + ids.get("420000043") + "/retry").then().statusCode(409);

        List<JournalEntries.Entry> entries = JournalEntries.about("outbox:" + id);
        assertEquals(List.of("outbox.dead", "outbox.retried"), entries.stream().map(JournalEntries.Entry::action).toList());
        JournalEntries.Entry retried = entries.get(1);
        assertEquals("USER", retried.actorKind());
        assertEquals("admin", retried.actorName());
        assertEquals("outbox-retry-1", retried.requestId());
        assertEquals(CAMPAIGN + ":420000019:1", retried.detail().path("key").asText());
        assertTrue(JournalEntries.about("outbox:" + ids.get("420000043")).isEmpty(), "a retry refused journaled nothing");
    }
}
