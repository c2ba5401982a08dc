package fr.barometre.reporting.audit;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit journal's reading side and retention, the same in every service: admins read it filtered and
 * paged in the order the changes happened; the table refuses to change an entry; the purge deletes only the
 * entries past the retention, and journals itself.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class AuditJournalTest {

    private static final Instant JAN_1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @Inject
    Journal journal;

    @Inject
    AuditRetention retention;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    private static RequestSpecification admin() {
        return given().auth().oauth2(Tokens.admin());
    }

    @Test
    void adminsReadTheJournalFilteredAndPagedInTheOrderItHappened() {
        String target = "test:" + UUID.randomUUID();
        long first = insert(target, "alice", "thing.made", JAN_1);
        long second = insert(target, "bob", "thing.changed", JAN_1.plus(DAY));
        long third = insert(target, "alice", "thing.changed", JAN_1.plus(DAY.multipliedBy(2)));
        insert("test:" + UUID.randomUUID(), "alice", "thing.made", JAN_1.plus(DAY));

        admin().queryParam("target", target).get("/audit")
                .then().statusCode(200)
                .body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(20))
                .body("items.id", contains((int) first, (int) second, (int) third))
                .body("items[0].at", equalTo("2026-01-01T00:00:00Z"))
                .body("items[0].actor.kind", equalTo("USER"))
                .body("items[0].actor.subject", equalTo("subject-alice"))
                .body("items[0].actor.name", equalTo("alice"))
                .body("items[0].actor.roles", contains("admin", "analyst"))
                .body("items[0].actor.trigger", nullValue())
                .body("items[0].action", equalTo("thing.made"))
                .body("items[0].target", equalTo(target))
                .body("items[0].revision", equalTo(3))
                .body("items[0].requestId", equalTo("request-alice"))
                .body("items[0].detail.questions", contains("Q-1"));
        admin().queryParam("target", target).queryParam("actor", "alice").get("/audit")
                .then().statusCode(200).body("total", equalTo(2)).body("items.id", contains((int) first, (int) third));
        admin().queryParam("target", target).queryParam("action", "thing.changed").get("/audit")
                .then().statusCode(200).body("items.id", contains((int) second, (int) third));
        admin().queryParam("target", target).queryParam("since", "2026-01-02T00:00:00Z").get("/audit")
                .then().statusCode(200).body("items.id", contains((int) second, (int) third));
        admin().queryParam("target", target).queryParam("until", "2026-01-02").get("/audit")
                .then().statusCode(200).body("items.id", contains((int) first));
        admin().queryParam("target", target).queryParam("since", "2026-01-01T12:00:00+01:00")
                .queryParam("until", "2026-01-03T00:00:00Z").get("/audit")
                .then().statusCode(200).body("items.id", contains((int) second));
        admin().queryParam("actor", "alice").queryParam("action", "thing.made").queryParam("target", target).get("/audit")
                .then().statusCode(200).body("items.id", contains((int) first));
        admin().queryParam("target", target).queryParam("page", 1).queryParam("size", 2).get("/audit")
                .then().statusCode(200).body("total", equalTo(3)).body("page", equalTo(1)).body("size", equalTo(2))
                .body("items.id", contains((int) third));
        admin().queryParam("target", target).queryParam("page", 2).queryParam("size", 2).get("/audit")
                .then().statusCode(200).body("total", equalTo(3)).body("items", empty());
        admin().queryParam("target", "test:nothing-" + UUID.randomUUID()).get("/audit")
                .then().statusCode(200).body("total", equalTo(0)).body("items", empty());
    }

    @Test
    void theSystemsOwnChangesNameTheServiceAndWhatMadeItAct() {
        String target = "test:" + UUID.randomUUID();
        journal.recordBySystem("a test's trigger", "thing.done", target, 7L, Map.of("count", 2));
        admin().queryParam("target", target).get("/audit")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].actor.kind", equalTo("SYSTEM"))
                .body("items[0].actor.name", equalTo(service))
                .body("items[0].actor.subject", nullValue())
                .body("items[0].actor.roles", empty())
                .body("items[0].actor.trigger", equalTo("a test's trigger"))
                .body("items[0].revision", equalTo(7))
                .body("items[0].requestId", nullValue())
                .body("items[0].detail.count", equalTo(2));
    }

    @Test
    void badParametersAreProblems() {
        admin().queryParam("since", "yesterday").get("/audit")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("since"));
        admin().queryParam("until", "2026-13-01").get("/audit")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("until"));
        admin().queryParam("since", "2026-02-01").queryParam("until", "2026-01-01").get("/audit")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("until"));
        admin().queryParam("size", 0).get("/audit").then().statusCode(400).body("errors.field", hasItem("size"));
        admin().queryParam("size", 501).get("/audit").then().statusCode(400).body("errors.field", hasItem("size"));
        admin().queryParam("page", -1).get("/audit").then().statusCode(400).body("errors.field", hasItem("page"));
        // not a number: refused as every list's (JAX-RS answers 404 for a query parameter it cannot convert), a problem
        admin().queryParam("page", "first").get("/audit").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void onlyAdminsReadTheJournal() {
        given().get("/audit").then().statusCode(401);
        given().auth().oauth2(Tokens.analyst()).get("/audit").then().statusCode(403);
        given().auth().oauth2(Tokens.respondent("216901231")).get("/audit").then().statusCode(403);
        given().auth().oauth2(Tokens.withRoles("partner")).get("/audit").then().statusCode(403);
    }

    @Test
    void theTableRefusesToChangeAnEntry() {
        String target = "test:" + UUID.randomUUID();
        long id = insert(target, "alice", "thing.made", JAN_1);
        SQLException refused = assertThrows(SQLException.class, () -> update("update audit_entry set actor_name = 'mallory' where id = ?", id));
        assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        admin().queryParam("target", target).get("/audit").then().statusCode(200).body("items[0].actor.name", equalTo("alice"));
    }

    @Test
    void theRetentionPurgeDeletesOnlyTheEntriesPastItAndJournalsItself() throws SQLException {
        Instant now = Instant.now();
        String target = "test:" + UUID.randomUUID();
        long older = insert(target, "alice", "thing.made", now.minus(Duration.ofDays(1827)));
        long oldest = insert(target, "alice", "thing.changed", now.minus(Duration.ofDays(4000)));
        long younger = insert(target, "alice", "thing.changed", now.minus(Duration.ofDays(1825)));
        long before = lastId();

        retention.purge();

        admin().queryParam("target", target).get("/audit").then().statusCode(200).body("items.id", contains((int) younger));
        admin().queryParam("action", "audit.purged").queryParam("since", now.toString()).get("/audit")
                .then().statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", greaterThan((int) before))
                .body("items[0].target", equalTo("audit"))
                .body("items[0].actor.kind", equalTo("SYSTEM"))
                .body("items[0].actor.name", equalTo(service))
                .body("items[0].actor.trigger", equalTo("retention of 1826 days"))
                .body("items[0].detail.deleted", equalTo(2));
        assertEquals(0, count("select count(*) from audit_entry where id in (?, ?)", older, oldest));
    }

    /** An entry as a person's change would have written it, at a chosen time. */
    private static long insert(String target, String actor, String action, Instant at) {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("""
                     insert into audit_entry (at, actor_kind, actor_subject, actor_name, actor_roles, action, target, revision,
                                              request_id, detail)
                     values (?, 'USER', ?, ?, '{admin,analyst}', ?, ?, 3, ?, '{"questions": ["Q-1"]}'::jsonb) returning id""")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, "subject-" + actor);
            s.setString(3, actor);
            s.setString(4, action);
            s.setString(5, target);
            s.setString(6, "request-" + actor);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(String sql, long id) throws SQLException {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setLong(1, id);
            s.executeUpdate();
        }
    }

    private static long lastId() throws SQLException {
        return count("select coalesce(max(id), 0) from audit_entry where id > ?", 0);
    }

    private static long count(String sql, long... ids) throws SQLException {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < ids.length; i++) {
                s.setLong(i + 1, ids[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
