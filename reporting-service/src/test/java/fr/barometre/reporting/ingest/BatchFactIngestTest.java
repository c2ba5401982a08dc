package fr.barometre.reporting.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.Facts;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /internal/facts/batch}: each fact of a batch is judged as the single endpoint judges
 * it, with a result of its own in the batch's order; the facts taken are kept together, set-based,
 * with the single endpoint's rules (the greatest assessmentVersion per authority, idempotent,
 * campaign_version bumped with every change), and the figures are those of the same facts delivered
 * one by one.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class BatchFactIngestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    /** Valid and invalid facts together: a result each, in order; the invalid ones with the single endpoint's very problem. */
    @Test
    void eachFactOfABatchHasItsOwnResultInOrder() throws Exception {
        String campaign = "batch-mixed";
        List<String> messages = List.of(
                fact(campaign, siren(41, 1)).allAt(3).level("DIA-PLAN-FORMATION", 3).json(),
                fact(campaign, "12345").allAt(1).level("DIA-PLAN-FORMATION", 7).json(),
                fact(campaign, siren(41, 3)).theme("MARKETING", "50", 2, false).json(),
                fact(campaign, siren(41, 4)).allAt(1).value("GOV-PORTAGE", "ELUS_SEULS").json(),
                fact(campaign, siren(41, 5)).allAt(1).json().replace("\"revision\":1", "\"revision\":\"first\""),
                "42");
        JsonNode results = JSON.readTree(batch(messages).statusCode(200).extract().asString()).get("results");

        assertEquals(List.of(200, 422, 422, 200, 422, 422), statuses(results));
        for (int i : new int[] {1, 2, 4}) {
            JsonNode single = JSON.readTree(given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("application/json")
                    .body(messages.get(i)).post("/internal/facts").then().statusCode(422).extract().asString());
            JsonNode problem = results.get(i).get("problem");
            assertEquals(single.get("errors"), problem.get("errors"), "fact " + i + ": the single endpoint's errors, at the same paths");
            assertEquals(single.get("type"), problem.get("type"));
            assertEquals(single.get("detail"), problem.get("detail"));
            assertEquals(422, problem.get("status").asInt());
        }
        assertEquals("siren", results.get(1).at("/problem/errors/0/field").asText());
        assertEquals("themes[0].theme", results.get(2).at("/problem/errors/0/field").asText());
        assertEquals("revision", results.get(4).at("/problem/errors/0/field").asText());
        assertEquals(List.of(siren(41, 1), siren(41, 4)), rows("select siren from fact where campaign_code = ? order by siren", campaign));
        assertEquals(List.of("DIA-PLAN-FORMATION=3", "GOV-PORTAGE=ELUS_SEULS"),
                rows("select question || '=' || answer from fact, unnest(answer_questions, answer_values) a(question, answer) "
                        + "where campaign_code = ? order by 1", campaign));
    }

    /**
     * The same batch again: the same results, and not one row, nor the campaign's version, changes; nor
     * is any rewritten (same xmin): a delivery that keeps nothing writes nothing.
     */
    @Test
    void aRedeliveredBatchChangesNothing() throws Exception {
        String campaign = "batch-again";
        List<String> messages = IntStream.rangeClosed(1, 20)
                .mapToObj(n -> fact(campaign, siren(42, n)).version(1 + n % 3).levels(n % 5, 3, -1, 2, 4, 0, 1)
                        .level("DIA-PLAN-FORMATION", n % 5).value("DIA-OUTILS", List.of("CHATBOT", "CODE")).json())
                .toList();
        String first = batch(messages).statusCode(200).extract().asString();
        List<String> before = snapshot(campaign);

        String again = batch(messages).statusCode(200).extract().asString();

        assertEquals(first, again);
        assertEquals(before, snapshot(campaign));
        assertEquals(20, rows("select siren from fact where campaign_code = ?", campaign).size());
    }

    /** An older fact after a newer one, in another batch or in the same one, whatever the order: the newest is kept. */
    @Test
    void anOlderFactNeverOverwritesANewerOneEvenInsideOneBatch() throws Exception {
        String campaign = "batch-order";
        String a = siren(43, 1);
        String b = siren(43, 2);
        String c = siren(43, 3);
        batch(List.of(fact(campaign, a).version(3).stratum("S4").allAt(4).json())).body("results.status", contains(200));
        batch(List.of(
                fact(campaign, a).version(2).stratum("S2").allAt(0).json(),
                fact(campaign, b).version(5).stratum("S5").allAt(3).json(),
                fact(campaign, b).version(2).stratum("S2").allAt(1).json(),
                fact(campaign, c).version(1).stratum("S1").allAt(0).json(),
                fact(campaign, c).version(6).stratum("S6").allAt(2).json(),
                fact(campaign, c).version(4).stratum("S4").allAt(1).json()))
                .body("results.status", contains(200, 200, 200, 200, 200, 200));

        assertEquals(List.of(a + "|3|S4|4", b + "|5|S5|3", c + "|6|S6|2"), rows("""
                select f.siren || '|' || f.assessment_version || '|' || f.stratum || '|' || string_agg(distinct t.level::text, ',')
                from fact f cross join unnest(f.theme_levels) t(level)
                where f.campaign_code = ? group by f.siren, f.assessment_version, f.stratum order by 1""", campaign));
        assertEquals(List.of("2"), rows("select version::text from campaign_version where campaign_code = ?", campaign),
                "one bump per batch that changed the campaign");
    }

    /** A questionnaire survey-service cannot give now: 503 for its facts only, asked for once in the batch. */
    @Test
    void anUnreachableQuestionnaireIsA503ForItsFactsOnly() throws Exception {
        String unreachable = NeighboursWireMockResource.UNREACHABLE_CAMPAIGN;
        String campaign = "batch-reachable";
        fact(campaign, siren(44, 9)).allAt(1).deliver();   // its questionnaire kept: the stand-in's delays play no part below
        NeighboursWireMockResource.server().resetRequests();
        post("{\"messages\": [" + String.join(",", List.of(
                fact(unreachable, siren(44, 1)).allAt(1).json(),
                fact(campaign, siren(44, 2)).allAt(2).json(),
                fact(unreachable, siren(44, 3)).allAt(3).json(),
                fact(unreachable, "nope").allAt(3).json())) + "]}").statusCode(200)
                .body("results.status", contains(503, 200, 503, 422))
                .body("results[0].problem.status", equalTo(503))
                .body("results[0].problem.type", org.hamcrest.Matchers.endsWith("unavailable"));

        assertEquals(1, NeighboursWireMockResource.server().findAll(
                getRequestedFor(urlPathEqualTo("/internal/campaigns/" + unreachable + "/questionnaire"))).size(),
                "the questionnaire is asked for once per batch");
        assertEquals(List.of(), rows("select siren from fact where campaign_code = ?", unreachable));
        assertEquals(List.of(siren(44, 2), siren(44, 9)), rows("select siren from fact where campaign_code = ? order by siren", campaign));
    }

    /** The envelope: 1 to 500 facts in {"messages": [...]}; otherwise the whole call is refused, and nothing kept. */
    @Test
    void theEnvelopeIsOneTo500Facts() throws Exception {
        String campaign = "batch-envelope";
        String one = fact(campaign, siren(45, 1)).allAt(1).json();
        List<String> tooMany = Collections.nCopies(501, one);
        post("{\"messages\": [" + String.join(",", tooMany) + "]}").statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413));
        post("{\"messages\": []}").statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("messages"));
        post("{}").statusCode(400).contentType("application/problem+json");
        post("null").statusCode(400).contentType("application/problem+json");
        post("{\"messages\": " + one + "}").statusCode(400).contentType("application/problem+json");
        post("[" + one + "]").statusCode(400).contentType("application/problem+json");
        post("{\"messages\": [" + one + "], \"more\": 1}").statusCode(400).contentType("application/problem+json");
        assertEquals(List.of(), rows("select siren from fact where campaign_code = ?", campaign));
        batch(Collections.nCopies(500, one)).body("results.size()", equalTo(500));
        assertEquals(List.of(siren(45, 1)), rows("select siren from fact where campaign_code = ?", campaign));
    }

    /**
     * Two relays delivering batches on the same authorities at once, one in ascending versions, the
     * other descending, in opposite authority orders and over two campaigns: no call fails (no
     * deadlock), and each authority ends with one fact, the greatest version, with that version's rows.
     */
    @Test
    void concurrentBatchesOnTheSameAuthoritiesAgree() throws Exception {
        List<String> campaigns = List.of("batch-race-a", "batch-race-b");
        List<String[]> authorities = new ArrayList<>();
        for (String campaign : campaigns) {
            for (int n = 1; n <= 30; n++) {
                authorities.add(new String[] {campaign, siren(46, n)});
            }
        }
        batch(List.of(fact(campaigns.get(0), siren(46, 99)).allAt(0).json(), fact(campaigns.get(1), siren(46, 99)).allAt(0).json()));
        ExecutorService relays = Executors.newFixedThreadPool(2);
        try {
            Future<?> ascending = relays.submit(() -> {
                for (int version = 1; version <= 5; version++) {
                    int v = version;
                    batch(authorities.stream().map(x -> fact(x[0], x[1]).version(v).allAt(v % 5).json()).toList()).body("results.status",
                            org.hamcrest.Matchers.everyItem(equalTo(200)));
                }
            });
            Future<?> descending = relays.submit(() -> {
                List<String[]> reversed = new ArrayList<>(authorities);
                Collections.reverse(reversed);
                for (int version = 10; version >= 6; version--) {
                    int v = version;
                    batch(reversed.stream().map(x -> fact(x[0], x[1]).version(v).allAt(v % 5).json()).toList()).body("results.status",
                            org.hamcrest.Matchers.everyItem(equalTo(200)));
                }
            });
            ascending.get(120, TimeUnit.SECONDS);
            descending.get(120, TimeUnit.SECONDS);
        } finally {
            relays.shutdownNow();
        }
        for (String campaign : campaigns) {
            assertEquals(List.of("10|0|30|210"), rows("""
                    select max(f.assessment_version) || '|' || max(t.level) || '|' || count(distinct f.siren) || '|' || count(*)
                    from fact f cross join unnest(f.theme_levels) t(level)
                    where f.campaign_code = ? and f.siren <> '046000099'""", campaign));
            assertEquals(List.of("10"), rows("select distinct assessment_version::text from fact where campaign_code = ? and siren <> '046000099'",
                    campaign));
        }
    }

    /**
     * The hand-computed edition of BarometerFiguresTest (bar-2025), its facts delivered one by one to
     * one campaign and as one batch to another, in another order, with older versions of some of
     * them after the newer: the figures of the two are the same.
     */
    @Test
    void theFiguresAfterABatchAreThoseOfTheSameFactsOneByOne() throws Exception {
        String single = "batch-eq-single";
        String batched = "batch-eq-batch";
        List<java.util.function.Function<String, Facts>> edition = List.of(
                c -> fact(c, siren(2, 1)).version(2).stratum("S2").levels(3, 3, 0, 4, -1, 2, 1).level("DIA-PLAN-FORMATION", 3),
                c -> fact(c, siren(2, 2)).stratum("S2").levels(3, 0, 0, 4, -1, 2, 1).level("DIA-PLAN-FORMATION", 1),
                c -> fact(c, siren(2, 3)).version(3).stratum("S1").kind("EPCI_CA").levels(0, 3, 4, 0, -1, 2, 1).abstention("DIA-PLAN-FORMATION", "NSP"),
                c -> fact(c, siren(2, 4)).stratum("S1").levels(0, 0, 4, 0, -1, 2, 1).value("GOV-PORTAGE", "ELUS_SEULS"),
                c -> fact(c, siren(2, 5)).stratum("S1").networks("FRANCE_URBAINE").region("11").levels(4, 4, 1, 1, 3, 2, 1)
                        .level("DIA-PLAN-FORMATION", 4));
        List<java.util.function.Function<String, Facts>> older = List.of(
                c -> fact(c, siren(2, 1)).version(1).stratum("S6").levels(0, 0, 0, 0, 0, 0, 0),
                c -> fact(c, siren(2, 3)).version(2).stratum("S6").levels(4, 4, 4, 4, 4, 4, 4).level("DIA-PLAN-FORMATION", 0));
        edition.forEach(f -> f.apply(single).deliver());
        older.forEach(f -> f.apply(single).deliver());
        List<String> messages = new ArrayList<>();
        messages.add(older.get(1).apply(batched).json());
        for (int i = edition.size() - 1; i >= 0; i--) {
            messages.add(edition.get(i).apply(batched).json());
        }
        messages.add(older.get(0).apply(batched).json());
        batch(messages).body("results.status", org.hamcrest.Matchers.everyItem(equalTo(200)));

        for (String path : List.of("", "/strata", "/questions/DIA-PLAN-FORMATION", "/questions/GOV-PORTAGE", "/cross?question=GOV-PORTAGE",
                "?stratum=S1", "/collectivities/" + siren(2, 3))) {
            String one = figures(single, path);
            String together = figures(batched, path);
            assertEquals(one.replace(single, "<campaign>"), together.replace(batched, "<campaign>"), "figures of " + path);
        }
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + batched).then().statusCode(200)
                .body("authorities", equalTo(5))
                .body("themes[0].engaged", equalTo(3))
                .body("themes[2].engaged", equalTo(2));
    }

    private static String figures(String campaign, String path) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(given().auth().oauth2(Tokens.analyst()).get("/barometers/" + campaign + path)
                .then().statusCode(200).extract().asString());
        // the previous edition of the one is the other (the greatest code below): not what is compared here
        body.remove("comparedTo");
        body.path("themes").forEach(t -> ((ObjectNode) t).remove("previous"));
        return body.toString();
    }

    // ---------------------------------------------------------------------------------------------

    /** Posts a batch; a result 503 (the stand-in for survey-service slow on a loaded machine) is retried, as the relay does. */
    static ValidatableResponse batch(List<String> messages) {
        String body = "{\"messages\": [" + String.join(",", messages) + "]}";
        for (int attempt = 1; attempt < 5; attempt++) {
            String answer = post(body).extract().asString();
            if (!answer.contains("\"status\":503")) {
                break;
            }
        }
        return post(body).statusCode(200);
    }

    static ValidatableResponse post(String body) {
        return given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("application/json").body(body)
                .post("/internal/facts/batch").then();
    }

    private static List<Integer> statuses(JsonNode results) {
        List<Integer> statuses = new ArrayList<>();
        results.forEach(r -> statuses.add(r.get("status").asInt()));
        return statuses;
    }

    /**
     * Every row a campaign has in the read model, received_at included, and its version, each with the
     * transaction that wrote its current row version (xmin): a row rewritten, even unchanged, shows.
     */
    private List<String> snapshot(String campaign) throws Exception {
        List<String> all = new ArrayList<>();
        all.addAll(rows("select f::text || ' xmin ' || f.xmin from fact f where campaign_code = ? order by siren", campaign));
        all.addAll(rows("select v::text || ' xmin ' || v.xmin from campaign_version v where campaign_code = ?", campaign));
        return all;
    }

    private List<String> rows(String sql, String campaign) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, campaign);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }
}
