package fr.barometre.reporting.publication;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.JournalEntries;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each publication of an edition is journaled once, by the admin who published it; a publication refused leaves none. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class PublicationJournalTest {

    @Test
    void eachPublicationIsJournaledOnceByTheAdminWhoPublishedIt() {
        String code = "pub-journal";
        for (int i = 1; i <= 3; i++) {
            fact(code, siren(7, i)).allAt(2).deliver();
        }
        given().auth().oauth2(Tokens.analyst()).post("/barometers/" + code + "/publication").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).header("X-Request-Id", "publish-journal-1")
                .post("/barometers/" + code + "/publication").then().statusCode(200);

        List<JournalEntries.Entry> entries = JournalEntries.about("edition:" + code);
        assertEquals(1, entries.size(), "the analyst's refused publication journaled nothing: " + entries);
        JournalEntries.Entry published = entries.get(0);
        assertEquals("edition.published", published.action());
        assertEquals("USER", published.actorKind());
        assertEquals("admin", published.actorName());
        assertEquals("publish-journal-1", published.requestId());
        assertEquals(3, published.detail().path("authorities").asInt());

        fact(code, siren(7, 4)).allAt(3).deliver();
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + code + "/publication").then().statusCode(200);
        entries = JournalEntries.about("edition:" + code);
        assertEquals(2, entries.size(), "a publication again is a change of its own");
        assertEquals(4, entries.get(1).detail().path("authorities").asInt());
    }

    @Test
    void anEditionWithNothingToPublishJournalsNothing() {
        String code = "pub-journal-empty";
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + code + "/publication").then().statusCode(404);
        assertTrue(JournalEntries.about("edition:" + code).isEmpty());
    }
}
