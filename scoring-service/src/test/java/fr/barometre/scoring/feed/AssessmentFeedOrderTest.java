package fr.barometre.scoring.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.testing.FeedQueries;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The assessment feed's order: (transaction id, id) as numbers. (Its roles, format and the late-commit
 * rule: outbox/OutboxAndFeedTest.)
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class AssessmentFeedOrderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AssessmentFeed feed;

    /**
     * "Pages follow (transaction id, id) as numbers": a feed sorting transaction ids as text puts 100
     * before 99 and 1000 before 101, and a page ending on 1000 moves the cursor past 99, 101 and 999 for
     * good. Rows given transaction ids across powers of ten (below every running transaction, so served)
     * must come page after page, two at a time, each once, in numeric order.
     */
    @Test
    void pagesFollowTransactionIdsAsNumbersAcrossPowersOfTen() throws Exception {
        String campaign = "feed-txid-order";
        long[] txids = {1000, 999, 101, 100, 100, 99, 1001};   // inserted in this order: ids do not follow txids
        List<String> expected = List.of("900000005", "900000003", "900000004", "900000002", "900000001", "900000000",
                "900000006");   // by (txid, id): 99, 100 (id first inserted), 100, 101, 999, 1000, 1001
        try (Connection c = Db.connect()) {
            FeedQueries.passTransactionId(c, 1001);
            try {
                for (int i = 0; i < txids.length; i++) {
                    insert(c, campaign, "90000000" + i, txids[i]);
                }
                List<String> served = FeedQueries.pageThrough("98:0", "1001:" + Long.MAX_VALUE, 2, cursor -> {
                    FeedPage page = feed.page(cursor, 2);
                    return new FeedQueries.Page(page.items().stream().filter(i -> i.get("campaign").asText().equals(campaign))
                            .map(i -> i.get("siren").asText()).toList(), page.items().size(), page.nextCursor());
                });
                assertEquals(expected, served, "every row once, by transaction id as a number, then id");
            } finally {
                Db.update("delete from assessment where campaign_code = ?", campaign);
            }
        }
    }

    private static void insert(Connection c, String campaign, String siren, long txid) throws Exception {
        String fact = JSON.createObjectNode().put("campaign", campaign).put("siren", siren).put("revision", 1)
                .put("assessmentVersion", 1).put("model", "barometre-v1").putNull("traceparent").toString();
        try (PreparedStatement ps = c.prepareStatement("""
                insert into assessment (campaign_code, siren, revision, assessment_version, model_id, fact, explanation, txid)
                values (?, ?, 1, 1, 'barometre-v1', ?::jsonb, '{}'::jsonb, ?::text::xid8)""")) {
            ps.setString(1, campaign);
            ps.setString(2, siren);
            ps.setString(3, fact);
            ps.setString(4, Long.toString(txid));
            ps.executeUpdate();
        }
    }
}
