package fr.barometre.scoring.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.scoring.ingest.SubmissionIngest;
import fr.barometre.scoring.testing.Api;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Submissions;
import fr.barometre.scoring.testing.Tokens;
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

import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubCurrentQuestionnaire;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubQuestionnaire;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
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

    static final String CAMPAIGN = "hostile-25";
    static final String VERSION = "hostile-25.1";
    static final String SIREN = "200000067";

    @Inject
    DataSource dataSource;

    @Test
    void hostileRequestsAreRefusedAsProblemsAndChangeNothing() throws SQLException, IOException {
        stubQuestionnaire(CAMPAIGN, VERSION, Questionnaires.small(VERSION));
        stubCurrentQuestionnaire(CAMPAIGN, Questionnaires.small(VERSION));
        Api.deliver(Submissions.of(CAMPAIGN, SIREN, 1, VERSION).levels(2, "CYB-A", "CYB-B", "CYB-C", "CYB-D").value("CYB-NIS2", "OUI"))
                .statusCode(200);
        // the document's example model exists: a hostile body the model rules still find valid (they bound no weight,
        // so a 300-digit one is valid) gets 409 rather than adding a model
        JsonNode example = HostileRequests.read(given().accept("application/json").get("/q/openapi?format=json").asInputStream())
                .at("/paths/~1models/post/requestBody/content/application~1json/examples").elements().next().path("value");
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(example.toString()).post("/models")
                .then().statusCode(anyOf(equalTo(201), equalTo(409)));
        Map<String, String> plausible = Map.of("code", CAMPAIGN, "siren", SIREN, "id", "barometre-v1");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("admin", lasting(Tokens.claims("admin", "admin")));
        tokens.put("analyst", lasting(Tokens.claims("analyst", "analyst")));
        tokens.put("respondent", lasting(Tokens.claims("agent-" + SIREN, "respondent").claim("collectivity", SIREN)));
        tokens.put("partner", lasting(Tokens.claims("service-account-partner", "partner")
                .claim("partner_scope", Map.of("networks", List.of("FRANCE_URBAINE"), "sirens", List.of(SIREN)))));
        tokens.put("survey-service", lasting(Tokens.claims("someone", "scoring-ingest")));
        tokens.put("reporting-service", lasting(Tokens.claims("someone", "scoring-feed")));
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
     * The largest legitimate body: survey-service's submission message of a response answering every question
     * of the default questionnaire at its longest (every choice of a multiple choice, each TEXT at its maxLength,
     * though TEXT answers never leave survey-service). It must be far within the body limit, and be taken.
     */
    @Test
    void theLongestSubmissionMessageIsWithinTheBodyLimit() throws IOException {
        String version = "hostile-25.2";
        String questionnaire = Questionnaires.defaultQuestionnaire(version);
        stubQuestionnaire(CAMPAIGN, version, questionnaire);
        Submissions message = Submissions.of(CAMPAIGN, "200000075", 1, version);
        JsonNode document = new ObjectMapper().readTree(questionnaire);
        List<JsonNode> questions = new ArrayList<>();
        document.path("general").forEach(questions::add);
        document.path("themes").forEach(t -> t.path("questions").forEach(questions::add));
        for (JsonNode q : questions) {
            String code = q.path("code").asText();
            List<String> choices = new ArrayList<>();
            q.path("choices").forEach(c -> choices.add(c.path("code").asText()));
            switch (q.path("type").asText()) {
                case "MATURITY" -> message.level(code, 4);
                case "SINGLE_CHOICE" -> message.value(code, choices.get(0));
                case "MULTIPLE_CHOICE" -> message.value(code, choices);
                case "NUMBER" -> message.value(code, q.hasNonNull("max") ? q.get("max").decimalValue() : new BigDecimal("123456789012.123456"));
                case "BOOLEAN" -> message.value(code, false);
                default -> message.value(code, "é".repeat(q.path("maxLength").asInt(1000)));
            }
        }
        byte[] body = message.json().getBytes(StandardCharsets.UTF_8);
        System.out.printf("MalformedInputTest: the longest submission message is %,d bytes; the body limit is %,d%n", body.length, bodyLimit());
        assertTrue(body.length * 10L <= bodyLimit(), body.length + " bytes: the limit leaves less than tenfold room");
        given().auth().oauth2(Tokens.withRoles("scoring-ingest")).contentType("application/json").body(body)
                .post("/internal/assessments").then().statusCode(200).body("assessmentVersion", equalTo(1));

        // a full batch of the longest messages is within the limit too, and taken
        StringBuilder batch = new StringBuilder("{\"messages\": [");
        for (int i = 0; i < SubmissionIngest.BATCH_MAX; i++) {
            batch.append(i == 0 ? "" : ",").append(message.set("siren", String.format("21%07d", i)).json());
        }
        byte[] full = batch.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        System.out.printf("MalformedInputTest: a batch of %d of them is %,d bytes; the body limit is %,d%n",
                SubmissionIngest.BATCH_MAX, full.length, bodyLimit());
        assertTrue(full.length * 2L <= bodyLimit(), full.length + " bytes: the limit leaves less than twofold room for a full batch");
        given().auth().oauth2(Tokens.withRoles("scoring-ingest")).contentType("application/json").body(full)
                .post("/internal/assessments/batch").then().statusCode(200)
                .body("results.findAll { it.status == 200 }.size()", equalTo(SubmissionIngest.BATCH_MAX));
        // its 500 rows go, so that the other classes sharing the database find theirs as before
        Db.update("delete from outbox_message where message_key like ?", CAMPAIGN + ":21%");
        Db.update("delete from assessment where campaign_code = ? and siren like '21%'", CAMPAIGN);
        Db.update("delete from submission where campaign_code = ? and siren like '21%'", CAMPAIGN);
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
