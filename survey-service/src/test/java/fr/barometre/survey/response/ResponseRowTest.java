package fr.barometre.survey.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.testing.Answers;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fr.barometre.survey.testing.Responses.path;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A response's row as each request about it leaves it: a change writes its own columns and keeps every
 * other one; a submission writes its feed row and its outbox message once, and a replay of its
 * Idempotency-Key writes nothing.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class ResponseRowTest {

    private static final String LYON = "216901231";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    /** The row of a response, read from the table. */
    record Row(String status, int revision, JsonNode answers, int version, Instant createdAt, Instant updatedAt, Instant submittedAt) {
    }

    private Row row(String code, String siren) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select status, revision, cast(answers as text), version, created_at, updated_at, submitted_at
                from response where campaign_code = ? and siren = ?""")) {
            ps.setString(1, code);
            ps.setString(2, siren);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "the response's row");
                return new Row(rs.getString(1), rs.getInt(2), JSON.readTree(rs.getString(3)), rs.getInt(4),
                        instant(rs.getObject(5, OffsetDateTime.class)), instant(rs.getObject(6, OffsetDateTime.class)),
                        instant(rs.getObject(7, OffsetDateTime.class)));
            }
        }
    }

    private long count(String table, String code, String siren) throws Exception {
        String where = table.equals("outbox_message") ? "message_key like ?" : "campaign_code || '/' || siren like ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select count(*) from " + table + " where " + where)) {
            ps.setString(1, table.equals("outbox_message") ? "%" + code + "%" + siren + "%" : code + "/" + siren);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    /** The answers as the API shows them, compared with the stored ones (as JSON trees). */
    private static JsonNode answersOf(ExtractableResponse<Response> response) throws Exception {
        return JSON.readTree(response.asString()).get("answers");
    }

    /** Opens a campaign inviting Lyon; returns a complete answer set. */
    private static List<Map<String, Object>> openForLyon(String code) {
        Campaigns.createOpen(code, Campaigns.sirens(LYON));
        return Answers.complete(Campaigns.questionnaire(code));
    }

    private static ExtractableResponse<Response> put(String token, String code, List<Map<String, Object>> answers, String ifMatch) {
        var request = given().auth().oauth2(token).contentType("application/json").body(Answers.body(answers));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.put(path(code, LYON)).then().statusCode(ifMatch == null ? 201 : 200).extract();
    }

    @Test
    void eachChangeWritesItsOwnColumnsAndKeepsEveryOther() throws Exception {
        String code = "row-columns";
        List<Map<String, Object>> complete = openForLyon(code);
        String lyon = Tokens.respondent(LYON);

        ExtractableResponse<Response> created = put(lyon, code, complete.subList(0, 1), null);
        Row draft = row(code, LYON);
        assertEquals("DRAFT", draft.status());
        assertEquals(1, draft.revision());
        assertEquals(0, draft.version());
        assertEquals(answersOf(created), draft.answers());
        assertEquals(1, draft.answers().size());
        assertEquals(draft.createdAt(), draft.updatedAt());
        assertNull(draft.submittedAt());
        assertEquals("\"1.0\"", created.header("ETag"));

        ExtractableResponse<Response> saved = put(lyon, code, complete, created.header("ETag"));
        Row changed = row(code, LYON);
        assertEquals(answersOf(saved), changed.answers(), "the new answers are stored");
        assertEquals(complete.size(), changed.answers().size());
        assertEquals(1, changed.version());
        assertEquals("\"1.1\"", saved.header("ETag"));
        assertEquals(draft.createdAt(), changed.createdAt(), "created_at kept");
        assertTrue(changed.updatedAt().isAfter(draft.updatedAt()), "updated_at moves on");
        assertEquals("DRAFT", changed.status());
        assertEquals(1, changed.revision());
        assertNull(changed.submittedAt());

        ExtractableResponse<Response> submitted = given().auth().oauth2(lyon)
                .header("If-Match", saved.header("ETag"))
                .post(path(code, LYON) + "/submission")
                .then().statusCode(200).extract();
        Row done = row(code, LYON);
        assertEquals("SUBMITTED", done.status());
        assertEquals(1, done.revision());
        assertEquals(2, done.version());
        assertEquals("\"1.2\"", submitted.header("ETag"));
        assertEquals(changed.answers(), done.answers(), "the answers are kept by the submission");
        assertEquals(answersOf(submitted), done.answers());
        assertEquals(draft.createdAt(), done.createdAt(), "created_at kept");
        assertEquals(done.submittedAt(), done.updatedAt());
        assertTrue(done.submittedAt().isAfter(changed.updatedAt()));

        // What the API reads back is what the table holds.
        ExtractableResponse<Response> read = given().auth().oauth2(lyon).get(path(code, LYON)).then().statusCode(200).extract();
        assertEquals(submitted.header("ETag"), read.header("ETag"));
        assertEquals(done.answers(), answersOf(read));
        assertEquals(done.createdAt(), Instant.parse(read.path("createdAt")));
        assertEquals(done.submittedAt(), Instant.parse(read.path("submittedAt")));
        assertEquals(1, count("submission", code, LYON), "one feed row");
        assertEquals(1, count("outbox_message", code, LYON), "one outbox message");
    }

    @Test
    void aPatchWritesTheMergedAnswersAndKeepsTheRest() throws Exception {
        String code = "row-patch";
        List<Map<String, Object>> complete = openForLyon(code);
        String lyon = Tokens.respondent(LYON);
        ExtractableResponse<Response> created = put(lyon, code, complete.subList(0, 2), null);
        Row before = row(code, LYON);

        ExtractableResponse<Response> patched = given().auth().oauth2(lyon).contentType("application/json")
                .header("If-Match", created.header("ETag"))
                .body(Answers.body(complete.subList(2, 3)))
                .patch(path(code, LYON)).then().statusCode(200).extract();
        Row after = row(code, LYON);
        assertEquals(3, after.answers().size());
        assertEquals(answersOf(patched), after.answers());
        assertEquals(1, after.version());
        assertEquals(before.createdAt(), after.createdAt());
        assertNotEquals(before.updatedAt(), after.updatedAt());
        assertEquals("DRAFT", after.status());
    }

    @Test
    void aReplayOfTheIdempotencyKeyWritesNothing() throws Exception {
        String code = "row-replay";
        List<Map<String, Object>> complete = openForLyon(code);
        String lyon = Tokens.respondent(LYON);
        put(lyon, code, complete, null);
        String key = "row-" + UUID.randomUUID();

        ExtractableResponse<Response> first = given().auth().oauth2(lyon).header("Idempotency-Key", key)
                .post(path(code, LYON) + "/submission").then().statusCode(200).extract();
        Row submitted = row(code, LYON);
        for (int i = 0; i < 2; i++) {
            ExtractableResponse<Response> replay = given().auth().oauth2(lyon).header("Idempotency-Key", key)
                    .post(path(code, LYON) + "/submission").then().statusCode(200).extract();
            assertEquals(first.asString(), replay.asString());
            assertEquals(first.header("ETag"), replay.header("ETag"));
            assertEquals("application/json", replay.contentType());
        }
        assertEquals(submitted, row(code, LYON), "the row is as the first submission left it");
        assertEquals(1, count("submission", code, LYON), "one feed row");
        assertEquals(1, count("outbox_message", code, LYON), "one outbox message");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select campaign_code, siren, status_code, body, etag from idempotency_key where key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(code, rs.getString(1));
                assertEquals(LYON, rs.getString(2));
                assertEquals(200, rs.getInt(3));
                assertEquals(first.asString(), rs.getString(4));
                assertEquals(first.header("ETag"), rs.getString(5));
            }
        }
    }

    @Test
    void aBatchStoresTheAnswersAsGivenWhateverTheirText() throws Exception {
        String code = "row-batch";
        String created = "212003313";   // Urbalacone: a new response
        String drafted = "212001960";   // Orto: a draft the batch completes
        Campaigns.createOpen(code, Campaigns.sirens(created, drafted));
        String text = "guillemets \" antislash \\ accolades {a,b} virgule, NULL 'apostrophe' é ✓\ttab";
        List<Map<String, Object>> complete = Answers.with(Answers.complete(Campaigns.questionnaire(code)),
                Answers.value("GEN-COMMENTAIRE", text));
        String admin = Tokens.admin();
        given().auth().oauth2(admin).contentType("application/json").body(Answers.body(complete.subList(0, 1)))
                .put(path(code, drafted)).then().statusCode(201);

        given().auth().oauth2(admin).contentType("application/json")
                .body(Answers.batch(List.of(Answers.item(created, complete), Answers.item(drafted, complete))))
                .post("/campaigns/" + code + "/responses/batch")
                .then().statusCode(200)
                .body("submitted", org.hamcrest.Matchers.equalTo(2));
        List<String> questions = complete.stream().map(a -> (String) a.get("question")).sorted().toList();
        for (String siren : List.of(created, drafted)) {
            Row row = row(code, siren);
            assertEquals("SUBMITTED", row.status());
            List<String> stored = new java.util.ArrayList<>();
            row.answers().forEach(a -> stored.add(a.get("question").asText()));
            assertEquals(questions, stored.stream().sorted().toList(), "every answer of " + siren);
            JsonNode comment = null;
            for (JsonNode answer : row.answers()) {
                if (answer.get("question").asText().equals("GEN-COMMENTAIRE")) {
                    comment = answer;
                }
            }
            assertEquals(text, comment.get("value").asText(), "the text of " + siren + " as sent");
            ExtractableResponse<Response> read = given().auth().oauth2(admin).get(path(code, siren)).then().statusCode(200).extract();
            assertEquals(row.answers(), answersOf(read));
        }
        assertEquals(1, row(code, drafted).version(), "the draft's version went up by one");
    }
}
