package fr.barometre.survey.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.SubmissionFixtures;
import fr.barometre.testing.FeedQueries;
import io.quarkus.logging.Log;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page of the submission feed at a national edition's size: {@code bench.feed-size} submissions
 * (default 36,000) of the default questionnaire answered whole, written 1,000 per transaction as the
 * batch intake does, then pages of 200 read at the start, the middle and the end of them. Prints the
 * time of a page and of its statement alone (medians of 5) and checks each page's rows, and that
 * PostgreSQL's plan takes the page from the (txid, id) index up to the limit, with no sort: a page
 * costs its own rows, not every row after the cursor. The rows are removed at the end.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class SubmissionFeedBenchmarkTest {

    private static final String CAMPAIGN = "feed-bench";
    private static final int PAGE = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SubmissionFeed feed;

    @Test
    void aPageCostsItsOwnRowsAtANationalEditionsSize() throws Exception {
        int size = Integer.getInteger("bench.feed-size", 36_000);
        SubmissionFixtures.createOpenCampaign(CAMPAIGN, "216901231");
        List<Map<String, Object>> answers = SubmissionFixtures.completeAnswers(CAMPAIGN);
        answers.removeIf(a -> a.get("question").equals("GEN-COMMENTAIRE"));   // TEXT answers never leave the service
        ObjectNode message = JSON.createObjectNode().put("campaign", CAMPAIGN).put("siren", "").put("revision", 1)
                .put("questionnaireVersion", "2025.1").put("submittedAt", "2025-05-12T09:30:00Z");
        message.putObject("profile").put("kind", "COMMUNE").put("population", 1520).put("stratum", "S2")
                .put("departement", "35").put("region", "53").putArray("networks").add("AMF").add("FRANCE_URBAINE");
        message.set("answers", JSON.valueToTree(answers));
        message.putNull("traceparent");

        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection()) {
            try {
                FeedQueries.fill(c, """
                        insert into submission (campaign_code, siren, revision, payload, submitted_at, traceparent)
                        select ?, s, 1, jsonb_set(?::jsonb, '{siren}', to_jsonb(s)), now(),
                               '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
                        from (select '8' || lpad(g::text, 8, '0') as s from generate_series(?, ?) as g) as n""",
                        CAMPAIGN, message.toString(), size);
                Log.infof("Submission feed: %d rows of %s bytes of payload each (jsonb %s bytes)", size,
                        FeedQueries.scalar(c, "select avg(length(payload::text))::int::text from submission where campaign_code = ?", CAMPAIGN),
                        FeedQueries.scalar(c, "select avg(pg_column_size(payload))::int::text from submission where campaign_code = ?", CAMPAIGN));

                List<List<String>> plans = new ArrayList<>();
                for (FeedQueries.Place place : FeedQueries.places(c, "submission", CAMPAIGN, size, PAGE)) {
                    List<String> expected = FeedQueries.sirens(c, "submission", CAMPAIGN, place.position(), PAGE);
                    FeedPage page = feed.page(place.cursor(), PAGE);
                    assertEquals(expected, page.items().stream().map(SubmissionMessage::siren).toList(), place.name());
                    assertTrue(page.items().stream().allMatch(i -> i.answers().size() == answers.size()
                            && i.traceparent() != null && i.profile().networks().size() == 2), place.name());
                    double ms = FeedQueries.medianMillis(5, () -> feed.stored(place.cursor(), PAGE));
                    double sql = FeedQueries.statementMillis(c, 5, SubmissionRepository.PAGE, place.txid(), place.id(), PAGE);
                    List<String> plan = FeedQueries.planNodes(c, SubmissionRepository.PAGE, place.txid(), place.id(), PAGE);
                    Log.infof("Submission feed page of %d at the %s (row %d of %d): %.1f ms, of which the statement %.1f ms; plan %s",
                            PAGE, place.name(), place.position(), size, ms, sql, plan);
                    plans.add(plan);
                }
                for (List<String> plan : plans) {   // once every figure is printed
                    assertFalse(plan.contains("Sort") || plan.contains("Incremental Sort"), "no sort: " + plan);
                    assertTrue(plan.contains("Limit") && plan.contains("Index Scan"), "the index up to the limit: " + plan);
                }
            } finally {
                FeedQueries.update(c, "delete from submission where campaign_code = ?", CAMPAIGN);
            }
        }
    }
}
