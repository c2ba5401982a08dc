package fr.barometre.survey.response;

import fr.barometre.survey.testing.Answers;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Responses;
import fr.barometre.survey.testing.SubmissionFixtures;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static fr.barometre.survey.testing.Answers.level;
import static fr.barometre.survey.testing.Responses.path;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batches of complete responses, participation against the audience, and the list of a campaign's responses. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class BatchAndParticipationTest {

    static final String PROBLEM = "application/problem+json";

    // Batch: communes of Corse-du-Sud and Lozère no other test class uses.
    static final String URBALACONE = "212003313";
    static final String ORTO = "212001960";
    static final String LA_PANOUSE = "214801086";
    static final String GIUNCHETO = "212001275";
    /** Invited, but outside the partner's scope. */
    static final String BALOGNA = "212000285";
    static final String GUITERA = "212001333";

    private static String partner() {
        return Tokens.partner(List.of(), List.of(URBALACONE, ORTO, LA_PANOUSE, GIUNCHETO, GUITERA));
    }

    private static String batchPath(String code) {
        return "/campaigns/" + code + "/responses/batch";
    }

    private static List<Map<String, Object>> openCampaign(String code, String... sirens) {
        Campaigns.createOpen(code, Campaigns.sirens(sirens));
        return Answers.complete(Campaigns.questionnaire(code));
    }

    // ---------------------------------------------------------------------------------------------
    // Batch
    // ---------------------------------------------------------------------------------------------

    @Test
    void batchReportsAnOutcomePerSirenInOrder() {
        String code = "bp-batch";
        List<Map<String, Object>> complete = openCampaign(code, URBALACONE, ORTO, LA_PANOUSE, GIUNCHETO, BALOGNA);
        String partner = partner();

        // La Panouse is submitted already; Orto and Giuncheto have drafts.
        given().auth().oauth2(partner).contentType("application/json")
                .body(Answers.batch(List.of(Answers.item(LA_PANOUSE, complete))))
                .post(batchPath(code))
                .then().statusCode(200)
                .body("results.status", contains("SUBMITTED"));
        String ortoDraft = Responses.create(partner, code, ORTO, List.of(level("DIA-PLAN-FORMATION", 1)));
        Responses.create(partner, code, GIUNCHETO, List.of(level("DIA-PLAN-FORMATION", 1)));

        List<Map<String, Object>> invalid = Answers.with(Answers.without(complete, "NR-ACHATS", "CONF-DPO"),
                level("DIA-PLAN-FORMATION", 7), level("NO-SUCH-QUESTION", 1));
        ValidatableResponse batch = given().auth().oauth2(partner).contentType("application/json")
                .body(Answers.batch(List.of(
                        Answers.item(URBALACONE, complete),
                        Answers.item(ORTO, invalid),
                        Answers.item(LA_PANOUSE, complete),
                        Answers.item(BALOGNA, complete),
                        Answers.item(GIUNCHETO, complete))))
                .post(batchPath(code))
                .then().statusCode(200);

        batch.body("submitted", equalTo(2))
                .body("failed", equalTo(3))
                .body("results.siren", contains(URBALACONE, ORTO, LA_PANOUSE, BALOGNA, GIUNCHETO))
                .body("results.status", contains("SUBMITTED", "INVALID", "CONFLICT", "NOT_FOUND", "SUBMITTED"))
                .body("results[0].revision", equalTo(1))
                .body("results[0].errors", nullValue())
                .body("results[1].revision", nullValue())
                // every problem of the item at once: per answer and completeness
                .body("results[1].errors.question", containsInAnyOrder(
                        "DIA-PLAN-FORMATION", "NO-SUCH-QUESTION", "NR-ACHATS", "CONF-DPO"))
                .body("results[4].revision", equalTo(1));

        given().auth().oauth2(partner).get(path(code, URBALACONE))
                .then().statusCode(200)
                .body("status", equalTo("SUBMITTED"))
                .body("answers", hasSize(complete.size()));
        // The draft a batch item completes is replaced and submitted.
        given().auth().oauth2(partner).get(path(code, GIUNCHETO))
                .then().statusCode(200)
                .body("status", equalTo("SUBMITTED"))
                .body("answers", hasSize(complete.size()))
                .body("answers.find { it.question == 'DIA-PLAN-FORMATION' }.level", equalTo(2));
        // An invalid item stores nothing; an item outside the scope creates nothing.
        given().auth().oauth2(partner).get(path(code, ORTO))
                .then().statusCode(200)
                .header("ETag", equalTo(ortoDraft))
                .body("status", equalTo("DRAFT"))
                .body("answers.question", contains("DIA-PLAN-FORMATION"));
        given().auth().oauth2(Tokens.admin()).get(path(code, BALOGNA)).then().statusCode(404);
        assertEquals("SUBMITTED", Responses.status(code, LA_PANOUSE));
    }

    @Test
    void aBatchIsWrittenInOneTransactionResponsesFeedRowsAndOutboxMessages() throws Exception {
        String code = "bp-batch-together";
        List<String> sirens = SubmissionFixtures.communes("48", 4);
        List<Map<String, Object>> complete = openCampaign(code, sirens.toArray(String[]::new));
        Responses.create(Tokens.admin(), code, sirens.get(1), List.of(level("DIA-PLAN-FORMATION", 1)));
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Answers.batch(sirens.stream().map(s -> Answers.item(s, complete)).toList()))
                .post(batchPath(code))
                .then().statusCode(200)
                .body("submitted", equalTo(4))
                .body("results.revision", everyItem(equalTo(1)));
        List<String> xmins = column("""
                select xmin::text from response where campaign_code = ? union all
                select xmin::text from submission where campaign_code = ? union all
                select xmin::text from outbox_message where message_key like ? || ':%'""", code, code, code);
        assertEquals(12, xmins.size(), "a response, a feed row and an outbox message per authority");
        assertEquals(1, new java.util.HashSet<>(xmins).size(), "all written by one transaction: " + xmins);
        // The draft completed and the new ones created, as the single path leaves them: revision 1, written twice.
        for (String siren : sirens) {
            given().auth().oauth2(Tokens.admin()).get(path(code, siren)).then().statusCode(200)
                    .header("ETag", equalTo("\"1.1\""))
                    .body("status", equalTo("SUBMITTED")).body("answers", hasSize(complete.size()));
        }
        assertEquals(List.of(code + ":" + sirens.get(0) + ":1"), column(
                "select message_key from outbox_message where message_key like ? || ':%' order by id limit 1", code),
                "the messages in the order of the batch");
    }

    @Test
    void theSameSirenTwiceInABatchIsSubmittedOnceThenAConflict() {
        String code = "bp-batch-twice";
        List<Map<String, Object>> complete = openCampaign(code, URBALACONE, ORTO);
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Answers.batch(List.of(Answers.item(URBALACONE, complete), Answers.item(ORTO, List.of()),
                        Answers.item(URBALACONE, complete), Answers.item(ORTO, complete))))
                .post(batchPath(code))
                .then().statusCode(200)
                .body("results.status", contains("SUBMITTED", "INVALID", "CONFLICT", "SUBMITTED"))
                .body("results[2].detail", equalTo("Revision 1 of this response is already submitted"));
    }

    @Test
    void aSubmissionCommittedWhileABatchWaitsForTheRowMakesItsItemAConflict() throws Exception {
        String code = "bp-batch-concurrent";
        List<String> sirens = SubmissionFixtures.communes("2A", 3);
        List<Map<String, Object>> complete = openCampaign(code, sirens.toArray(String[]::new));
        String contested = sirens.get(1);
        Responses.create(Tokens.admin(), code, contested, complete);
        String staleEtag = Responses.create(Tokens.admin(), code, sirens.get(2), List.of(level("DIA-PLAN-FORMATION", 1)));

        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection other = db()) {
            other.setAutoCommit(false);
            // Another request submits the draft and has not committed yet: it holds the row.
            try (PreparedStatement submit = other.prepareStatement("""
                    update response set status = 'SUBMITTED', submitted_at = now(), version = version + 1
                    where campaign_code = ? and siren = ?""")) {
                submit.setString(1, code);
                submit.setString(2, contested);
                assertEquals(1, submit.executeUpdate());
            }
            Future<ValidatableResponse> batch = thread.submit(() -> given().auth().oauth2(Tokens.admin())
                    .contentType("application/json")
                    .body(Answers.batch(sirens.stream().map(s -> Answers.item(s, complete)).toList()))
                    .post(batchPath(code)).then());
            Thread.sleep(1_000);
            assertTrue(!batch.isDone(), "the batch waits for the row the other request holds");
            other.commit();
            batch.get(60, TimeUnit.SECONDS).statusCode(200)
                    .body("results.status", contains("SUBMITTED", "CONFLICT", "SUBMITTED"))
                    .body("results[1].detail", equalTo("Revision 1 of this response is already submitted"));
        } finally {
            thread.shutdownNow();
        }
        assertEquals(2, count("select count(*) from submission where campaign_code = ?", code),
                "no second submission of the contested revision");
        // A request that read a draft before the batch submitted it cannot change it afterwards.
        given().auth().oauth2(Tokens.admin()).contentType("application/json").header("If-Match", staleEtag)
                .body(Answers.body(complete)).put(path(code, sirens.get(2)))
                .then().statusCode(org.hamcrest.Matchers.oneOf(409, 412)).contentType(PROBLEM);
    }

    @Test
    void aDatabaseFailureOfOneResponseCostsTheOthersNothing() throws Exception {
        String code = "bp-batch-failing";
        List<String> sirens = SubmissionFixtures.communes("2A", 3);
        List<Map<String, Object>> complete = openCampaign(code, sirens.toArray(String[]::new));
        String failing = sirens.get(1);
        execute("""
                create function bp_batch_failing() returns trigger language plpgsql as $$
                begin
                    if new.campaign_code = 'bp-batch-failing' and new.siren = '%s' then
                        raise exception 'this row cannot be written';
                    end if;
                    return new;
                end $$""".formatted(failing));
        execute("create trigger bp_batch_failing before insert or update on response for each row execute function bp_batch_failing()");
        try {
            given().auth().oauth2(Tokens.admin()).contentType("application/json")
                    .body(Answers.batch(sirens.stream().map(s -> Answers.item(s, complete)).toList()))
                    .post(batchPath(code))
                    .then().statusCode(200)
                    .body("submitted", equalTo(2))
                    .body("failed", equalTo(1))
                    .body("results.status", contains("SUBMITTED", "FAILED", "SUBMITTED"))
                    .body("results[1].detail", equalTo("Unexpected failure; nothing was stored for this SIREN: submit it again"));
        } finally {
            execute("drop trigger bp_batch_failing on response");
            execute("drop function bp_batch_failing()");
        }
        assertEquals(2, count("select count(*) from submission where campaign_code = ?", code));
        assertEquals(2, count("select count(*) from outbox_message where message_key like ? || ':%'", code));
        given().auth().oauth2(Tokens.admin()).get(path(code, failing)).then().statusCode(404);
    }

    private static Connection db() throws SQLException {
        return EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = db(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<String> column(String sql, String... parameters) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setString(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }

    private static long count(String sql, String... parameters) throws SQLException {
        return Long.parseLong(column(sql, parameters).get(0));
    }

    @Test
    void batchOfMoreThanAThousandResponsesIsTooLarge() {
        String code = "bp-batch-limit";
        List<Map<String, Object>> complete = openCampaign(code, GUITERA);
        List<Map<String, Object>> items = new ArrayList<>();
        items.add(Answers.item(GUITERA, complete));
        items.addAll(Collections.nCopies(1000, Answers.item(GUITERA, List.of())));

        given().auth().oauth2(partner()).contentType("application/json")
                .body(Answers.batch(items))
                .post(batchPath(code))
                .then().statusCode(413)
                .contentType(PROBLEM)
                .body("status", equalTo(413))
                .body("type", endsWith("/request-too-large"));
        given().auth().oauth2(Tokens.admin()).get(path(code, GUITERA)).then().statusCode(404);

        // A thousand is the limit, not beyond it: each item is then validated on its own.
        given().auth().oauth2(partner()).contentType("application/json")
                .body(Answers.batch(items.subList(1, 1001)))
                .post(batchPath(code))
                .then().statusCode(200)
                .body("results", hasSize(1000))
                .body("failed", equalTo(1000))
                .body("results.status", everyItem(equalTo("INVALID")));
    }

    @Test
    void respondentCannotSendABatch() {
        String code = "bp-batch-respondent";
        List<Map<String, Object>> complete = openCampaign(code, GUITERA);
        given().auth().oauth2(Tokens.respondent(GUITERA)).contentType("application/json")
                .body(Answers.batch(List.of(Answers.item(GUITERA, complete))))
                .post(batchPath(code))
                .then().statusCode(403)
                .contentType(PROBLEM);
        given().auth().oauth2(Tokens.admin()).get(path(code, GUITERA)).then().statusCode(404);
    }

    // ---------------------------------------------------------------------------------------------
    // Participation
    // ---------------------------------------------------------------------------------------------

    // Territoire de Belfort, Lozère and Corse-du-Sud, by stratum (INSEE population municipale).
    static final String FELON = "219000445";          // S1
    static final String FRAIS = "219000502";          // S1
    static final String BRETAGNE = "219000197";       // S1
    static final String MENDE = "214800955";          // S2
    static final String SAINT_CHELY = "214801409";    // S2
    static final String BELFORT = "219000106";        // S3
    static final String PAYS_AJACCIEN = "242010056";  // S4
    static final String GRAND_BELFORT = "200069052";  // S5

    @Test
    void participationCountsTheAudienceOverallAndByStratum() {
        String code = "bp-participation";
        String other = "bp-participation-other";
        List<Map<String, Object>> complete = openCampaign(code,
                FELON, FRAIS, BRETAGNE, MENDE, SAINT_CHELY, BELFORT, PAYS_AJACCIEN, GRAND_BELFORT);
        // Bretagne's response to another campaign does not count in this one.
        openCampaign(other, BRETAGNE);
        String admin = Tokens.admin();
        Responses.createAndSubmit(admin, other, BRETAGNE, complete);

        Responses.createAndSubmit(admin, code, FELON, complete);
        Responses.create(admin, code, FRAIS, complete);
        Responses.createAndSubmit(admin, code, MENDE, complete);
        Responses.createAndSubmit(admin, code, BELFORT, complete);
        Responses.createAndSubmit(admin, code, PAYS_AJACCIEN, complete);
        given().auth().oauth2(admin).post(path(code, PAYS_AJACCIEN) + "/reopen").then().statusCode(200);

        ValidatableResponse participation = given().auth().oauth2(Tokens.analyst())
                .get("/campaigns/" + code + "/participation")
                .then().statusCode(200)
                .body("campaign", equalTo(code))
                .body("overall.audience", equalTo(8))
                .body("overall.drafts", equalTo(2))
                .body("overall.submitted", equalTo(3))
                .body("overall.notStarted", equalTo(3))
                .body("overall.submittedRate", equalTo(0.375f))
                .body("byStratum.stratum", contains("S1", "S2", "S3", "S4", "S5", "S6"));
        expectStratum(participation, "S1", 3, 1, 1, 1);
        expectStratum(participation, "S2", 2, 0, 1, 1);
        expectStratum(participation, "S3", 1, 0, 1, 0);
        expectStratum(participation, "S4", 1, 1, 0, 0);
        expectStratum(participation, "S5", 1, 0, 0, 1);
        expectStratum(participation, "S6", 0, 0, 0, 0);

        given().auth().oauth2(Tokens.analyst())
                .get("/campaigns/" + other + "/participation")
                .then().statusCode(200)
                .body("overall.audience", equalTo(1))
                .body("overall.submitted", equalTo(1));
    }

    private static void expectStratum(ValidatableResponse participation, String stratum,
                                      int audience, int drafts, int submitted, int notStarted) {
        String counts = "byStratum.find { it.stratum == '" + stratum + "' }.counts.";
        participation.body(counts + "audience", equalTo(audience))
                .body(counts + "drafts", equalTo(drafts))
                .body(counts + "submitted", equalTo(submitted))
                .body(counts + "notStarted", equalTo(notStarted));
    }

    @Test
    void participationIsForAnalystsAndAdminsOnly() {
        String code = "bp-participation-roles";
        openCampaign(code, FELON);
        given().auth().oauth2(Tokens.respondent(FELON)).get("/campaigns/" + code + "/participation")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Tokens.partner(List.of(), List.of(FELON))).get("/campaigns/" + code + "/participation")
                .then().statusCode(403);
        given().get("/campaigns/" + code + "/participation").then().statusCode(401);
        given().auth().oauth2(Tokens.admin()).get("/campaigns/" + code + "/participation")
                .then().statusCode(200).body("overall.audience", equalTo(1));
        given().auth().oauth2(Tokens.analyst()).get("/campaigns/bp-no-such-campaign/participation")
                .then().statusCode(404).contentType(PROBLEM);
    }

    // ---------------------------------------------------------------------------------------------
    // List of responses
    // ---------------------------------------------------------------------------------------------

    static final String ARZENC = "214800070";
    static final String ESCLANEDES = "214800567";
    static final String FAVEROIS = "219000437";
    static final String FECHE = "219000452";

    @Test
    void responsesAreListedByStatusAndPaginated() {
        String code = "bp-list";
        List<Map<String, Object>> complete = openCampaign(code, ARZENC, ESCLANEDES, FAVEROIS, FECHE);
        String admin = Tokens.admin();
        Responses.createAndSubmit(admin, code, FAVEROIS, complete);
        Responses.createAndSubmit(admin, code, ARZENC, complete);
        Responses.create(admin, code, FECHE, complete);
        Responses.createAndSubmit(admin, code, ESCLANEDES, complete);
        String list = "/campaigns/" + code + "/responses";

        given().auth().oauth2(Tokens.analyst()).queryParam("status", "SUBMITTED").queryParam("size", 2)
                .get(list)
                .then().statusCode(200)
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("total", equalTo(3))
                .body("items.siren", contains(ARZENC, ESCLANEDES))
                .body("items.status", everyItem(equalTo("SUBMITTED")))
                .body("items[0].name", equalTo("Arzenc-d'Apcher"))
                .body("items[0].revision", equalTo(1));
        given().auth().oauth2(Tokens.analyst()).queryParam("status", "SUBMITTED").queryParam("size", 2).queryParam("page", 1)
                .get(list)
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.siren", contains(FAVEROIS));
        given().auth().oauth2(Tokens.analyst()).queryParam("status", "DRAFT")
                .get(list)
                .then().statusCode(200)
                .body("total", equalTo(1))
                .body("items.siren", contains(FECHE));
        given().auth().oauth2(admin)
                .get(list)
                .then().statusCode(200)
                .body("total", equalTo(4))
                .body("items.siren", contains(ARZENC, ESCLANEDES, FAVEROIS, FECHE))
                .body("items.status", hasItem("DRAFT"));
    }

    @Test
    void responsesListIsForAnalystsAndAdminsOnly() {
        String code = "bp-list-roles";
        List<Map<String, Object>> complete = openCampaign(code, ARZENC);
        Responses.create(Tokens.admin(), code, ARZENC, complete);
        given().auth().oauth2(Tokens.respondent(ARZENC)).get("/campaigns/" + code + "/responses")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(Tokens.partner(List.of(), List.of(ARZENC))).get("/campaigns/" + code + "/responses")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.analyst()).queryParam("size", 501).get("/campaigns/" + code + "/responses")
                .then().statusCode(400).contentType(PROBLEM);
    }
}
