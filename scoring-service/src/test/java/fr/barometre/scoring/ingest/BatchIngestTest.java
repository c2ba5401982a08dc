package fr.barometre.scoring.ingest;

import com.github.tomakehurst.wiremock.client.WireMock;
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
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.scoring.testing.Api.assessment;
import static fr.barometre.scoring.testing.Api.deliver;
import static fr.barometre.scoring.testing.Api.deliverBatch;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.questionnairePath;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.server;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubQuestionnaire;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * POST /internal/assessments/batch: survey-service delivering many submissions in one call, each taken
 * as the single delivery takes it, with one result per message in the order of the messages.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class BatchIngestTest {

    private static final String CAMPAIGN = "batch-25";
    private static final String VERSION = "batch-25.1";

    @BeforeAll
    static void surveyServesTheQuestionnaire() {
        stubQuestionnaire(CAMPAIGN, VERSION, Questionnaires.small(VERSION));
    }

    /**
     * The batches' rows go, so that the other classes sharing the database (and reading the feed from its start)
     * find theirs as before: these tests write hundreds.
     */
    @AfterAll
    static void dropTheBatchesRows() {
        for (String campaign : List.of(CAMPAIGN, "batch-down")) {
            Db.update("delete from outbox_message where message_key like ?", campaign + ":%");
            Db.update("delete from assessment where campaign_code = ?", campaign);
            Db.update("delete from submission where campaign_code = ?", campaign);
        }
    }

    private static long rows(String table, String siren) {
        return Db.count("select count(*) from " + table + " where campaign_code = ? and siren = ?", CAMPAIGN, siren);
    }

    private static long facts(String siren) {
        return Db.count("select count(*) from outbox_message where message_key like ?", CAMPAIGN + ":" + siren + ":%");
    }

    private static Submissions message(String siren, int revision, int level) {
        return Submissions.of(CAMPAIGN, siren, revision, VERSION).levels(level, "CYB-A", "CYB-B", "DIA-A");
    }

    @Test
    void eachMessageGetsItsOwnResultInOrderAndTheSingleEndpointsProblems() {
        Submissions broken = Submissions.of(CAMPAIGN, "12", 1, VERSION).level("CYB-A", 7);
        JsonPath results = deliverBatch(
                message("300000018", 1, 2),
                broken,
                message("300000026", 1, 3).set("revision", "one"),
                message("300000034", 1, 4),
                "null",
                message("300000042", 1, 1).set("surprise", true))
                .statusCode(200).contentType("application/json")
                .body("results.status", contains(200, 422, 400, 200, 400, 400))
                .body("results[0].problem", nullValue())
                .body("results[3].problem", nullValue())
                .body("results[1].problem.status", equalTo(422))
                .body("results[2].problem.errors.field", contains("revision"))
                .body("results[5].problem.errors.field", contains("surprise"))
                .extract().jsonPath();
        // the same problems, at the same paths, as the single endpoint gives
        JsonPath single = deliver(broken).statusCode(422).extract().jsonPath();
        assertEquals(single.getList("errors"), results.getList("results[1].problem.errors"));
        assertEquals(single.getString("detail"), results.getString("results[1].problem.detail"));

        assessment(CAMPAIGN, "300000018").statusCode(200).body("themes.find { it.theme == 'CYBERSECURITE' }.score", equalTo(50.0f));
        assessment(CAMPAIGN, "300000034").statusCode(200).body("themes.find { it.theme == 'CYBERSECURITE' }.score", equalTo(100.0f));
        for (String refused : List.of("300000026", "300000042")) {
            assertEquals(0, rows("submission", refused), refused);
            assertEquals(0, rows("assessment", refused), refused);
        }
    }

    @Test
    void aRedeliveredBatchIsTakenAgainAndWritesNothingTwice() {
        Object[] batch = {message("300000059", 1, 2), message("300000067", 1, 3), message("300000059", 1, 2)};
        deliverBatch(batch).statusCode(200).body("results.status", contains(200, 200, 200));
        deliverBatch(batch).statusCode(200).body("results.status", contains(200, 200, 200));
        for (String siren : List.of("300000059", "300000067")) {
            assertEquals(1, rows("submission", siren), siren);
            assertEquals(1, rows("assessment", siren), siren);
            assertEquals(1, facts(siren), siren);
        }
        // a single redelivery answers as the batch's first delivery did
        deliver(message("300000067", 1, 3)).statusCode(200).body("assessmentVersion", equalTo(1)).body("superseded", equalTo(false));
    }

    @Test
    void anOlderRevisionAfterANewerOneInTheSameBatchIsKeptButNotAssessed() {
        String siren = "300000075";
        deliverBatch(message(siren, 2, 4), message(siren, 1, 0)).statusCode(200).body("results.status", contains(200, 200));
        assessment(CAMPAIGN, siren).statusCode(200)
                .body("revision", equalTo(2)).body("assessmentVersion", equalTo(1))
                .body("themes.find { it.theme == 'CYBERSECURITE' }.score", equalTo(100.0f));
        assertEquals(2, rows("submission", siren));
        assertEquals(1, rows("assessment", siren));
        assertEquals(1, facts(siren));
        deliver(message(siren, 1, 0)).statusCode(200).body("superseded", equalTo(true)).body("assessmentVersion", nullValue());
    }

    @Test
    void twoRevisionsOfOneAuthorityInOrderInOneBatchGetTwoVersions() {
        String siren = "300000083";
        deliverBatch(message(siren, 1, 1), message(siren, 2, 3)).statusCode(200).body("results.status", contains(200, 200));
        assessment(CAMPAIGN, siren).statusCode(200)
                .body("revision", equalTo(2)).body("assessmentVersion", equalTo(2))
                .body("themes.find { it.theme == 'CYBERSECURITE' }.score", equalTo(75.0f));
        assertEquals(List.of(Map.of("revision", 1, "assessment_version", 1), Map.of("revision", 2, "assessment_version", 2)),
                Db.rows("select revision, assessment_version from assessment where campaign_code = ? and siren = ? order by 2",
                        CAMPAIGN, siren));
        assertEquals(2, facts(siren));
        deliver(message(siren, 1, 1)).statusCode(200).body("assessmentVersion", equalTo(1)).body("superseded", equalTo(false));
    }

    @Test
    void aQuestionnaireSurveyServiceCannotServeMakesOnlyItsMessages503() {
        String down = "batch-down";
        String version = "batch-down.1";
        StubMapping unavailable = server().stubFor(get(urlPathEqualTo(questionnairePath(down)))
                .willReturn(aResponse().withStatus(503)));
        try {
            deliverBatch(Submissions.of(down, "300000091", 1, version).level("CYB-A", 2),
                    message("300000109", 1, 2),
                    Submissions.of(down, "300000117", 1, version).level("CYB-A", 3))
                    .statusCode(200)
                    .body("results.status", contains(503, 200, 503))
                    .body("results[0].problem.status", equalTo(503))
                    .body("results[0].problem.type", equalTo("https://barometre.github.io/problems/service-unavailable"));
        } finally {
            server().removeStub(unavailable);
        }
        // asked once for the two messages of that questionnaire, and nothing of them stored
        server().verify(1, getRequestedFor(urlPathEqualTo(questionnairePath(down))).withQueryParam("version", WireMock.equalTo(version)));
        assertEquals(0, Db.count("select count(*) from submission where campaign_code = ?", down));
        assertEquals(0, Db.count("select count(*) from outbox_message where message_key like ?", down + ":%"));
        assertEquals(1, rows("assessment", "300000109"));
        // survey-service is back: the sender's retry of those messages is taken
        stubQuestionnaire(down, version, Questionnaires.small(version));
        deliverBatch(Submissions.of(down, "300000091", 1, version).level("CYB-A", 2)).statusCode(200).body("results.status", contains(200));
    }

    @Test
    void theEnvelopeIsOneToFiveHundredMessages() {
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            many.add(message(String.format("31%07d", i), 1, 2));
        }
        deliverBatch(many.toArray()).statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        deliverBatch().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("messages"));
        for (String body : List.of("{}", "{\"messages\": null}", "[]", "{\"messages\": {}}", "{\"messages\": [], \"more\": 1}", "\"x\"")) {
            given().auth().oauth2(Tokens.withRoles("scoring-ingest")).contentType("application/json").body(body)
                    .post("/internal/assessments/batch").then().statusCode(400).contentType("application/problem+json");
        }
        assertEquals(0, Db.count("select count(*) from submission where siren like '31%'"));
        // 500 is a batch
        deliverBatch(many.subList(0, 500).toArray()).statusCode(200).body("results.size()", equalTo(500));
        assertEquals(500, Db.count("select count(*) from assessment where siren like '31%'"));
    }

    @Test
    void onlyTheScoringIngestRoleMayDeliverABatch() {
        String body = "{\"messages\": [" + message("300000125", 1, 2) + "]}";
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(body)
                .post("/internal/assessments/batch").then().statusCode(403).contentType("application/problem+json");
        given().contentType("application/json").body(body)
                .post("/internal/assessments/batch").then().statusCode(401).contentType("application/problem+json");
        assertEquals(0, rows("submission", "300000125"));
    }

    /**
     * The authorities' locks are taken in one fixed order, the lock ids' (so that two writers on
     * overlapping authorities queue rather than deadlock), whatever the order of the messages: while
     * another transaction holds the lock that comes first, a batch waits holding none of the others.
     */
    @Test
    void aBatchTakesItsAuthoritiesLocksInTheOrderOfTheLockIds() throws Exception {
        String[] sirens = {"300000133", "300000141"};
        Map<String, Object> ids = Db.rows("select hashtext(?)::bigint as a, hashtext(?)::bigint as b",
                CAMPAIGN + ":" + sirens[0], CAMPAIGN + ":" + sirens[1]).get(0);
        boolean aFirst = ((Number) ids.get("a")).longValue() < ((Number) ids.get("b")).longValue();
        String first = aFirst ? sirens[0] : sirens[1];
        String second = aFirst ? sirens[1] : sirens[0];
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (java.sql.Connection other = Db.connect()) {
            other.setAutoCommit(false);
            try (var lock = other.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
                lock.setString(1, CAMPAIGN + ":" + first);
                lock.execute();
            }
            int holder;
            try (var pid = other.createStatement().executeQuery("select pg_backend_pid()")) {
                pid.next();
                holder = pid.getInt(1);
            }
            // the messages name the authority whose lock comes second first
            Future<List<Integer>> call = pool.submit(() -> deliverBatch(message(second, 1, 2), message(first, 1, 3))
                    .statusCode(200).extract().jsonPath().getList("results.status", Integer.class));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (Db.count("select count(*) from pg_locks where locktype = 'advisory' and not granted") == 0) {
                assertTrue(System.nanoTime() < deadline, "the batch never waited for the lock held");
                Thread.sleep(50);
            }
            assertEquals(0, Db.count("select count(*) from pg_locks where locktype = 'advisory' and granted and pid <> ?", holder),
                    "while waiting for the first lock, the batch holds none of the others");
            other.rollback();
            assertEquals(List.of(200, 200), call.get(120, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, rows("assessment", first));
        assertEquals(1, rows("assessment", second));
    }

    /**
     * Batches of different revisions of the same authorities, in different orders, at once: each
     * authority's assessment versions are 1, 2, ... with none twice, and its current assessment is of its
     * newest revision.
     */
    @Test
    void concurrentBatchesOnTheSameAuthoritiesNeverShareAnAssessmentVersion() throws Exception {
        List<String> sirens = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sirens.add(String.format("32%07d", i));
        }
        int senders = 4;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<List<Integer>>> calls = new ArrayList<>();
            for (int t = 0; t < senders; t++) {
                int revision = t + 1;
                List<String> order = new ArrayList<>(sirens);
                if (t % 2 == 1) {
                    Collections.reverse(order);
                }
                calls.add(pool.submit(() -> deliverBatch(order.stream().map(s -> message(s, revision, revision % 5)).toArray())
                        .statusCode(200).extract().jsonPath().getList("results.status", Integer.class)));
            }
            for (Future<List<Integer>> call : calls) {
                assertEquals(Collections.nCopies(sirens.size(), 200), call.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        for (String siren : sirens) {
            List<Map<String, Object>> versions = Db.rows("""
                    select count(*) as n, count(distinct assessment_version) as distinct_versions, max(assessment_version) as last
                    from assessment where campaign_code = ? and siren = ?""", CAMPAIGN, siren);
            Map<String, Object> v = versions.get(0);
            assertEquals(v.get("n"), v.get("distinct_versions"), siren + ": " + v);
            assertEquals(((Number) v.get("n")).intValue(), ((Number) v.get("last")).intValue(), siren + ": " + v);
            assertEquals(senders, rows("submission", siren), siren);
            assessment(CAMPAIGN, siren).statusCode(200).body("revision", equalTo(senders));
        }
    }
}
