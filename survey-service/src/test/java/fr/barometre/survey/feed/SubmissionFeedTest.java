package fr.barometre.survey.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.SubmissionFixtures;
import fr.barometre.survey.testing.Tokens;
import fr.barometre.testing.FeedQueries;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catch-up feed {@code GET /internal/submissions}, for scoring-service and reporting-service.
 * <p>
 * The database is shared by every test class of the JVM: each test reads the feed from its end as it
 * was before the test, or filters the items on its own campaign.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class SubmissionFeedTest {

    private static final String FEED = "/internal/submissions";
    private static final String LYON = "216901231";
    private static final String RENNES_METROPOLE = "243500139";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SubmissionFeed feed;

    // Roles ------------------------------------------------------------------------------------------

    @Test
    void feedIsForTheSurveyFeedRoleOnly() {
        given().auth().oauth2(Tokens.feed()).get(FEED).then().statusCode(200);
        given().auth().oauth2(Tokens.withRoles("survey-feed")).queryParam("limit", 1).get(FEED).then().statusCode(200);
        for (String token : List.of(Tokens.admin(), Tokens.analyst(), Tokens.respondent(LYON),
                Tokens.partner(List.of("FRANCE_URBAINE"), List.of(LYON)), Tokens.withRoles("scoring-ingest"))) {
            given().auth().oauth2(token).get(FEED)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        given().get(FEED).then().statusCode(401).contentType("application/problem+json");
        for (String token : List.of(Tokens.admin(), Tokens.partner(List.of("FRANCE_URBAINE"), List.of(LYON)), Tokens.withRoles("scoring-ingest"))) {
            given().auth().oauth2(token).queryParam("view", "KEYS").get(FEED)
                    .then().statusCode(403).contentType("application/problem+json");
        }
        given().queryParam("view", "KEYS").get(FEED).then().statusCode(401).contentType("application/problem+json");
    }

    // Items ------------------------------------------------------------------------------------------

    @Test
    void itemsAreSubmissionMessagesWithoutTextAnswers() throws Exception {
        String code = "feed-format";
        SubmissionFixtures.createOpenCampaign(code, LYON);
        List<Map<String, Object>> answers = SubmissionFixtures.completeAnswers(code);
        assertTrue(answers.stream().anyMatch(a -> a.get("question").equals("GEN-COMMENTAIRE")));
        JsonNode submitted = SubmissionFixtures.submit(code, LYON, answers);

        List<JsonNode> own = readAll(null, 1000).stream().filter(i -> i.get("campaign").asText().equals(code)).toList();
        assertEquals(1, own.size());
        JsonNode item = own.get(0);
        assertEquals(Set.of("campaign", "siren", "revision", "questionnaireVersion", "submittedAt", "profile", "answers",
                "traceparent"), fields(item));   // the trace context: observability/TracePropagationTest
        assertEquals(LYON, item.get("siren").asText());
        assertEquals(1, item.get("revision").asInt());
        assertEquals("2025.1", item.get("questionnaireVersion").asText());
        assertEquals(Instant.parse(submitted.get("submittedAt").asText()), Instant.parse(item.get("submittedAt").asText()));
        JsonNode profile = item.get("profile");
        assertEquals(Set.of("kind", "population", "stratum", "departement", "region", "networks"), fields(profile));
        assertEquals("COMMUNE", profile.get("kind").asText());
        assertEquals("S6", profile.get("stratum").asText());
        assertEquals("69", profile.get("departement").asText());
        assertEquals("84", profile.get("region").asText());
        assertTrue(profile.get("population").asInt() > 500_000);
        assertTrue(profile.get("networks").isArray());

        List<Map<String, Object>> expected = new ArrayList<>(answers);
        expected.removeIf(a -> a.get("question").equals("GEN-COMMENTAIRE"));
        assertEquals(JSON.valueToTree(expected), item.get("answers"), "every answer but the TEXT one");
        assertFalse(item.toString().contains(SubmissionFixtures.COMMENT), "a TEXT answer is never served");
    }

    @Test
    void pagesFollowTheCursorWithTheLimitAsked() throws Exception {
        String code = "feed-paging";
        List<String> sirens = SubmissionFixtures.communes("35", 3);
        SubmissionFixtures.createOpenCampaign(code, sirens.toArray(String[]::new));
        String start = endCursor();
        for (String siren : sirens) {
            SubmissionFixtures.submit(code, siren, SubmissionFixtures.completeAnswers(code));
        }

        // One at a time: each page holds one item and moves the cursor on.
        String cursor = start;
        List<String> served = new ArrayList<>();
        for (int i = 0; i < sirens.size(); i++) {
            JsonNode page = page(cursor, 1);
            assertEquals(1, page.get("items").size());
            String next = page.get("nextCursor").asText();
            assertTrue(FeedQueries.compareCursors(next, cursor) > 0, next + " after " + cursor);
            served.add(page.get("items").get(0).get("siren").asText());
            assertEquals(code, page.get("items").get(0).get("campaign").asText());
            cursor = next;
        }
        assertEquals(sirens, served, "in submission order, each once");
        JsonNode end = page(cursor, 1);
        assertEquals(0, end.get("items").size());
        assertEquals(cursor, end.get("nextCursor").asText(), "an empty page keeps the cursor");

        // Two at a time: the same items, in the same order.
        JsonNode first = page(start, 2);
        assertEquals(2, first.get("items").size());
        JsonNode second = page(first.get("nextCursor").asText(), 2);
        assertEquals(1, second.get("items").size());
        assertEquals(sirens, List.of(first.get("items").get(0).get("siren").asText(),
                first.get("items").get(1).get("siren").asText(), second.get("items").get(0).get("siren").asText()));
        assertEquals(cursor, second.get("nextCursor").asText());

        // From the beginning (no since), the feed serves them too.
        List<String> all = readAll(null, 1000).stream()
                .filter(i -> i.get("campaign").asText().equals(code)).map(i -> i.get("siren").asText()).toList();
        assertEquals(sirens, all);
    }

    /**
     * view=KEYS gives the keys of the very page the same cursor and limit give: the same items in the same order,
     * each as its campaign, siren and revision only (no answer, no profile, no trace context), and the same next
     * cursor, so that a reader holding them all reads on without the page.
     */
    @Test
    void keysAreThoseOfThePageFromTheSameCursor() throws Exception {
        String code = "feed-keys";
        List<String> sirens = SubmissionFixtures.communes("22", 3);
        SubmissionFixtures.createOpenCampaign(code, sirens.toArray(String[]::new));
        String start = endCursor();
        for (String siren : sirens) {
            SubmissionFixtures.submit(code, siren, SubmissionFixtures.completeAnswers(code));
        }
        String again = "/campaigns/" + code + "/responses/" + sirens.get(0);
        given().auth().oauth2(Tokens.admin()).post(again + "/reopen").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).post(again + "/submission").then().statusCode(200);

        String cursor = start;
        List<String> seen = new ArrayList<>();
        for (int pages = 0; pages < 3; pages++) {
            JsonNode page = page(cursor, 2);
            JsonNode keys = keys(cursor, 2);
            assertEquals(page.get("nextCursor"), keys.get("nextCursor"), "the same next cursor");
            assertEquals(page.get("items").size(), keys.get("items").size());
            for (int i = 0; i < page.get("items").size(); i++) {
                JsonNode item = page.get("items").get(i);
                JsonNode key = keys.get("items").get(i);
                assertEquals(List.of("campaign", "siren", "revision", "submittedAt"), iterable(key.fieldNames()), "a key and nothing else");
                long apart = Duration.between(Instant.parse(item.get("submittedAt").asText()), Instant.parse(key.get("submittedAt").asText())).toNanos();
                assertTrue(Math.abs(apart) < 1_000, "the submission's time, as PostgreSQL keeps it (to the microsecond): " + apart + " ns apart");
                assertEquals(item.get("campaign"), key.get("campaign"));
                assertEquals(item.get("siren"), key.get("siren"));
                assertEquals(item.get("revision"), key.get("revision"));
                seen.add(key.get("siren").asText() + "/" + key.get("revision").asInt());
            }
            cursor = keys.get("nextCursor").asText();
        }
        assertEquals(List.of(sirens.get(0) + "/1", sirens.get(1) + "/1", sirens.get(2) + "/1", sirens.get(0) + "/2"), seen);
        JsonNode end = keys(cursor, 2);
        assertEquals(0, end.get("items").size());
        assertEquals(cursor, end.get("nextCursor").asText(), "an empty page of keys keeps the cursor");
        assertEquals(page(null, 5).get("nextCursor"), keys(null, 5).get("nextCursor"), "from the beginning too");
    }

    @Test
    void aViewOtherThanFullOrKeysIsAProblem() {
        for (String view : List.of("keys", "full", "KEY", "FULL,KEYS")) {
            given().auth().oauth2(Tokens.feed()).queryParam("view", view).get(FEED)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("view"));
        }
        given().auth().oauth2(Tokens.feed()).queryParam("view", "FULL").queryParam("limit", 1).get(FEED).then().statusCode(200);
        given().auth().oauth2(Tokens.feed()).queryParam("view", "KEYS").queryParam("since", "garbage").get(FEED)
                .then().statusCode(400).body("errors.field", hasItem("since"));
        given().auth().oauth2(Tokens.feed()).queryParam("view", "KEYS").queryParam("limit", 1001).get(FEED)
                .then().statusCode(400).body("errors.field", hasItem("limit"));
    }

    @Test
    void badCursorOrLimitIsAProblem() {
        for (String since : List.of("garbage", "12", "12:", ":4", "-1:3", "1:2:3", "1.5:2", "99999999999999999999999:1",
                "18446744073709551616:1", "1:9223372036854775808")) {
            given().auth().oauth2(Tokens.feed()).queryParam("since", since).get(FEED)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("errors.field", hasItem("since"));
        }
        for (int limit : new int[]{0, -1, 1001}) {
            given().auth().oauth2(Tokens.feed()).queryParam("limit", limit).get(FEED)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("limit"));
        }
        given().auth().oauth2(Tokens.feed()).queryParam("limit", 1000).get(FEED).then().statusCode(200);
    }

    // The late-commit rule -------------------------------------------------------------------------------

    /**
     * "A feed page must never skip a row that commits after a later one."
     * <p>
     * T1 inserts row R1 first (smaller id, smaller transaction id) but commits last; T2 inserts R2 and
     * commits while T1 is still open. A reader paging by id alone would serve R2 now, move its cursor
     * past R2's id, and never see R1 once T1 commits: R1 is skipped for good. (Paging by transaction id
     * without the snapshot filter would skip it the same way.) The feed must therefore hold R2 back
     * while T1 runs, and serve R1 then R2 once T1 has committed.
     */
    @Test
    void aRowThatCommitsLateIsNeverSkipped() throws Exception {
        String code = "feed-late-commit";
        String start = endCursor();
        long naiveCursor = scalar("select coalesce(max(id), 0) from submission");

        try (Connection t1 = db(); Connection t2 = db()) {
            t1.setAutoCommit(false);
            t2.setAutoCommit(false);
            try {
                long[] r1 = insert(t1, code, LYON);              // T1 writes first...
                long[] r2 = insert(t2, code, RENNES_METROPOLE);  // ...T2 writes next
                t2.commit();                                     // ...and commits first
                assertTrue(r1[0] < r2[0], "R1 has the smaller id");
                assertTrue(r1[1] < r2[1], "T1 has the smaller transaction id");

                // While T1 is open, the naive reader by id sees R2 and moves its cursor past it.
                List<Long> naive = idsAfter(naiveCursor);
                assertEquals(List.of(r2[0]), naive, "R2 is committed and visible; R1 is not yet");
                naiveCursor = naive.get(naive.size() - 1);

                // The feed holds R2 back: serving it now would let a reader skip R1.
                JsonNode during = page(start, 1000);
                assertEquals(List.of(), sirensOf(during, code), "no row of a transaction newer than a running one");
                assertEquals(start, during.get("nextCursor").asText(), "the cursor does not move past R1's place");

                t1.commit();

                // The naive reader has skipped R1 for good.
                assertFalse(idsAfter(naiveCursor).contains(r1[0]), "paging by id alone skips the late commit");

                // The feed serves both from the cursor it gave before, R1 first.
                JsonNode after = page(during.get("nextCursor").asText(), 1000);
                assertEquals(List.of(LYON, RENNES_METROPOLE), sirensOf(after, code));
                assertNotEquals(start, after.get("nextCursor").asText());
                assertEquals(List.of(), sirensOf(page(after.get("nextCursor").asText(), 1000), code), "each once");
            } finally {
                t1.rollback();   // no-ops once committed; never leave a transaction open for the other tests
                t2.rollback();
            }
        }
    }

    // The order of transaction ids ------------------------------------------------------------------------

    /**
     * "Pages follow (transaction id, id) as numbers": transaction ids are numbers, and a feed sorting them
     * as text puts 100 before 99 and 1000 before 101. A page ending on 1000 would then move the cursor past
     * 99, 101 and 999, skipped for good. Rows given transaction ids across powers of ten (below every running
     * transaction, so served) must come page after page, two at a time, each once, in numeric order.
     */
    @Test
    void pagesFollowTransactionIdsAsNumbersAcrossPowersOfTen() throws Exception {
        String code = "feed-txid-order";
        long[] txids = {1000, 999, 101, 100, 100, 99, 1001};   // inserted in this order: ids do not follow txids
        List<String> expected = List.of("900000005", "900000003", "900000004", "900000002", "900000001", "900000000",
                "900000006");   // by (txid, id): 99, 100 (id first inserted), 100, 101, 999, 1000, 1001
        try (Connection c = db()) {
            FeedQueries.passTransactionId(c, 1001);
            try {
                for (int i = 0; i < txids.length; i++) {
                    insert(c, code, "90000000" + i, txids[i]);
                }
                List<String> served = FeedQueries.pageThrough("98:0", "1001:" + Long.MAX_VALUE, 2, cursor -> {
                    FeedPage page = feed.page(cursor, 2);
                    return new FeedQueries.Page(page.items().stream().filter(i -> i.campaign().equals(code)).map(i -> i.siren()).toList(),
                            page.items().size(), page.nextCursor());
                });
                assertEquals(expected, served, "every row once, by transaction id as a number, then id");
            } finally {
                try (PreparedStatement ps = c.prepareStatement("delete from submission where campaign_code = ?")) {
                    ps.setString(1, code);
                    ps.executeUpdate();
                }
            }
        }
    }

    // helpers ---------------------------------------------------------------------------------------------

    private static JsonNode keys(String since, int limit) {
        var request = given().auth().oauth2(Tokens.feed()).queryParam("limit", limit).queryParam("view", "KEYS");
        if (since != null) {
            request.queryParam("since", since);
        }
        return SubmissionFixtures.readTree(request.get(FEED).then().statusCode(200).extract().asString());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> all = new ArrayList<>();
        names.forEachRemaining(all::add);
        return all;
    }

    private static JsonNode page(String since, int limit) {
        var request = given().auth().oauth2(Tokens.feed()).queryParam("limit", limit);
        if (since != null) {
            request.queryParam("since", since);
        }
        return SubmissionFixtures.readTree(request.get(FEED).then().statusCode(200).extract().asString());
    }

    /** Every item from a cursor to the end of the feed. */
    private static List<JsonNode> readAll(String since, int limit) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = since;
        while (true) {
            JsonNode page = page(cursor, limit);
            page.get("items").forEach(items::add);
            if (page.get("items").size() < limit) {
                return items;
            }
            cursor = page.get("nextCursor").asText();
        }
    }

    /** The cursor at the end of the feed now. */
    private static String endCursor() {
        String cursor = null;
        while (true) {
            JsonNode page = page(cursor, 1000);
            cursor = page.get("nextCursor").asText();
            if (page.get("items").size() < 1000) {
                return cursor;
            }
        }
    }

    private static List<String> sirensOf(JsonNode page, String campaign) {
        List<String> sirens = new ArrayList<>();
        page.get("items").forEach(i -> {
            if (i.get("campaign").asText().equals(campaign)) {
                sirens.add(i.get("siren").asText());
            }
        });
        return sirens;
    }

    /** Inserts a submission row as SubmissionMessages does; returns its id and transaction id. */
    private static long[] insert(Connection c, String campaign, String siren) throws SQLException {
        return insert(c, campaign, siren, null);
    }

    /** The same, with the transaction id given ({@code null}: the inserting transaction's). */
    private static long[] insert(Connection c, String campaign, String siren, Long txid) throws SQLException {
        ObjectNode message = JSON.createObjectNode()
                .put("campaign", campaign).put("siren", siren).put("revision", 1)
                .put("questionnaireVersion", "2025.1").put("submittedAt", "2025-05-12T09:30:00Z");
        message.putObject("profile").put("kind", "COMMUNE").put("population", 519127).put("stratum", "S6")
                .put("departement", "69").put("region", "84").putArray("networks");
        message.set("answers", JSON.createArrayNode().add(JSON.createObjectNode().put("question", "DIA-PLAN-FORMATION").put("level", 2)));
        String payload = message.toString();
        try (PreparedStatement ps = c.prepareStatement("""
                insert into submission (campaign_code, siren, revision, payload, submitted_at, txid)
                values (?, ?, 1, ?::jsonb, now(), coalesce(?::text::xid8, pg_current_xact_id()))
                returning id, txid::text""")) {
            ps.setString(1, campaign);
            ps.setString(2, siren);
            ps.setString(3, payload);
            ps.setString(4, txid == null ? null : txid.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[]{rs.getLong(1), Long.parseLong(rs.getString(2))};
            }
        }
    }

    /** What a feed ordered by id alone would serve after this id. */
    private static List<Long> idsAfter(long id) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("select id from submission where id > ? order by id")) {
            ps.setLong(1, id);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    private static long scalar(String sql) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection db() throws SQLException {
        return EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }
}
