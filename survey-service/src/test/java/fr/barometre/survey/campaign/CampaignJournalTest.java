package fr.barometre.survey.campaign;

import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.JournalRows;
import fr.barometre.survey.testing.JournalRows.Row;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The journal of a campaign: created, questionnaire replaced, opened, closed by the admin who did it; closed
 * by the system when its closing date passed; nothing for a refused change.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class CampaignJournalTest {

    private static final String LYON = "216901231";

    @Inject
    CampaignService campaigns;

    private static String target(String code) {
        return "campaign:" + code;
    }

    @Test
    void anAdminsChangesOfACampaignAreJournaledOnceEach() {
        String code = "journal-camp";
        String request = "test-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.admin()).header("X-Request-Id", request).contentType("application/json")
                .body("{\"code\": \"" + code + "\", \"audience\": " + Campaigns.sirens(LYON) + "}")
                .post("/campaigns").then().statusCode(201);
        String document = Campaigns.questionnaire(code).replace("\"2025.1\"", "\"2025.7\"");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(document)
                .put("/campaigns/" + code + "/questionnaire").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/" + code + "/open").then().statusCode(200);
        Campaigns.close(code);

        List<Row> rows = JournalRows.of(target(code));
        assertEquals(List.of("campaign.created", "campaign.questionnaire-replaced", "campaign.opened", "campaign.closed"),
                rows.stream().map(Row::action).toList());
        for (Row row : rows) {
            assertEquals("USER", row.actorKind());
            assertEquals("admin", row.actorName());
            assertEquals(List.of("admin"), row.actorRoles());
        }
        assertEquals(request, rows.get(0).requestId());
        assertEquals("{\"questionnaireVersion\": \"2025.1\"}", rows.get(0).detail());
        assertEquals("{\"questionnaireVersion\": \"2025.7\"}", rows.get(1).detail());
    }

    @Test
    void aRefusedChangeOfACampaignLeavesNoEntry() {
        String code = "journal-camp-refused";
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"code\": \"" + code + "\", \"closesAt\": \"2001-01-01T00:00:00Z\"}")
                .post("/campaigns").then().statusCode(422);
        assertEquals(List.of(), JournalRows.of(target(code)));
        Campaigns.create(code, Campaigns.sirens(LYON));
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"code\": \"" + code + "\"}")
                .post("/campaigns").then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/" + code + "/close").then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"version\": \"x\"}")
                .put("/campaigns/" + code + "/questionnaire").then().statusCode(422);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/" + code + "/open").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/" + code + "/open").then().statusCode(409);
        assertEquals(List.of("campaign.created", "campaign.opened"), JournalRows.of(target(code)).stream().map(Row::action).toList());
    }

    @Test
    void aCampaignWhoseClosingDatePassedIsClosedByTheSystemOnce() {
        String code = "journal-camp-due";
        openClosingIn(code);
        closingDatePassed(code);
        campaigns.closePastClosingDates();
        campaigns.closePastClosingDates();

        List<Row> closed = JournalRows.of("campaign.closed", target(code));
        assertEquals(1, closed.size());
        Row row = closed.get(0);
        assertEquals("SYSTEM", row.actorKind());
        assertEquals("survey-service", row.actorName());
        assertNull(row.actorSubject());
        assertEquals(List.of(), row.actorRoles());
        assertEquals("closing date passed", row.actorTrigger());
        assertNull(row.requestId());
        given().auth().oauth2(Tokens.admin()).get("/campaigns/" + code).then().statusCode(200).body("status", equalTo("CLOSED"));
    }

    @Test
    void aReadThatFindsTheClosingDatePassedClosesTheCampaignAndJournalsItOnce() {
        String code = "journal-camp-lazy";
        openClosingIn(code);
        closingDatePassed(code);
        String read = "test-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.admin()).header("X-Request-Id", read).get("/campaigns/" + code)
                .then().statusCode(200).body("status", equalTo("CLOSED"));
        given().auth().oauth2(Tokens.admin()).get("/campaigns/" + code).then().statusCode(200);
        campaigns.closePastClosingDates();

        List<Row> closed = JournalRows.of("campaign.closed", target(code));
        assertEquals(1, closed.size());
        assertEquals("SYSTEM", closed.get(0).actorKind());
        assertEquals("closing date passed", closed.get(0).actorTrigger());
        assertEquals(read, closed.get(0).requestId(), "the request whose read found the date passed");
    }

    private static void openClosingIn(String code) {
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"code\": \"" + code + "\", \"closesAt\": \"" + Instant.now().plus(1, ChronoUnit.HOURS) + "\", \"audience\": "
                        + Campaigns.sirens(LYON) + "}")
                .post("/campaigns").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/" + code + "/open").then().statusCode(200);
    }

    /** The closing date moved into the past behind the service's back, as time passing would. */
    private static void closingDatePassed(String code) {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("update campaign set closes_at = now() - interval '1 minute' where code = ?")) {
            s.setString(1, code);
            assertEquals(1, s.executeUpdate());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
