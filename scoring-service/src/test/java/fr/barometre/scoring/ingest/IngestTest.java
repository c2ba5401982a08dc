package fr.barometre.scoring.ingest;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Submissions;
import fr.barometre.scoring.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.scoring.testing.Api.assessment;
import static fr.barometre.scoring.testing.Api.deliver;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.questionnairePath;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.server;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubQuestionnaire;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** POST /internal/assessments: survey-service delivering submissions, at least once and in any order. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class IngestTest {

    private static final String CAMPAIGN = "ingest-25";
    private static final String VERSION = "ingest-25.1";

    @BeforeAll
    static void surveyServesTheQuestionnaire() {
        stubQuestionnaire(CAMPAIGN, VERSION, Questionnaires.defaultQuestionnaire(VERSION));
    }

    private static long rows(String table, String campaign, String siren) {
        return Db.count("select count(*) from " + table + " where campaign_code = ? and siren = ?", campaign, siren);
    }

    @Test
    void deliveredSubmissionIsAssessedAndAcknowledgedWithAReceipt() {
        deliver(Submissions.of(CAMPAIGN, "100000011", 1, VERSION).levels(3, "DIA-PLAN-FORMATION", "DIA-PILOTAGE-IA"))
                .statusCode(200)
                .body("campaign", equalTo(CAMPAIGN))
                .body("siren", equalTo("100000011"))
                .body("revision", equalTo(1))
                .body("assessmentVersion", equalTo(1))
                .body("superseded", equalTo(false));
        assessment(CAMPAIGN, "100000011").statusCode(200)
                .body("revision", equalTo(1))
                .body("assessmentVersion", equalTo(1))
                .body("model", equalTo("barometre-v1"))
                .body("themes.find { it.theme == 'DONNEES_IA' }.score", equalTo(75.0f))
                .body("themes.find { it.theme == 'DONNEES_IA' }.level", equalTo(3))
                .body("themes.find { it.theme == 'DONNEES_IA' }.engaged", equalTo(true))
                .body("themes.find { it.theme == 'CYBERSECURITE' }.score", nullValue());
    }

    @Test
    void redeliveryAnswersTheSameReceiptAndStoresNothingTwice() {
        Submissions message = Submissions.of(CAMPAIGN, "100000029", 1, VERSION).level("CYB-HYGIENE", 2);
        String first = deliver(message).statusCode(200).extract().asString();
        String again = deliver(message).statusCode(200).extract().asString();
        String third = deliver(message).statusCode(200).extract().asString();
        assertEquals(first, again);
        assertEquals(first, third);
        assessment(CAMPAIGN, "100000029").statusCode(200).body("assessmentVersion", equalTo(1));
        assertEquals(1, rows("assessment", CAMPAIGN, "100000029"));
        assertEquals(1, rows("submission", CAMPAIGN, "100000029"));
        assertEquals(1, Db.count("select count(*) from outbox_message where message_key like ?", CAMPAIGN + ":100000029:%"));
    }

    @Test
    void concurrentDeliveriesOfOneMessageStoreItOnce() throws Exception {
        String siren = "100000102";
        Submissions message = Submissions.of(CAMPAIGN, siren, 1, VERSION).level("CYB-HYGIENE", 3);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> receipts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                receipts.add(pool.submit(() -> deliver(message).statusCode(200).extract().asString()));
            }
            Set<String> distinct = new HashSet<>();
            for (Future<String> receipt : receipts) {
                distinct.add(receipt.get(60, TimeUnit.SECONDS));
            }
            assertEquals(1, distinct.size(), "every delivery gets the same receipt: " + distinct);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, rows("assessment", CAMPAIGN, siren));
        assertEquals(1, rows("submission", CAMPAIGN, siren));
        assertEquals(1, Db.count("select count(*) from outbox_message where message_key like ?", CAMPAIGN + ":" + siren + ":%"));
    }

    @Test
    void olderRevisionDeliveredAfterANewerOneDoesNotReplaceIt() {
        String siren = "100000037";
        deliver(Submissions.of(CAMPAIGN, siren, 2, VERSION).level("CYB-HYGIENE", 4))
                .statusCode(200).body("assessmentVersion", equalTo(1)).body("superseded", equalTo(false));
        deliver(Submissions.of(CAMPAIGN, siren, 1, VERSION).level("CYB-HYGIENE", 0))
                .statusCode(200)
                .body("revision", equalTo(1))
                .body("assessmentVersion", nullValue())
                .body("superseded", equalTo(true));
        assessment(CAMPAIGN, siren).statusCode(200)
                .body("revision", equalTo(2))
                .body("assessmentVersion", equalTo(1))
                .body("themes.find { it.theme == 'CYBERSECURITE' }.score", equalTo(100.0f));
        assertEquals(1, rows("assessment", CAMPAIGN, siren));
        // kept, though not assessed: a redelivery of it still answers "superseded"
        assertEquals(2, rows("submission", CAMPAIGN, siren));
        deliver(Submissions.of(CAMPAIGN, siren, 1, VERSION).level("CYB-HYGIENE", 0))
                .statusCode(200).body("superseded", equalTo(true)).body("assessmentVersion", nullValue());
    }

    @Test
    void newRevisionGetsAGreaterAssessmentVersion() {
        String siren = "100000045";
        deliver(Submissions.of(CAMPAIGN, siren, 1, VERSION).level("INC-DIAGNOSTIC", 1))
                .statusCode(200).body("assessmentVersion", equalTo(1));
        deliver(Submissions.of(CAMPAIGN, siren, 2, VERSION).level("INC-DIAGNOSTIC", 4))
                .statusCode(200).body("revision", equalTo(2)).body("assessmentVersion", equalTo(2)).body("superseded", equalTo(false));
        assessment(CAMPAIGN, siren).statusCode(200)
                .body("revision", equalTo(2))
                .body("assessmentVersion", equalTo(2))
                .body("themes.find { it.theme == 'INCLUSION' }.score", equalTo(100.0f));
        // the first delivery's receipt is still what a redelivery of revision 1 answers
        deliver(Submissions.of(CAMPAIGN, siren, 1, VERSION).level("INC-DIAGNOSTIC", 1))
                .statusCode(200).body("assessmentVersion", equalTo(1)).body("superseded", equalTo(false));
        assertEquals(2, rows("assessment", CAMPAIGN, siren));
    }

    @Test
    void questionnaireIsFetchedOnceForSubmissionsOfTheSameVersion() {
        String campaign = "ingest-once";
        String version = "once.1";
        stubQuestionnaire(campaign, version, Questionnaires.small(version));
        deliver(Submissions.of(campaign, "100000052", 1, version).level("CYB-A", 2)).statusCode(200);
        deliver(Submissions.of(campaign, "100000060", 1, version).level("CYB-A", 3)).statusCode(200);
        deliver(Submissions.of(campaign, "100000052", 2, version).level("CYB-A", 4)).statusCode(200);
        server().verify(1, getRequestedFor(urlPathEqualTo(questionnairePath(campaign)))
                .withQueryParam("version", WireMock.equalTo(version))
                .withHeader("Authorization", matching("Bearer .+")));
        assertEquals(1, Db.count("select count(*) from questionnaire where campaign_code = ? and version = ?", campaign, version));
    }

    @Test
    void surveyServiceUnableToAnswerGets503AndNothingIsStoredUntilItIsBack() {
        String campaign = "ingest-down";
        String version = "down.1";
        String siren = "100000078";
        Submissions message = Submissions.of(campaign, siren, 1, version).level("DIA-A", 4);

        // survey-service answers 503
        StubMapping down = server().stubFor(get(urlPathEqualTo(questionnairePath(campaign)))
                .willReturn(aResponse().withStatus(503)));
        deliver(message).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("status", equalTo(503));
        // survey-service does not know the version yet (no stub: WireMock answers 404)
        server().removeStub(down);
        deliver(message).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue());
        assertEquals(0, rows("submission", campaign, siren));
        assertEquals(0, rows("assessment", campaign, siren));
        assertEquals(0, Db.count("select count(*) from questionnaire where campaign_code = ?", campaign));
        assertEquals(0, Db.count("select count(*) from outbox_message where message_key like ?", campaign + ":%"));

        // survey-service unreachable (the connection drops)
        StubMapping unreachable = server().stubFor(get(urlPathEqualTo(questionnairePath(campaign)))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        deliver(message).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue());
        server().removeStub(unreachable);
        assertEquals(0, rows("submission", campaign, siren));

        // survey-service is back: the sender's retry of the same message succeeds
        stubQuestionnaire(campaign, version, Questionnaires.small(version));
        deliver(message).statusCode(200).body("assessmentVersion", equalTo(1)).body("superseded", equalTo(false));
        assessment(campaign, siren).statusCode(200).body("themes.find { it.theme == 'DONNEES_IA' }.score", equalTo(100.0f));
        assertEquals(1, rows("assessment", campaign, siren));
    }

    @Test
    void onlyTheScoringIngestRoleMayDeliver() {
        String body = Submissions.of(CAMPAIGN, "100000086", 1, VERSION).level("CYB-HYGIENE", 2).json();
        given().auth().oauth2(Tokens.respondent("100000086")).contentType("application/json").body(body)
                .post("/internal/assessments").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(body)
                .post("/internal/assessments").then().statusCode(403);
        given().auth().oauth2(Tokens.withRoles("scoring-feed")).contentType("application/json").body(body)
                .post("/internal/assessments").then().statusCode(403);
        given().contentType("application/json").body(body)
                .post("/internal/assessments").then().statusCode(401).contentType("application/problem+json");
        assertEquals(0, rows("submission", CAMPAIGN, "100000086"));
    }

    @Test
    void malformedMessageIsRefusedWith422ListingEveryProblem() {
        String campaign = "ingest-bad";
        deliver(Submissions.of(campaign, "12", 1, "bad.1").level("CYB-A", 7))
                .statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("errors.field", hasItem("siren"))
                .body("errors.question", hasItem("CYB-A"));
        deliver(Submissions.of(campaign, "100000094", 0, " ").set("campaign", ""))
                .statusCode(422)
                .body("errors.field", containsInAnyOrder("campaign", "revision", "questionnaireVersion"));
        deliver(Submissions.of(campaign, "100000094", 1, "bad.1").abstention("CYB-A", "PEUT-ETRE").abstention("CYB-B", "NSP")
                .set("answers", java.util.List.of(java.util.Map.of("question", "CYB-A", "abstention", "PEUT-ETRE"),
                        java.util.Map.of("question", "CYB-C", "level", 2, "abstention", "NA"))))
                .statusCode(422)
                .body("errors.question", containsInAnyOrder("CYB-A", "CYB-C"));
        assertEquals(0, Db.count("select count(*) from submission where campaign_code = ?", campaign));
        // refused before survey-service was asked anything
        server().verify(0, getRequestedFor(urlPathEqualTo(questionnairePath(campaign))));
    }
}
