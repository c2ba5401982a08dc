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

    /**
     * A page whose facts are all held, at their version or a newer one (what deliveries brought since the last round),
     * moves the cursor on its keys alone: the page itself is never asked for. The page served here carries a fact its
     * keys do not name, which would be kept if the page were read.
     */
    @Test
    void aPageWhoseFactsAreAllHeldIsPassedOverOnItsKeysAlone() throws Exception {
        WireMockServer wm = NeighboursWireMockResource.server();
        String campaign = "feed-keys";
        String held = fact(campaign, siren(19, 1)).version(2).allAt(3).json();
        String heldToo = fact(campaign, siren(19, 2)).allAt(1).json();
        ingest(held, heldToo);
        String notInKeys = fact(campaign, siren(19, 3)).allAt(2).json();
        String keys = "[" + key(campaign, siren(19, 1), 1) + "," + key(campaign, siren(19, 1), 2) + "," + key(campaign, siren(19, 2), 1) + "]";
        String since = cursor();
        wm.resetRequests();
        var stubs = java.util.List.of(
                wm.stubFor(get(urlPathEqualTo("/internal/assessments")).atPriority(2).withQueryParam("view", equalTo("KEYS"))
                        .willReturn(page(keys, "200:3"))),
                wm.stubFor(get(urlPathEqualTo("/internal/assessments")).atPriority(2).withQueryParam("view", absent())
                        .willReturn(page("[" + held + "," + heldToo + "," + notInKeys + "]", "200:4"))),
                wm.stubFor(get(urlPathEqualTo("/internal/assessments")).atPriority(1).withQueryParam("since", equalTo("200:3"))
                        .willReturn(page("[]", "200:3"))));
        try {
            assertEquals(3, catchUp.catchUp());
        } finally {
            stubs.forEach(wm::removeStub);
        }
        assertEquals("200:3", cursor());
        wm.verify(0, getRequestedFor(urlPathEqualTo("/internal/assessments")).withQueryParam("view", absent()));
        assertEquals(0, count("select count(*) from fact where campaign_code = '" + campaign + "' and siren = '" + siren(19, 3) + "'"));
        assertEquals(1, wm.findAll(getRequestedFor(urlPathEqualTo("/internal/assessments"))
                .withQueryParam("since", equalTo("200:3"))).size(), "the next page's keys, empty: the round ends");
        restoreCursor(since);
    }

    /** A page naming one fact newer than the one held is read whole and kept as before. */
    @Test
    void aPageNamingANewerFactIsReadWholeAndKept() throws Exception {
        WireMockServer wm = NeighboursWireMockResource.server();
        String campaign = "feed-newer";
        String held = fact(campaign, siren(29, 1)).allAt(1).json();
        ingest(held);
        String newer = fact(campaign, siren(29, 1)).version(2).allAt(4).json();
        String keys = "[" + key(campaign, siren(29, 1), 1) + "," + key(campaign, siren(29, 1), 2) + "]";
        String since = cursor();
        wm.resetRequests();
        var stubs = java.util.List.of(
                wm.stubFor(get(urlPathEqualTo("/internal/assessments")).atPriority(2).withQueryParam("view", equalTo("KEYS"))
                        .willReturn(page(keys, "300:2"))),
                wm.stubFor(get(urlPathEqualTo("/internal/assessments")).atPriority(2).withQueryParam("view", absent())
                        .willReturn(page("[" + held + "," + newer + "]", "300:2"))),
                wm.stubFor(get(urlPathEqualTo("/internal/assessments")).atPriority(1).withQueryParam("since", equalTo("300:2"))
                        .willReturn(page("[]", "300:2"))));
        try {
            assertEquals(2, catchUp.catchUp());
        } finally {
            stubs.forEach(wm::removeStub);
        }
        assertEquals("300:2", cursor());
        wm.verify(1, getRequestedFor(urlPathEqualTo("/internal/assessments")).withQueryParam("view", absent()));
        assertEquals(2, count("select assessment_version from fact where campaign_code = '" + campaign + "' and siren = '" + siren(29, 1) + "'"));
        restoreCursor(since);
    }

    /**
     * A fact not held yet that was assessed within the grace is left to deliveries (scoring-service's outbox is
     * bringing it): the round ends at its page without reading it, and the cursor stays. Assessed before the grace,
     * it is read and kept. (The tests' grace is 0 s: a fact "assessed" an hour from now is within it.)
     */
    @Test
    void aFactMissingWithinTheGraceIsLeftToDeliveries() throws Exception {
        WireMockServer wm = NeighboursWireMockResource.server();
        String campaign = "feed-grace";
        String missing = fact(campaign, siren(39, 1)).allAt(2).json();
        String since = cursor();
        for (java.time.Instant assessed : java.util.List.of(java.time.Instant.now().plusSeconds(3600), java.time.Instant.now().minusSeconds(3600))) {
            String keys = "[{\"campaign\": \"" + campaign + "\", \"siren\": \"" + siren(39, 1) + "\", \"assessmentVersion\": 1, "
                    + "\"assessedAt\": \"" + assessed + "\"}]";
            wm.resetRequests();
            var stubs = java.util.List.of(
                    wm.stubFor(get(urlPathEqualTo("/internal/assessments")).atPriority(2).withQueryParam("view", equalTo("KEYS"))
                            .willReturn(page(keys, "400:1"))),
                    wm.stubFor(get(urlPathEqualTo("/internal/assessments")).atPriority(2).withQueryParam("view", absent())
                            .willReturn(page("[" + missing + "]", "400:1"))),
                    wm.stubFor(get(urlPathEqualTo("/internal/assessments")).atPriority(1).withQueryParam("since", equalTo("400:1"))
                            .willReturn(page("[]", "400:1"))));
            try {
                catchUp.catchUp();
            } finally {
                stubs.forEach(wm::removeStub);
            }
            boolean withinGrace = assessed.isAfter(java.time.Instant.now());
            wm.verify(withinGrace ? 0 : 1, getRequestedFor(urlPathEqualTo("/internal/assessments")).withQueryParam("view", absent()));
            assertEquals(withinGrace ? 0 : 1, count("select count(*) from fact where campaign_code = '" + campaign + "'"));
            assertEquals(withinGrace ? since : "400:1", cursor(), withinGrace ? "the cursor stays at the page" : "read on past the page");
        }
        restoreCursor(since);
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

    private static String key(String campaign, String siren, int version) {
        return "{\"campaign\": \"" + campaign + "\", \"siren\": \"" + siren + "\", \"assessmentVersion\": " + version + "}";
    }

    /** Facts delivered in one batch, as scoring-service's outbox brings them. */
    private static void ingest(String... facts) {
        given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("application/json")
                .body("{\"messages\": [" + String.join(",", facts) + "]}")
                .post("/internal/facts/batch").then().statusCode(200);
    }

    private long count(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The cursor as it was before a test that moved it: the feed's other tests start where the replica was empty. */
    private void restoreCursor(String cursor) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(cursor == null ? "delete from feed_cursor where feed = 'scoring-assessments'"
                     : "update feed_cursor set cursor = ? where feed = 'scoring-assessments'")) {
            if (cursor != null) {
                ps.setString(1, cursor);
            }
            ps.executeUpdate();
        }
    }

    private String cursor() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select cursor from feed_cursor where feed = 'scoring-assessments'")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
