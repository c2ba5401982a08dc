package fr.barometre.survey.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The feed serves each stored message as it is: the page is the envelope around the text PostgreSQL gives
 * of the stored jsonb (with the row's trace context put in it), byte for byte, never parsed and written
 * again; strings made to look like the page's own syntax stay inside their item.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class StoredFeedItemsTest {

    private static final String FEED = "/internal/submissions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aPageIsTheStoredMessagesByteForByteWithTheirTraceContext() throws Exception {
        String code = "feed-stored";
        List<String> hostile = List.of("\"}], \"nextCursor\": \"0:0\", \"items\": [{\"x\": \"", "\\\"\\", "</script>\n\u2028 😀");
        List<ObjectNode> messages = new ArrayList<>();
        String start = readToEnd();
        List<String> expected = new ArrayList<>();
        try (Connection c = db()) {
            for (int i = 0; i < hostile.size(); i++) {
                ObjectNode m = JSON.createObjectNode().put("campaign", code).put("siren", "90000010" + i).put("revision", 1)
                        .put("questionnaireVersion", hostile.get(i)).put("submittedAt", "2025-05-12T09:30:00Z").putNull("traceparent");
                m.putArray("answers").addObject().put("question", hostile.get(i)).put("value", 12.50);
                messages.add(m);
                try (PreparedStatement ps = c.prepareStatement("""
                        insert into submission (campaign_code, siren, revision, payload, submitted_at, traceparent)
                        values (?, ?, 1, ?::jsonb, now(), ?)
                        returning (payload || jsonb_build_object('traceparent', traceparent))::text""")) {
                    ps.setString(1, code);
                    ps.setString(2, "90000010" + i);
                    ps.setString(3, m.toString());
                    ps.setString(4, i == 1 ? null : TRACE);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        expected.add(rs.getString(1));
                    }
                }
            }
        }

        String body = given().auth().oauth2(Tokens.feed()).queryParam("since", start).queryParam("limit", 1000)
                .get(FEED).then().statusCode(200).extract().asString();
        JsonNode page = JSON.readTree(body);
        assertEquals("{\"items\":[" + String.join(",", expected) + "],\"nextCursor\":\"" + page.get("nextCursor").asText() + "\"}",
                body, "the stored texts, as they are, in feed order");
        assertEquals(hostile.size(), page.get("items").size(), "nothing broke out of an item or of the page");
        for (int i = 0; i < hostile.size(); i++) {
            ObjectNode served = messages.get(i).deepCopy();
            served.put("traceparent", i == 1 ? null : TRACE);
            assertEquals(served, page.get("items").get(i), "item " + i + " as stored, with its row's trace context");
        }
    }

    /** The cursor at the end of the feed as it stands. */
    private static String readToEnd() throws Exception {
        String cursor = null;
        while (true) {
            var request = given().auth().oauth2(Tokens.feed()).queryParam("limit", 1000);
            if (cursor != null) {
                request.queryParam("since", cursor);
            }
            JsonNode page = JSON.readTree(request.get(FEED).then().statusCode(200).extract().asString());
            cursor = page.get("nextCursor").asText();
            if (page.get("items").size() < 1000) {
                return cursor;
            }
        }
    }

    private static Connection db() throws SQLException {
        return EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
    }
}
