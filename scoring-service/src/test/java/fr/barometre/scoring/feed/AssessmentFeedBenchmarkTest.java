package fr.barometre.scoring.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A page of the assessment feed at a national edition's size: {@code bench.feed-size} facts (default
 * 36,000) of about forty answers and six themes, written 1,000 per transaction, then pages of 200 read
 * at the start, the middle and the end of them. Prints the time of a page and of its statement alone
 * (medians of 5) and checks each page's rows, and that PostgreSQL's plan takes the page from the
 * (txid, id) index up to the limit, with no sort: a page costs its own rows, not every row after the
 * cursor. The rows are removed at the end.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class AssessmentFeedBenchmarkTest {

    private static final String CAMPAIGN = "feed-bench";
    private static final int PAGE = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AssessmentFeed feed;

    @Test
    void aPageCostsItsOwnRowsAtANationalEditionsSize() throws Exception {
        int size = Integer.getInteger("bench.feed-size", 36_000);
        ObjectNode fact = JSON.createObjectNode().put("campaign", CAMPAIGN).put("siren", "").put("revision", 1)
                .put("questionnaireVersion", "2025.1");
        fact.putObject("profile").put("kind", "COMMUNE").put("population", 1520).put("stratum", "S2")
                .put("departement", "35").put("region", "53").putArray("networks").add("AMF");
        ArrayNode answers = fact.putArray("answers");
        List<String> themes = List.of("GOUVERNANCE", "SERVICES_EN_LIGNE", "DONNEES_IA", "CYBERSECURITE", "INCLUSION", "SOBRIETE");
        for (int i = 0; i < 42; i++) {
            answers.addObject().put("question", themes.get(i % 6).substring(0, 3) + "-QUESTION-" + i).put("level", i % 5);
        }
        fact.put("assessmentVersion", 1).put("model", "barometre-v1").put("index", 47.62);
        ArrayNode scores = fact.putArray("themes");
        themes.forEach(t -> scores.addObject().put("theme", t).put("score", 52.38).put("level", 2).put("engaged", true));
        fact.putNull("traceparent");

        try (Connection c = Db.connect()) {
            try {
                FeedQueries.fill(c, """
                        insert into assessment (campaign_code, siren, revision, assessment_version, model_id, fact, explanation, traceparent)
                        select ?, s, 1, 1, 'barometre-v1', jsonb_set(?::jsonb, '{siren}', to_jsonb(s)), '{}'::jsonb,
                               '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'
                        from (select '8' || lpad(g::text, 8, '0') as s from generate_series(?, ?) as g) as n""",
                        CAMPAIGN, fact.toString(), size);
                Log.infof("Assessment feed: %d rows of %s bytes of fact each (jsonb %s bytes)", size,
                        FeedQueries.scalar(c, "select avg(length(fact::text))::int::text from assessment where campaign_code = ?", CAMPAIGN),
                        FeedQueries.scalar(c, "select avg(pg_column_size(fact))::int::text from assessment where campaign_code = ?", CAMPAIGN));

                List<List<String>> plans = new ArrayList<>();
                for (FeedQueries.Place place : FeedQueries.places(c, "assessment", CAMPAIGN, size, PAGE)) {
                    List<String> expected = FeedQueries.sirens(c, "assessment", CAMPAIGN, place.position(), PAGE);
                    FeedPage page = feed.page(place.cursor(), PAGE);
                    assertEquals(expected, page.items().stream().map(i -> i.get("siren").asText()).toList(), place.name());
                    for (JsonNode item : page.items()) {
                        assertEquals(answers.size(), item.get("answers").size(), place.name());
                        assertEquals(6, item.get("themes").size(), place.name());
                        assertTrue(item.get("traceparent").asText().startsWith("00-4bf92f35"), place.name());
                    }
                    double ms = FeedQueries.medianMillis(5, () -> feed.stored(place.cursor(), PAGE));
                    double sql = FeedQueries.statementMillis(c, 5, AssessmentFeedRepository.PAGE, place.txid(), place.id(), PAGE);
                    List<String> plan = FeedQueries.planNodes(c, AssessmentFeedRepository.PAGE, place.txid(), place.id(), PAGE);
                    Log.infof("Assessment feed page of %d at the %s (row %d of %d): %.1f ms, of which the statement %.1f ms; plan %s",
                            PAGE, place.name(), place.position(), size, ms, sql, plan);
                    plans.add(plan);
                }
                for (List<String> plan : plans) {   // once every figure is printed
                    assertFalse(plan.contains("Sort") || plan.contains("Incremental Sort"), "no sort: " + plan);
                    assertTrue(plan.contains("Limit") && plan.contains("Index Scan"), "the index up to the limit: " + plan);
                }
            } finally {
                FeedQueries.update(c, "delete from assessment where campaign_code = ?", CAMPAIGN);
            }
        }
    }
}
