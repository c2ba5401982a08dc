package fr.barometre.scoring.catchup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.scoring.ingest.SubmissionIngest;
import fr.barometre.scoring.testing.Api;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Submissions;
import fr.barometre.scoring.rescoring.RescoringService;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.server;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubQuestionnaire;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Submissions whose delivery was missed are assessed from survey-service's feed, once each. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class SubmissionCatchUpTest {

    private static final String CAMPAIGN = "catchup-25";
    private static final String VERSION = "catchup-25.1";

    @Inject
    SubmissionCatchUp catchUp;

    @Inject
    SubmissionIngest ingest;

    @Test
    void missedSubmissionsAreAssessedFromTheFeedAndTheCursorIsKept() {
        stubQuestionnaire(CAMPAIGN, VERSION, Questionnaires.small(VERSION));
        String first = Submissions.of(CAMPAIGN, "500000014", 1, VERSION).levels(3, "CYB-A", "CYB-B", "CYB-C", "CYB-D").json();
        String second = Submissions.of(CAMPAIGN, "500000022", 1, VERSION).levels(1, "CYB-A", "CYB-B", "CYB-C", "CYB-D").json();
        // the first was delivered already: the feed must not assess it twice
        Api.deliver(first).statusCode(200);
        server().stubFor(get(urlPathEqualTo("/internal/submissions")).withQueryParam("since", absent())
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"items\": [" + first + ", " + second + "], \"nextCursor\": \"77:2\"}")));
        server().stubFor(get(urlPathEqualTo("/internal/submissions")).withQueryParam("since", equalTo("77:2"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"items\": [], \"nextCursor\": \"77:2\"}")));

        assertEquals(2, catchUp.catchUp());
        assertEquals(1, Db.count("select count(*) from assessment where campaign_code = ? and siren = ?", CAMPAIGN, "500000014"));
        assertEquals(1, Db.count("select count(*) from assessment where campaign_code = ? and siren = ?", CAMPAIGN, "500000022"));
        Api.assessment(CAMPAIGN, "500000022").statusCode(200);

        // the next run starts from the kept cursor
        assertEquals(0, catchUp.catchUp());
        server().verify(getRequestedFor(urlPathEqualTo("/internal/submissions")).withQueryParam("since", equalTo("77:2")));
        assertEquals(1, Db.count("select count(*) from feed_cursor where cursor = '77:2'"));

        // another replica read further meanwhile: a round that started from 77:2 does not move the cursor back
        assertEquals(true, catchUp.advance("77:2", "90:1"));
        assertEquals(false, catchUp.advance("77:2", "80:5"));
        assertEquals(1, Db.count("select count(*) from feed_cursor where cursor = '90:1'"));
        assertEquals(false, catchUp.advance(null, "10:1"));
        assertEquals(1, Db.count("select count(*) from feed_cursor where cursor = '90:1'"));
    }

    @Test
    void aFeedItemThatIsNotATakeableSubmissionIsPassedOverAndTheRestOfThePageIsAssessed() {
        String campaign = "catchup-bad";
        String version = "catchup-bad.1";
        stubQuestionnaire(campaign, version, Questionnaires.small(version));
        String badSiren = Submissions.of(campaign, "12", 1, version).level("CYB-A", 2).json();
        String badLevel = Submissions.of(campaign, "500000030", 1, version).level("CYB-A", 9).json();
        String unknownField = Submissions.of(campaign, "500000048", 1, version).level("CYB-A", 2).set("colour", "blue").json();
        String good = Submissions.of(campaign, "500000055", 1, version).level("CYB-A", 4).json();
        StubMapping page = server().stubFor(get(urlPathEqualTo("/internal/submissions")).atPriority(1)
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"items\": [" + badSiren + ", " + badLevel + ", " + unknownField + ", " + good + "], \"nextCursor\": null}")));
        try {
            assertEquals(4, catchUp.catchUp());
        } finally {
            server().removeStub(page);
        }
        assertEquals(1, Db.count("select count(*) from submission where campaign_code = ?", campaign));
        Api.assessment(campaign, "500000055").statusCode(200);
    }

    /**
     * A page whose submissions are all held (what deliveries brought since the last round) is passed over on its
     * keys: the page itself is never asked for, and the cursor moves on. The page served here carries a
     * submission its keys do not name, which would be assessed if the page were read.
     */
    @Test
    void aPageWhoseSubmissionsAreAllHeldIsPassedOverOnItsKeysAlone() {
        String campaign = "catchup-keys";
        String version = "catchup-keys.1";
        stubQuestionnaire(campaign, version, Questionnaires.small(version));
        String held = Submissions.of(campaign, "500000097", 1, version).levels(3, "CYB-A", "CYB-B").json();
        String heldToo = Submissions.of(campaign, "500000105", 1, version).levels(2, "CYB-A", "CYB-B").json();
        String notInKeys = Submissions.of(campaign, "500000113", 1, version).levels(2, "CYB-A", "CYB-B").json();
        Api.deliver(held).statusCode(200);
        Api.deliver(heldToo).statusCode(200);
        String keys = "{\"items\": [{\"campaign\": \"" + campaign + "\", \"siren\": \"500000097\", \"revision\": 1}, "
                + "{\"campaign\": \"" + campaign + "\", \"siren\": \"500000105\", \"revision\": 1}], \"nextCursor\": \"95:2\"}";
        List<StubMapping> stubs = feed(keys, "{\"items\": [" + held + ", " + heldToo + ", " + notInKeys + "], \"nextCursor\": \"95:3\"}");
        List<Map<String, Object>> cursor = Db.rows("select cursor from feed_cursor where feed = 'survey-submissions'");
        try {
            server().resetRequests();
            assertEquals(2, catchUp.catchUp());
        } finally {
            stubs.forEach(server()::removeStub);
        }
        server().verify(0, getRequestedFor(urlPathEqualTo("/internal/submissions")).withQueryParam("view", absent()));
        server().verify(getRequestedFor(urlPathEqualTo("/internal/submissions")).withQueryParam("view", equalTo("KEYS")));
        assertEquals(1, Db.count("select count(*) from feed_cursor where cursor = '95:2'"));
        assertEquals(0, Db.count("select count(*) from submission where campaign_code = ? and siren = ?", campaign, "500000113"));
        // the cursor as it was: the feed's other tests start where the replica was
        Db.rows("delete from feed_cursor where feed = 'survey-submissions' returning feed");
        cursor.forEach(row -> Db.rows("insert into feed_cursor (feed, cursor) values ('survey-submissions', ?) returning feed", row.get("cursor")));
    }

    /**
     * A page whose keys name a submission not held, or a revision not held of an authority that is, is read whole
     * and taken in as before; so is one whose keys name no submission (a field missing or of another type).
     */
    @Test
    void aPageMissingASubmissionIsReadWholeAndTakenIn() {
        String campaign = "catchup-missing";
        String version = "catchup-missing.1";
        stubQuestionnaire(campaign, version, Questionnaires.small(version));
        String held = Submissions.of(campaign, "500000121", 1, version).levels(3, "CYB-A", "CYB-B").json();
        String newer = Submissions.of(campaign, "500000121", 2, version).levels(4, "CYB-A", "CYB-B").json();
        Api.deliver(held).statusCode(200);
        String keys = "{\"items\": [{\"campaign\": \"" + campaign + "\", \"siren\": \"500000121\", \"revision\": 1}, "
                + "{\"campaign\": \"" + campaign + "\", \"siren\": \"500000121\", \"revision\": 2}], \"nextCursor\": null}";
        List<StubMapping> stubs = feed(keys, "{\"items\": [" + held + ", " + newer + "], \"nextCursor\": null}");
        try {
            server().resetRequests();
            assertEquals(2, catchUp.catchUp());
        } finally {
            stubs.forEach(server()::removeStub);
        }
        server().verify(1, getRequestedFor(urlPathEqualTo("/internal/submissions")).withQueryParam("view", absent()));
        assertEquals(2, Db.count("select count(*) from assessment where campaign_code = ? and siren = ?", campaign, "500000121"));

        JsonNode heldKey = Submissions.of(campaign, "500000121", 1, version).node();
        JsonNode asText = json("{\"campaign\": \"" + campaign + "\", \"siren\": \"500000121\", \"revision\": \"1\"}");
        JsonNode noSiren = json("{\"campaign\": \"" + campaign + "\", \"revision\": 1}");
        JsonNode fractional = json("{\"campaign\": \"" + campaign + "\", \"siren\": \"500000121\", \"revision\": 1.5}");
        JsonNode elsewhere = json("{\"campaign\": \"other\", \"siren\": \"500000121\", \"revision\": 1}");
        assertEquals(List.of(), ingest.notHeld(List.of(heldKey)), "a submission's own fields are its key");
        assertEquals(List.of(asText, noSiren, fractional, elsewhere), ingest.notHeld(List.of(heldKey, asText, noSiren, fractional, elsewhere)));
    }

    /**
     * A submission not held yet that was made within the grace is left to deliveries (survey-service's outbox is
     * bringing it): the round ends at its page without reading it. Made before the
     * grace, it is read and assessed. (The tests' grace is 0 s: a submission "made" an hour from now is within it.)
     */
    @Test
    void aSubmissionMissingWithinTheGraceIsLeftToDeliveries() {
        String campaign = "catchup-grace";
        String version = "catchup-grace.1";
        stubQuestionnaire(campaign, version, Questionnaires.small(version));
        String missing = Submissions.of(campaign, "500000139", 1, version).levels(3, "CYB-A", "CYB-B").json();
        for (Instant submitted : List.of(Instant.now().plusSeconds(3600), Instant.now().minusSeconds(3600))) {
            String keys = "{\"items\": [{\"campaign\": \"" + campaign + "\", \"siren\": \"500000139\", \"revision\": 1, "
                    + "\"submittedAt\": \"" + submitted + "\"}], \"nextCursor\": null}";
            List<StubMapping> stubs = feed(keys, "{\"items\": [" + missing + "], \"nextCursor\": null}");
            try {
                server().resetRequests();
                catchUp.catchUp();
            } finally {
                stubs.forEach(server()::removeStub);
            }
            boolean withinGrace = submitted.isAfter(Instant.now());
            server().verify(withinGrace ? 0 : 1, getRequestedFor(urlPathEqualTo("/internal/submissions")).withQueryParam("view", absent()));
            assertEquals(withinGrace ? 0 : 1, Db.count("select count(*) from assessment where campaign_code = ?", campaign));
        }
    }

    /** The feed's keys (view=KEYS) and its page (no view) as survey-service serves them, whatever the cursor. */
    private static List<StubMapping> feed(String keys, String page) {
        return List.of(
                server().stubFor(get(urlPathEqualTo("/internal/submissions")).atPriority(1).withQueryParam("view", equalTo("KEYS"))
                        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(keys))),
                server().stubFor(get(urlPathEqualTo("/internal/submissions")).atPriority(1).withQueryParam("view", absent())
                        .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(page))));
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * "A page of submissions already held costs a read only": the catch-up reads again what deliveries
     * brought, and taking it again must neither write (no row inserted, updated or touched) nor take the
     * authorities' locks, on which deliveries of the same authorities would wait (and it on them). While
     * a delivery holds one authority's lock, a page of held items, that authority's among them, is
     * answered at once, each as its first delivery was.
     */
    @Test
    void aPageOfSubmissionsAlreadyHeldIsReadWithoutWritingOrLocking() throws Exception {
        String campaign = "catchup-held";
        String version = "catchup-held.1";
        stubQuestionnaire(campaign, version, Questionnaires.small(version));
        List<JsonNode> page = new ArrayList<>();
        for (String siren : List.of("500000063", "500000071", "500000089")) {
            page.add(Submissions.of(campaign, siren, 1, version).levels(2, "CYB-A", "CYB-B").node());
        }
        page.add(Submissions.of(campaign, "500000063", 2, version).levels(4, "CYB-A", "CYB-B").node());
        List<SubmissionIngest.Outcome> first = ingest.ingestAll(page, "catch-up submission");
        List<Map<String, Object>> before = rowsOf(campaign);

        try (Connection delivery = Db.connect()) {
            delivery.setAutoCommit(false);
            try (PreparedStatement lock = delivery.prepareStatement("select pg_advisory_xact_lock(hashtext(?)::bigint)")) {
                lock.setString(1, campaign + ":500000063");   // AssessmentRepository.lockKey's lock, as a delivery holds it
                lock.executeQuery().close();
            }
            try {
                List<SubmissionIngest.Outcome> again = CompletableFuture
                        .supplyAsync(() -> ingest.ingestAll(page, "catch-up submission"))
                        .get(30, TimeUnit.SECONDS);   // it waited on the delivery's lock: a TimeoutException
                assertEquals(first.stream().map(SubmissionIngest.Outcome::receipt).toList(),
                        again.stream().map(SubmissionIngest.Outcome::receipt).toList(), "each answered as the first time");
            } finally {
                delivery.rollback();
            }
        }
        assertEquals(before, rowsOf(campaign), "no row written or touched");
    }

    /** The campaign's rows in scoring's tables with their row versions (xmin), which any write or touch changes. */
    private static List<Map<String, Object>> rowsOf(String campaign) {
        return Db.rows("""
                select 'submission' as t, siren || ':' || revision as k, xmin::text as v from submission where campaign_code = ?
                union all
                select 'assessment', siren || ':' || assessment_version, xmin::text from assessment where campaign_code = ?
                union all
                select 'outbox', message_key, xmin::text from outbox_message where message_key like ? || ':%'
                order by 1, 2""", campaign, campaign, campaign);
    }
}
