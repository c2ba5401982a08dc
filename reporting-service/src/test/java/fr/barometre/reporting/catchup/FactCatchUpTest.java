package fr.barometre.reporting.catchup;

import com.github.tomakehurst.wiremock.WireMockServer;
import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An empty replica rebuilds itself from scoring-service's feed, with the cursor kept between rounds. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class FactCatchUpTest {

    private static final String CAMPAIGN = "feed-2025";

    @Inject
    FactCatchUp catchUp;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theFeedIsReadFromTheCursorAndAppliedLikeDeliveries() throws Exception {
        WireMockServer wm = NeighboursWireMockResource.server();
        String a1 = fact(CAMPAIGN, siren(9, 1)).allAt(1).json();
        String a2 = fact(CAMPAIGN, siren(9, 1)).version(2).allAt(4).json();   // a rescoring, later in the feed
        String b1 = fact(CAMPAIGN, siren(9, 2)).allAt(3).json();
        String c1 = fact(CAMPAIGN, siren(9, 3)).allAt(0).json();
        String bad = "{\"campaign\": \"" + CAMPAIGN + "\", \"siren\": \"nope\"}";
        wm.stubFor(get(urlPathEqualTo("/internal/assessments")).withQueryParam("since", absent())
                .withHeader("Authorization", matching("Bearer .+"))
                .willReturn(page("[" + a1 + "," + b1 + "," + a2 + "]", "100:3")));
        wm.stubFor(get(urlPathEqualTo("/internal/assessments")).withQueryParam("since", equalTo("100:3"))
                .withHeader("Authorization", matching("Bearer .+"))
                .willReturn(page("[" + c1 + "," + bad + "," + b1 + "," + a1 + "]", "101:7")));
        wm.stubFor(get(urlPathEqualTo("/internal/assessments")).withQueryParam("since", equalTo("101:7"))
                .withHeader("Authorization", matching("Bearer .+"))
                .willReturn(page("[]", "101:7")));

        assertEquals(7, catchUp.catchUp());
        assertEquals("101:7", cursor());
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CAMPAIGN).then().statusCode(200)
                .body("authorities", org.hamcrest.Matchers.equalTo(3))
                .body("themes[0].engaged", org.hamcrest.Matchers.equalTo(2))
                .body("themes[0].levels.count", org.hamcrest.Matchers.contains(1, 0, 0, 1, 1));

        assertEquals(0, catchUp.catchUp());
        wm.verify(2, getRequestedFor(urlPathEqualTo("/internal/assessments")).withQueryParam("since", equalTo("101:7")));
    }

    /** One replica reads the feed at a time: while another holds it, a round ends at once without reading. */
    @Test
    void aRoundWhileAnotherReplicaHoldsTheFeedReadsNothing() throws Exception {
        WireMockServer wm = NeighboursWireMockResource.server();
        wm.resetRequests();
        try (Connection other = dataSource.getConnection();
             PreparedStatement hold = other.prepareStatement("select pg_advisory_lock(hashtext('scoring-assessments'))")) {
            hold.execute();
            try {
                assertEquals(0, catchUp.catchUp());
                assertEquals(0, wm.findAll(getRequestedFor(urlPathEqualTo("/internal/assessments"))).size(), "the feed is not read");
            } finally {
                try (PreparedStatement release = other.prepareStatement("select pg_advisory_unlock(hashtext('scoring-assessments'))")) {
                    release.execute();
                }
            }
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder page(String items, String next) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"items\": " + items + ", \"nextCursor\": \"" + next + "\"}");
    }

    private String cursor() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select cursor from feed_cursor where feed = 'scoring-assessments'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
