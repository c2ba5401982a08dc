package fr.barometre.reporting.ingest;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.Facts;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static fr.barometre.reporting.testing.Facts.fact;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The read model keeps, per (campaign, authority), the fact with the greatest assessmentVersion. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class FactIngestTest {

    private static final String CAMPAIGN = "ingest";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    FactIntake facts;

    @Inject
    ObjectMapper json;

    /**
     * A catch-up page (many facts in one transaction) and a live delivery of one of its facts, at
     * once (two replicas, or the catch-up and the relay of one): the delivery waits for the page
     * instead of the two deadlocking, and both end well.
     */
    @Test
    void aCatchUpPageAndALiveDeliveryOfOneOfItsFactsWaitForEachOtherWithoutDeadlock() throws Exception {
        String campaign = "ingest-order";
        Fact first = facts.prepare(json.readValue(fact(campaign, Facts.siren(2, 1)).allAt(2).json(), Fact.class));
        Fact shared = facts.prepare(json.readValue(fact(campaign, Facts.siren(2, 2)).allAt(3).json(), Fact.class));
        CountDownLatch pageHoldsItsFirstFact = new CountDownLatch(1);
        ExecutorService relay = Executors.newSingleThreadExecutor();
        try {
            Future<IngestReceipt> delivery = relay.submit(() -> {
                pageHoldsItsFirstFact.await();
                return QuarkusTransaction.requiringNew().call(() -> facts.apply(shared));
            });
            QuarkusTransaction.requiringNew().run(() -> {
                facts.apply(first);
                pageHoldsItsFirstFact.countDown();
                try {
                    Thread.sleep(1500);   // the delivery of the shared fact runs meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                facts.apply(shared);
            });
            assertEquals(1, delivery.get(30, TimeUnit.SECONDS).currentAssessmentVersion());
        } finally {
            relay.shutdownNow();
        }
        assertEquals(List.of("1"), rows("select assessment_version::text from fact where campaign_code = ? and siren = ?",
                campaign, Facts.siren(2, 2)));
    }

    @Test
    void aFirstFactIsKeptWithItsThemesAndAnswers() throws Exception {
        String siren = Facts.siren(1, 1);
        fact(CAMPAIGN, siren).allAt(3).index("75").level("DIA-PLAN-FORMATION", 3).abstention("CYB-PLAN-CRISE", "NSP")
                .value("DIA-USAGE-AGENTS", "ORGANISE").value("DIA-OUTILS", List.of("CHATBOT", "CODE"))
                .value("CYB-NIS2", true).value("GOV-BUDGET", 12500.50)
                .post().statusCode(200)
                .body("campaign", equalTo(CAMPAIGN)).body("siren", equalTo(siren))
                .body("assessmentVersion", equalTo(1)).body("currentAssessmentVersion", equalTo(1))
                .body("superseded", equalTo(false));
        assertEquals(List.of("1|75"), rows("select assessment_version || '|' || index from fact where campaign_code = ? and siren = ?", siren));
        assertEquals(7, rows("select unnest(theme_codes) from fact where campaign_code = ? and siren = ?", siren).size());
        assertEquals(List.of("CYB-NIS2=true", "CYB-PLAN-CRISE=NSP", "DIA-OUTILS=CHATBOT", "DIA-OUTILS=CODE",
                        "DIA-PLAN-FORMATION=3", "DIA-USAGE-AGENTS=ORGANISE", "GOV-BUDGET=12500.5:12500.5"),
                rows("select question || '=' || answer || coalesce(':' || number, '') from fact, "
                        + "unnest(answer_questions, answer_values, answer_numbers) a(question, answer, number) "
                        + "where campaign_code = ? and siren = ? order by 1", siren));
    }

    @Test
    void aRedeliveryAnswersTheSameAndChangesNothing() throws Exception {
        String siren = Facts.siren(1, 2);
        Facts f = fact(CAMPAIGN, siren).version(2).allAt(2);
        String first = f.post().statusCode(200).extract().asString();
        List<String> version = rows("select version::text from campaign_version where campaign_code = ? and ? is not null", siren);
        String again = f.post().statusCode(200).extract().asString();
        assertEquals(first, again);
        assertEquals(version, rows("select version::text from campaign_version where campaign_code = ? and ? is not null", siren));
    }

    @Test
    void anOlderFactNeverOverwritesANewerOne() throws Exception {
        String siren = Facts.siren(1, 3);
        fact(CAMPAIGN, siren).version(3).stratum("S4").allAt(4).deliver();
        fact(CAMPAIGN, siren).version(2).stratum("S2").allAt(0).post().statusCode(200)
                .body("assessmentVersion", equalTo(2)).body("currentAssessmentVersion", equalTo(3))
                .body("superseded", equalTo(true));
        assertEquals(List.of("3|S4"), rows("select assessment_version || '|' || stratum from fact where campaign_code = ? and siren = ?", siren));
        assertEquals(List.of("4"), rows("select distinct level::text from fact, unnest(theme_levels) level where campaign_code = ? and siren = ?", siren));
    }

    @Test
    void aRescoringReplacesWhatItChanges() throws Exception {
        String siren = Facts.siren(1, 4);
        fact(CAMPAIGN, siren).version(1).allAt(3).value("DIA-USAGE-AGENTS", "AUCUN").deliver();
        fact(CAMPAIGN, siren).version(2).model("barometre-v2").levels(3, 3, 3, 3, 3, 3, -1).level("DIA-PLAN-FORMATION", 1).deliver();
        assertEquals(List.of("2|barometre-v2"), rows("select assessment_version || '|' || model from fact where campaign_code = ? and siren = ?", siren));
        assertEquals(List.of("DONNEES_IA:-:false:-"), rows("select theme || ':' || coalesce(score::text, '-') || ':' || engaged || ':' || coalesce(level::text, '-') from fact, "
                + "unnest(theme_codes, theme_scores, theme_levels, theme_engaged) t(theme, score, level, engaged) "
                + "where campaign_code = ? and siren = ? and theme = 'DONNEES_IA'", siren));
        assertEquals(List.of("DIA-PLAN-FORMATION=1"), rows("select question || '=' || answer from fact, unnest(answer_questions, answer_values) a(question, answer) "
                + "where campaign_code = ? and siren = ?", siren));
    }

    @Test
    void textAnswersAreNeverKept() throws Exception {
        String siren = Facts.siren(1, 5);
        fact(CAMPAIGN, siren).allAt(1).value("GOV-COMMENTAIRE", "a private remark").value("GOV-PORTAGE", "ELUS_SEULS").deliver();
        assertEquals(List.of("GOV-PORTAGE"), rows("select unnest(answer_questions) from fact where campaign_code = ? and siren = ?", siren));
        assertFalse(rows("select payload::text from fact where campaign_code = ? and siren = ?", siren).get(0).contains("private remark"));
    }

    @Test
    void aMalformedFactIsRefusedWith422NamingTheFields() {
        given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("application/json")
                .body(fact(CAMPAIGN, "12345").allAt(1).level("DIA-PLAN-FORMATION", 7).json())
                .post("/internal/facts")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItem("siren"))
                .body("errors.question", org.hamcrest.Matchers.hasItem("DIA-PLAN-FORMATION"));
        given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("application/json")
                .body(fact(CAMPAIGN, Facts.siren(1, 6)).allAt(1).json().replace("\"revision\":1", "\"revision\":\"first\""))
                .post("/internal/facts")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo("revision"));
        given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("application/json")
                .body(fact(CAMPAIGN, Facts.siren(1, 6)).theme("DONNEES_IA", "50", 2, true).json().replace("\"engaged\":true", "\"engaged\":null"))
                .post("/internal/facts")
                .then().statusCode(422).body("errors[0].field", equalTo("themes[0].engaged"));
        given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("application/json")
                .body(fact(CAMPAIGN, Facts.siren(1, 6)).theme("MARKETING", "50", 2, false).json())
                .post("/internal/facts")
                .then().statusCode(422).body("errors[0].field", equalTo("themes[0].theme"));
    }

    /** The message's own constraints (Bean Validation on Fact): each broken one named at its full path, in one 422. */
    @Test
    void aFactBreakingTheMessagesConstraintsIsRefusedNamingEachField() {
        String body = fact("c".repeat(33), Facts.siren(1, 9)).revision(0).model(" ").index("100.01").stratum("S9")
                .theme("DONNEES_IA", "100.5", 4, true).value(" ", "ORGANISE").json()
                .replace("\"assessmentVersion\":1", "\"assessmentVersion\":null")
                .replace("\"questionnaireVersion\":\"T.1\"", "\"questionnaireVersion\":\"\"");
        given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("application/json").body(body)
                .post("/internal/facts")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("answers[0].question", "assessmentVersion", "campaign", "index",
                        "model", "profile.stratum", "questionnaireVersion", "revision", "themes[0].score"))
                .body("errors.message", org.hamcrest.Matchers.contains("is required", "must be 1 or more",
                        "is required (at most 32 characters)", "must be between 0 and 100", "is required", "must be S1 to S6",
                        "is required", "must be 1 or more", "must be between 0 and 100"));
        given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("application/json")
                .body(fact(CAMPAIGN, Facts.siren(1, 9)).allAt(1).json().replace("\"profile\":{", "\"profile\":{\"colour\":\"blue\","))
                .post("/internal/facts")
                .then().statusCode(422).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.contains("profile.colour"));
        given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("application/json").body("null")
                .post("/internal/facts")
                .then().statusCode(422).contentType("application/problem+json").body("errors[0].field", equalTo(""));
    }

    @Test
    void onlyTheIngestRoleDeliversFacts() {
        String body = fact(CAMPAIGN, Facts.siren(1, 7)).allAt(1).json();
        given().contentType("application/json").body(body).post("/internal/facts").then().statusCode(401);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(body).post("/internal/facts").then().statusCode(403);
        given().auth().oauth2(Tokens.withRoles("scoring-ingest")).contentType("application/json").body(body).post("/internal/facts").then().statusCode(403);
    }

    @Test
    void anUnreachableQuestionnaireIsA503AndNothingIsKept() throws Exception {
        String siren = Facts.siren(1, 8);
        fact(NeighboursWireMockResource.UNREACHABLE_CAMPAIGN, siren).allAt(1).post()
                .statusCode(503).contentType("application/problem+json").header("Retry-After", "5");
        assertEquals(List.of(), rows("select siren from fact where campaign_code = ? and siren = ?",
                NeighboursWireMockResource.UNREACHABLE_CAMPAIGN, siren));
    }

    private List<String> rows(String sql, String siren) throws Exception {
        return rows(sql, CAMPAIGN, siren);
    }

    private List<String> rows(String sql, String campaign, String siren) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, campaign);
            ps.setString(2, siren);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }
}
