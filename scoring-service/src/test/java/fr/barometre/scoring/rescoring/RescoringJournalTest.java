package fr.barometre.scoring.rescoring;

import fr.barometre.scoring.model.ScoringModel;
import fr.barometre.scoring.testing.Api;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.JournalEntries;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Submissions;
import fr.barometre.scoring.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubQuestionnaire;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rescoring job is journaled when an admin starts it (by the admin), and when it ends, finished or failed (by the
 * system, trigger "rescoring job"), once each however many chunks it took; a start refused, or a chunk rolled back,
 * leaves no entry.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class RescoringJournalTest {

    private static final String VERSION = "journal-25.1";

    @Inject
    RescoringService rescoring;

    private void drain() {
        while (rescoring.workOneChunk()) {
            // every running job, chunk after chunk
        }
    }

    private static UUID start(String campaign, String requestId) {
        String location = given().auth().oauth2(Tokens.admin()).header("X-Request-Id", requestId).contentType("application/json")
                .body("{\"model\": \"" + ScoringModel.DEFAULT_ID + "\"}").post("/campaigns/" + campaign + "/rescoring")
                .then().statusCode(202).extract().header("Location");
        return UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
    }

    @Test
    void aJobIsJournaledWhenAnAdminStartsItAndOnceWhenItFinishes() {
        String campaign = "journal-rescore";
        stubQuestionnaire(campaign, VERSION, Questionnaires.small(VERSION));
        for (String siren : List.of("410000012", "410000020", "410000038")) {
            Api.deliver(Submissions.of(campaign, siren, 1, VERSION).level("DIA-A", 2).level("DIA-B", 1)).statusCode(200);
        }
        drain();

        UUID job = start(campaign, "rescoring-journal-1");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"model\": \"" + ScoringModel.DEFAULT_ID + "\"}")
                .post("/campaigns/" + campaign + "/rescoring").then().statusCode(409);

        List<JournalEntries.Entry> entries = JournalEntries.about("rescoring:" + job);
        assertEquals(1, entries.size(), "the refused second start journaled nothing: " + entries);
        JournalEntries.Entry started = entries.get(0);
        assertEquals("rescoring.started", started.action());
        assertEquals("USER", started.actorKind());
        assertEquals("admin", started.actorName());
        assertEquals("rescoring-journal-1", started.requestId());
        assertEquals(campaign, started.detail().path("campaign").asText());
        assertEquals(ScoringModel.DEFAULT_ID, started.detail().path("model").asText());
        assertEquals(1, JournalEntries.where("action = 'rescoring.started' and detail->>'campaign' = ?", campaign).size());

        drain();   // three authorities in chunks of two: two chunks, one end
        entries = JournalEntries.about("rescoring:" + job);
        assertEquals(List.of("rescoring.started", "rescoring.finished"), entries.stream().map(JournalEntries.Entry::action).toList());
        JournalEntries.Entry finished = entries.get(1);
        assertEquals("SYSTEM", finished.actorKind());
        assertEquals("scoring-service", finished.actorName());
        assertEquals(RescoringService.JOB, finished.actorTrigger());
        assertNull(finished.actorSubject());
        assertTrue(finished.actorRoles().isEmpty());
        assertEquals(3, finished.detail().path("done").asInt());
    }

    @Test
    void aJobThatFailsIsJournaledAsFailedAndNeverAsFinished() {
        drain();
        // a model whose stored definition cannot be read: every chunk of its job fails the same way
        Db.update("insert into scoring_model (id, definition) values ('journal-unreadable', '{\"unknown\": true}'::jsonb)");
        UUID job = UUID.randomUUID();
        Db.update("insert into rescoring_job (id, campaign_code, model_id, state, total) values (?, 'journal-failing', 'journal-unreadable', 'RUNNING', 1)", job);
        try {
            rescoring.workOneChunk();
            assertEquals("FAILED", Db.rows("select state from rescoring_job where id = ?", job).get(0).get("state"));
        } finally {
            // the database is every test class's: no other lists an unreadable model
            Db.update("delete from rescoring_job where id = ?", job);
            Db.update("delete from scoring_model where id = 'journal-unreadable'");
        }

        List<JournalEntries.Entry> entries = JournalEntries.about("rescoring:" + job);
        assertEquals(List.of("rescoring.failed"), entries.stream().map(JournalEntries.Entry::action).toList());
        JournalEntries.Entry failed = entries.get(0);
        assertEquals("SYSTEM", failed.actorKind());
        assertEquals(RescoringService.JOB, failed.actorTrigger());
        assertTrue(failed.detail().path("error").asText().contains("journal-unreadable"), failed.detail().toString());
    }
}
