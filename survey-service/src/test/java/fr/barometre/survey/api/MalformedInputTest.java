package fr.barometre.survey.api;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.response.AnswerRules;
import fr.barometre.survey.response.BatchService;
import fr.barometre.survey.testing.Answers;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.SubmissionFixtures;
import fr.barometre.survey.testing.Tokens;
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
import java.util.Comparator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
class MalformedInputTest {

    static final String CAMPAIGN = "hostile-open";
    static final String BATCH_CAMPAIGN = "hostile-batch";

    @Inject
    DataSource dataSource;

    @Test
    void hostileRequestsAreRefusedAsProblemsAndChangeNothing() throws SQLException, IOException {
        String siren = SubmissionFixtures.communes("23", 1).get(0);
        SubmissionFixtures.createOpenCampaign(CAMPAIGN, siren);
        SubmissionFixtures.saveDraft(CAMPAIGN, siren, List.of(Answers.level("DIA-PLAN-FORMATION", 2)));
        Map<String, String> plausible = Map.of("code", CAMPAIGN, "siren", siren, "id", "1", "clientId", "partner-demo");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("admin", lasting(Tokens.claims("admin", "admin")));
        tokens.put("analyst", lasting(Tokens.claims("analyst", "analyst")));
        tokens.put("respondent", lasting(Tokens.claims("agent-" + siren, "respondent").claim("collectivity", siren)));
        tokens.put("partner", lasting(Tokens.claims("service-account-partner", "partner")
                .claim("partner_scope", Map.of("networks", List.of("FRANCE_URBAINE"), "sirens", List.of(siren)))));
        tokens.put("scoring-service", lasting(Tokens.claims("service-account-scoring-service", "survey-feed")));
        JsonNode openApi = HostileRequests.read(given().accept("application/json").get("/q/openapi?format=json").asInputStream());
        HostileRequests requests = new HostileRequests(RestAssured.port, bodyLimit(), plausible::get, tokens);

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
     * The largest legitimate body: a batch of {@value BatchService#MAX_RESPONSES} complete responses, every question
     * of the default questionnaire answered at its longest (each TEXT at its maxLength in two-octet characters,
     * every choice of a multiple choice). It must be within the body limit, and get through to the service.
     */
    @Test
    void aBatchOfAThousandLongestResponsesIsWithinTheBodyLimit() throws IOException {
        SubmissionFixtures.createCampaign(BATCH_CAMPAIGN, "216901231");
        JsonNode questionnaire = SubmissionFixtures.readTree(Campaigns.questionnaire(BATCH_CAMPAIGN));
        List<Map<String, Object>> answers = new ArrayList<>();
        for (JsonNode q : Answers.questions(questionnaire)) {
            String code = q.path("code").asText();
            List<String> choices = new ArrayList<>();
            q.path("choices").forEach(c -> choices.add(c.path("code").asText()));
            answers.add(switch (q.path("type").asText()) {
                case "MATURITY" -> Answers.level(code, AnswerRules.MAX_LEVEL);
                case "SINGLE_CHOICE" -> Answers.value(code, choices.stream().max(Comparator.comparingInt(String::length)).orElseThrow());
                case "MULTIPLE_CHOICE" -> Answers.value(code, choices);
                case "NUMBER" -> Answers.value(code, new BigDecimal("-123456789012.123456"));
                case "BOOLEAN" -> Answers.value(code, false);
                default -> Answers.value(code, "é".repeat(q.path("maxLength").asInt(1000)));
            });
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < BatchService.MAX_RESPONSES; i++) {
            items.add(Answers.item(String.format("%09d", 200_000_000 + i), answers));
        }
        byte[] batch = Answers.batch(items).getBytes(StandardCharsets.UTF_8);
        // as a client escaping every non-ASCII character writes it (Python's json.dumps does by default)
        byte[] escaped = new ObjectMapper().enable(JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature())
                .writeValueAsBytes(Map.of("responses", items));
        System.out.printf("MalformedInputTest: a batch of %d longest complete responses is %,d bytes (%,d with non-ASCII"
                + " escaped); the body limit is %,d%n", items.size(), batch.length, escaped.length, bodyLimit());
        assertTrue(escaped.length <= bodyLimit(), escaped.length + " bytes do not fit in " + bodyLimit());
        // read and bound by the service, which refuses it only because the campaign is not open
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(batch)
                .post("/campaigns/" + BATCH_CAMPAIGN + "/responses/batch")
                .then().statusCode(409);
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
