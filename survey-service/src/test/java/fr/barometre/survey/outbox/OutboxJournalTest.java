package fr.barometre.survey.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.JournalRows;
import fr.barometre.survey.testing.ReportingWireMockResource;
import fr.barometre.survey.testing.ScoringWireMockResource;
import fr.barometre.survey.testing.ScoringWireMockResource.InjectScoringWireMock;
import fr.barometre.survey.testing.Tokens;
import fr.barometre.testing.BatchAnswer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.survey.testing.ScoringWireMockResource.batchAnswer;
import static fr.barometre.survey.testing.ScoringWireMockResource.carrying;
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
@WithTestResource(ScoringWireMockResource.class)
@WithTestResource(ReportingWireMockResource.class)
class OutboxJournalTest {

    private static final String CAMPAIGN = "journal-outbox";

    @Inject
    OutboxRelay relay;

    @InjectScoringWireMock
    WireMockServer scoring;

    /** A pending message to scoring-service about an authority of the campaign; its id. */
    private static long pending(String siren) {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("""
                     insert into outbox_message (message_key, destination, payload)
                     values (?, 'scoring', jsonb_build_object('campaign', ?::text, 'siren', ?::text)) returning id""")) {
            s.setString(1, CAMPAIGN + ":" + siren + ":1");
            s.setString(2, CAMPAIGN);
            s.setString(3, siren);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void deadLettersAreJournaledByTheSystemAndAnAdminsRetryByTheAdmin() {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        statuses.put("430000019", 422);
        statuses.put("430000027", 422);
        statuses.put("430000035", 400);
        statuses.put("430000043", 503);
        BatchAnswer answer = BatchAnswer.every(200);
        Map<String, Long> ids = new LinkedHashMap<>();
        statuses.forEach((siren, status) -> {
            answer.when(Map.of("campaign", CAMPAIGN, "siren", siren), status);
            ids.put(siren, pending(siren));
        });
        if (!scoring.isRunning()) {
            scoring.start();
        }
        // other classes' pending messages, which the relay delivers too, are let through
        var others = scoring.stubFor(post(urlPathEqualTo(ScoringWireMockResource.INGEST_BATCH)).atPriority(10)
                .willReturn(batchAnswer(BatchAnswer.every(200))));
        var stub = scoring.stubFor(post(urlPathEqualTo(ScoringWireMockResource.INGEST_BATCH))
                .withRequestBody(matchingJsonPath(carrying(CAMPAIGN))).willReturn(batchAnswer(answer)));
        try {
            relay.relayDue();
        } finally {
            scoring.removeStub(stub);
            scoring.removeStub(others);
        }

        statuses.forEach((siren, status) -> {
            List<JournalRows.Row> entries = JournalRows.of("outbox:" + ids.get(siren));
            if (status == 503) {
                assertTrue(entries.isEmpty(), "a message retried later is no dead letter: " + entries);
                return;
            }
            assertEquals(1, entries.size(), siren + ": " + entries);
            JournalRows.Row dead = entries.get(0);
            assertEquals("outbox.dead", dead.action());
            assertEquals("SYSTEM", dead.actorKind());
            assertEquals("survey-service", dead.actorName());
            assertEquals("refused by scoring-service with " + status, dead.actorTrigger());
            assertEquals(CAMPAIGN + ":" + siren + ":1", detail(dead).path("key").asText());
        });

        long id = ids.get("430000019");
        given().auth().oauth2(Tokens.analyst()).post("/outbox/" + id + "/retry").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).header("X-Request-Id", "outbox-retry-1").post("/outbox/" + id + "/retry").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).post("/outbox/" + id + "/retry").then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).post("/outbox/" + ids.get("430000043") + "/retry").then().statusCode(409);

        List<JournalRows.Row> entries = JournalRows.of("outbox:" + id);
        assertEquals(List.of("outbox.dead", "outbox.retried"), entries.stream().map(JournalRows.Row::action).toList());
        JournalRows.Row retried = entries.get(1);
        assertEquals("USER", retried.actorKind());
        assertEquals("admin", retried.actorName());
        assertEquals("outbox-retry-1", retried.requestId());
        assertEquals(CAMPAIGN + ":430000019:1", detail(retried).path("key").asText());
        assertTrue(JournalRows.of("outbox:" + ids.get("430000043")).isEmpty(), "a retry refused journaled nothing");
    }

    private static JsonNode detail(JournalRows.Row entry) {
        try {
            return new ObjectMapper().readTree(entry.detail());
        } catch (JsonProcessingException e) {
            throw new AssertionError("the entry's detail is not JSON: " + entry.detail(), e);
        }
    }
}
