package fr.barometre.scoring.model;

import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.JournalEntries;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model created is journaled once, naming its creator and the request; a model refused leaves no entry. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class ModelJournalTest {

    /** An admin creates a model; the answer's status. */
    private static int create(String id, String weights, String requestId) {
        return given().auth().oauth2(Tokens.admin()).header("X-Request-Id", requestId)
                .contentType("application/json").body("{\"id\": \"" + id + "\", \"itemWeights\": " + weights + "}")
                .post("/models").statusCode();
    }

    @Test
    void aModelCreatedIsJournaledOnceByItsCreatorAndARefusedOneLeavesNone() {
        assertEquals(201, create("journal-v2", "{\"DIA-A\": 2}", "model-journal-1"));

        List<JournalEntries.Entry> entries = JournalEntries.about("model:journal-v2");
        assertEquals(1, entries.size(), entries.toString());
        JournalEntries.Entry entry = entries.get(0);
        assertEquals("model.created", entry.action());
        assertEquals("USER", entry.actorKind());
        assertEquals("admin", entry.actorName());
        assertEquals(List.of("admin"), entry.actorRoles());
        assertNull(entry.actorTrigger());
        assertEquals("model-journal-1", entry.requestId());

        assertEquals(409, create("journal-v2", "{\"DIA-A\": 3}", "model-journal-2"), "immutable: a second one is refused");
        assertEquals(1, JournalEntries.about("model:journal-v2").size(), "the refused creation journaled nothing");

        assertEquals(422, create("journal-bad", "{\"DIA-A\": -1}", "model-journal-3"));
        assertTrue(JournalEntries.about("model:journal-bad").isEmpty(), "a model that cannot be computed journaled nothing");
    }
}
