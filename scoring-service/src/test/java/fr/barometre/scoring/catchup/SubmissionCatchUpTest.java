package fr.barometre.scoring.catchup;

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
}
