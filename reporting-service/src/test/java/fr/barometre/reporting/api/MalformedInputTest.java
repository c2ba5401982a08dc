package fr.barometre.reporting.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.reporting.testing.Facts;
import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import fr.barometre.testing.HostileRequests;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of the service's own OpenAPI document, sent hostile path, query and header values and
 * hostile bodies, as an admin and as callers of the other roles: no 5xx, every 4xx a problem document,
 * text the database cannot keep refused with 400, a body beyond the limit with 413, and not one row
 * added or removed in any table of the service's schema.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class MalformedInputTest {

    static final String CAMPAIGN = "hostile-2025";

    @Inject
    DataSource dataSource;

    @Test
    void hostileRequestsAreRefusedAsProblemsAndChangeNothing() throws SQLException, IOException {
        for (int n = 1; n <= 6; n++) {
            fact(CAMPAIGN, siren(7, n)).stratum(n % 2 == 0 ? "S2" : "S1").allAt(n % 4).level("DIA-PLAN-FORMATION", n % 5).deliver();
        }
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + CAMPAIGN + "/publication").then().statusCode(200);
        String siren = siren(7, 1);
        Map<String, String> plausible = Map.of("code", CAMPAIGN, "siren", siren, "question", "DIA-PLAN-FORMATION");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("admin", lasting(Tokens.claims("admin", "admin")));
        tokens.put("anonymous", "");
        tokens.put("analyst", lasting(Tokens.claims("analyst", "analyst")));
        tokens.put("respondent", lasting(Tokens.claims("agent-" + siren, "respondent").claim("collectivity", siren)));
        tokens.put("partner", lasting(Tokens.claims("service-account-partner", "partner")
                .claim("partner_scope", Map.of("networks", List.of("FRANCE_URBAINE"), "sirens", List.of(siren)))));
        tokens.put("scoring-service", lasting(Tokens.claims("someone", "reporting-ingest")));
        JsonNode openApi = HostileRequests.read(given().accept("application/json").get("/q/openapi?format=json").asInputStream());
        HostileRequests requests = new HostileRequests(RestAssured.port, bodyLimit(), plausible::get, tokens);

        // POST /webhooks is swept like every operation: hostile URLs, event lists and client ids refused, no subscription added
        assertTrue(openApi.at("/paths/~1webhooks/post/requestBody").isObject(), "POST /webhooks is in the document swept");
        Map<String, Long> before = rowCounts();
        requests.sweep(openApi);
        Map<String, Long> after = rowCounts();

        System.out.printf("MalformedInputTest: %d hostile requests, statuses %s (%d of them not HTTP, refused by the HTTP layer"
                        + " with a bare status), %d failures; seconds by kind %s%n",
                requests.sent(), requests.statuses(), requests.refusedByHttpLayer(), requests.failures().size(), requests.seconds());
        requests.failures().stream().limit(40).forEach(f -> System.out.println("  " + f));
        Files.write(Path.of("target/malformed-input-failures.txt"), requests.failures());
        Files.write(Path.of("target/malformed-input-accepted.txt"), requests.accepted());
        assertTrue(requests.sent() >= 1000, "only " + requests.sent() + " requests sent");
        assertTrue(requests.failures().isEmpty(), () -> requests.failures().size() + " failures, first: " + requests.failures().get(0));
        assertEquals(before, after, "rows added or removed by hostile requests");
    }

    /**
     * The largest legitimate body: a batch of 500 of scoring-service's longest facts, each for a response
     * answering every question of the test questionnaire at its longest (every choice of a multiple choice,
     * each TEXT at its maxLength, though TEXT answers are dropped), with its seven themes. It must be far
     * within the body limit, and be taken.
     */
    @Test
    void theLongestBatchIsWithinTheBodyLimit() throws IOException {
        JsonNode document = new ObjectMapper().readTree(NeighboursWireMockResource.questionnaire());
        List<JsonNode> questions = new ArrayList<>();
        document.path("general").forEach(questions::add);
        document.path("themes").forEach(t -> t.path("questions").forEach(questions::add));
        List<String> facts = new ArrayList<>();
        for (int n = 0; n < 500; n++) {
            facts.add(longest(fact(CAMPAIGN, siren(8, n)).stratum("S3").allAt(4), questions).json());
        }
        byte[] one = facts.get(0).getBytes(StandardCharsets.UTF_8);
        byte[] batch = ("{\"messages\": [" + String.join(",", facts) + "]}").getBytes(StandardCharsets.UTF_8);
        System.out.printf("MalformedInputTest: the longest fact is %,d bytes, a batch of 500 of them %,d; the body limit is %,d%n",
                one.length, batch.length, bodyLimit());
        assertTrue(batch.length * 10L <= bodyLimit(), batch.length + " bytes: the limit leaves less than tenfold room");
        longest(fact(CAMPAIGN, siren(7, 99)).stratum("S3").allAt(4), questions).deliver();
        given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("application/json").body(batch)
                .post("/internal/facts/batch").then().statusCode(200)
                .body("results.status", org.hamcrest.Matchers.everyItem(org.hamcrest.Matchers.equalTo(200)));
    }

    /** A fact answering every question at its longest. */
    private static Facts longest(Facts fact, List<JsonNode> questions) {
        for (JsonNode q : questions) {
            String code = q.path("code").asText();
            List<String> choices = new ArrayList<>();
            q.path("choices").forEach(c -> choices.add(c.path("code").asText()));
            switch (q.path("type").asText()) {
                case "MATURITY" -> fact.level(code, 4);
                case "SINGLE_CHOICE" -> fact.value(code, choices.get(0));
                case "MULTIPLE_CHOICE" -> fact.value(code, choices);
                case "NUMBER" -> fact.value(code, q.hasNonNull("max") ? q.get("max").decimalValue() : new BigDecimal("123456789012.123456"));
                case "BOOLEAN" -> fact.value(code, false);
                default -> fact.value(code, "é".repeat(q.path("maxLength").asInt(1000)));
            }
        }
        return fact;
    }

    /** A token that outlives the sweep, however slow the machine (the default lifetime is 5 minutes). */
    private static String lasting(JwtClaimsBuilder claims) {
        return Tokens.sign(claims.expiresIn(Duration.ofHours(2)));
    }

    private long bodyLimit() {
        return ConfigProvider.getConfig().getValue("quarkus.http.limits.max-body-size", MemorySize.class).asLongValue();
    }

    /** Rows of every table of the service's schema, as information_schema lists them. */
    private Map<String, Long> rowCounts() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("select table_name from information_schema.tables"
                    + " where table_schema = current_schema() and table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = statement.executeQuery("select count(*) from \"" + table + "\"")) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        assertTrue(counts.size() > 3, "tables found: " + counts.keySet());
        return counts;
    }
}
