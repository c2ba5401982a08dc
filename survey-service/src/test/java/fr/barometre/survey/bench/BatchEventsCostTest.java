package fr.barometre.survey.bench;

import fr.barometre.survey.identity.IdentityDirectory;
import fr.barometre.survey.identity.InMemoryDirectory;
import fr.barometre.survey.security.PartnerScope;
import fr.barometre.survey.testing.Answers;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import fr.barometre.testing.LongRun;
import fr.barometre.testing.WebhookRows;
import io.quarkus.logging.Log;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What response.submitted events cost the batch intake: the same batches of complete responses
 * ({@code POST /campaigns/{code}/responses/batch}) to a campaign nobody subscribes to and to one with one
 * subscription wanting response.submitted, of a partner whose scope covers every authority of the batches (an event
 * and a delivery per response), taken in turn, timed and
 * printed (not asserted: the machine decides). {@code ./mvnw verify} runs it small (2 batches of 100, a smoke run);
 * {@code -Devents.cost.batches=5 -Devents.cost.size=1000} for the figures.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class BatchEventsCostTest {

    @Inject
    IdentityDirectory directory;

    @Test
    void batchIntakeWithAndWithoutASubscriber() throws SQLException {
        int batches = LongRun.size("events.cost.batches", 2, 5);
        int size = LongRun.size("events.cost.size", 100, 1000);
        List<String> sirens = sirens(batches * size);
        Campaigns.createOpen("cost-warmup", "{}");
        Campaigns.createOpen("cost-without", "{}");
        Campaigns.createOpen("cost-with", "{}");
        List<Map<String, Object>> complete = Answers.complete(Campaigns.questionnaire("cost-with"));
        String admin = Tokens.admin();
        List<String> bodies = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            bodies.add(Answers.batch(sirens.subList(b * size, (b + 1) * size).stream().map(s -> Answers.item(s, complete)).toList()));
        }
        post(admin, "cost-warmup", bodies.get(0), size);

        ((InMemoryDirectory) directory).partnerScopes().put("cost-portal", new PartnerScope(Set.of(), Set.copyOf(sirens)));
        WebhookRows webhooks = new WebhookRows(BatchEventsCostTest::db);
        long[] without = new long[batches];
        long[] with = new long[batches];
        try {
            for (int b = 0; b < batches; b++) {
                without[b] = post(admin, "cost-without", bodies.get(b), size);
                String subscription = webhooks.subscribe("cost-portal", "response.submitted");   // for this batch only
                with[b] = post(admin, "cost-with", bodies.get(b), size);
                webhooks.disable(subscription);
            }
            assertEquals(0, webhooks.eventCount("cost-without"));
            assertEquals(batches * size, webhooks.events("response.submitted", "cost-with").size());
            assertEquals(batches * size, webhooks.deliveryCount("response.submitted", "cost-with"));
        } finally {
            webhooks.deleteSubscriptions();
        }
        StringBuilder table = new StringBuilder();
        for (int b = 0; b < batches; b++) {
            table.append(String.format("%n  batch %d   without %6d ms   with one subscriber %6d ms", b + 1, without[b], with[b]));
        }
        double meanWithout = mean(without);
        double meanWith = mean(with);
        Log.infof("Batch intake and response.submitted events: %d batches of %d responses, %d cores%s%n"
                        + "  mean      without %8.1f ms (%.0f responses/s)   with %8.1f ms (%.0f responses/s)   %+.1f %%",
                batches, size, Runtime.getRuntime().availableProcessors(), table,
                meanWithout, size * 1000 / meanWithout, meanWith, size * 1000 / meanWith, 100 * (meanWith - meanWithout) / meanWithout);
    }

    private static long post(String token, String code, String body, int size) {
        long start = System.nanoTime();
        given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/campaigns/" + code + "/responses/batch")
                .then().statusCode(200).body("submitted", equalTo(size));
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static double mean(long[] values) {
        long sum = 0;
        for (long v : values) {
            sum += v;
        }
        return (double) sum / values.length;
    }

    private static Connection db() throws SQLException {
        return EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
    }

    /** The last authorities of the registry (the intake benchmark takes the first), as many as asked. */
    private static List<String> sirens(int count) throws SQLException {
        List<String> sirens = new ArrayList<>();
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("select siren from collectivity order by siren desc limit ?")) {
            ps.setInt(1, count);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sirens.add(rs.getString(1));
                }
            }
        }
        assertEquals(count, sirens.size());
        return sirens;
    }
}
