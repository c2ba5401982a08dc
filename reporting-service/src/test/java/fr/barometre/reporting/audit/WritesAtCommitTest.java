package fr.barometre.reporting.audit;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
import java.util.UUID;

import static fr.barometre.reporting.audit.WritesAtCommit.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The journal's entries and the events of a transaction are written as it commits, all in one round trip: not
 * before (the transaction's own connection sees none of them until then), never for a transaction rolled back,
 * in the order they were added; one of them refused at commit rolls back the whole change. Or they are sent
 * ahead of a change's own statement, in its round trip: once, before it, and rolled back with it. The same in
 * every service.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class WritesAtCommitTest {

    private static final String DIRECT = """
            insert into audit_entry (actor_kind, actor_name, action, target) values ('SYSTEM', 'a test', 'test.direct', ?)
            """;

    @Inject
    Journal journal;

    @Inject
    WritesAtCommit writes;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theEntriesAreWrittenAsTheTransactionCommitsAndNotBefore() {
        String target = "test:" + UUID.randomUUID();
        long seenInside = QuarkusTransaction.requiringNew().call(() -> {
            journal.recordBySystem("a test", "test.deferred", target, 1L, null);
            return targets(target, dataSource).size();
        });
        assertEquals(0, seenInside, "written before the commit, in a round trip of its own");
        assertEquals(List.of(target), targets(target));
    }

    @Test
    void aRolledBackTransactionWritesNone() {
        String target = "test:" + UUID.randomUUID();
        assertThrows(IllegalArgumentException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            journal.recordBySystem("a test", "test.rolled-back", target, null, null);
            throw new IllegalArgumentException("the change fails after its entry was added");
        }));
        assertEquals(List.of(), targets(target));
    }

    @Test
    void theWritesGoInTheOrderTheyWereAdded() {
        String target = "test:" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            journal.recordBySystem("a test", "test.first", target + "/1", null, null);
            journal.recordAllBySystem("a test", "test.second", List.of(new Journal.Change(target + "/2", null, null),
                    new Journal.Change(target + "/3", 3L, null)));
            journal.recordBySystem("a test", "test.third", target + "/4", null, null);
        });
        assertEquals(List.of(target + "/1", target + "/2", target + "/3", target + "/4"), targets(target + "/%"));
    }

    @Test
    void aWriteRefusedAtCommitRollsBackTheWholeChange() {
        String target = "test:" + UUID.randomUUID();
        assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(DIRECT)) {
                s.setString(1, target + "/change");
                s.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            journal.recordBySystem("a test", "test.kept-with-the-change", target + "/entry", null, null);
            // an entry without its action: refused by the table when the transaction's writes are sent
            writes.add("insert into audit_entry (actor_kind, actor_name, action, target) values ('SYSTEM', 'a test', ?, ?)",
                    text(null), text(target + "/refused"));
        }));
        assertEquals(List.of(), targets(target + "/%"));
    }

    private static final String COUNT = "select count(*) from audit_entry where target like ?";

    @Test
    void theWritesAddedBeforeAStatementAreSentAheadOfItOnceAndThoseAddedAfterAtCommit() {
        String target = "test:" + UUID.randomUUID();
        long seenByTheStatement = QuarkusTransaction.requiringNew().call(() -> {
            journal.recordBySystem("a test", "test.ahead", target + "/1", null, null);
            journal.recordBySystem("a test", "test.ahead", target + "/2", null, null);
            long seen = countedByAStatement(target + "/%");
            journal.recordBySystem("a test", "test.after", target + "/3", null, null);
            return seen;
        });
        assertEquals(2, seenByTheStatement, "the entries recorded before the statement are written ahead of it");
        assertEquals(List.of(target + "/1", target + "/2", target + "/3"), targets(target + "/%"),
                "each entry once: those sent ahead are not sent again at commit");
    }

    @Test
    void aStatementWithNothingAheadRunsAloneAndTheCommitSendsNothingMore() {
        String target = "test:" + UUID.randomUUID();
        long seen = QuarkusTransaction.requiringNew().call(() -> countedByAStatement(target + "/%"));
        assertEquals(0, seen);
        assertEquals(List.of(), targets(target + "/%"));
    }

    @Test
    void theWritesSentAheadAreRolledBackWithTheChangeRefusedAfterThem() {
        String target = "test:" + UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            journal.recordBySystem("a test", "test.sent-ahead", target + "/entry", null, null);
            try (Connection c = dataSource.getConnection()) {
                boolean changed = writes.query(c, "update audit_entry set target = target where false returning id", List.of(),
                        ResultSet::next);
                if (!changed) {
                    throw new IllegalStateException("the change is refused once its entry was sent ahead of it");
                }
            } catch (SQLException e) {
                throw new IllegalArgumentException(e);
            }
        }));
        assertEquals(List.of(), targets(target + "/%"));
    }

    @Test
    void aWriteSentAheadThatIsRefusedFailsTheStatementAndRollsBackTheChange() {
        String target = "test:" + UUID.randomUUID();
        assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            journal.recordBySystem("a test", "test.kept-with-the-change", target + "/entry", null, null);
            writes.add("insert into audit_entry (actor_kind, actor_name, action, target) values ('SYSTEM', 'a test', ?, ?)",
                    text(null), text(target + "/refused"));
            countedByAStatement(target + "/%");
        }));
        assertEquals(List.of(), targets(target + "/%"));
    }

    /** The entries like {@code pattern} counted by a statement of the current transaction run through {@link WritesAtCommit#query}. */
    private long countedByAStatement(String pattern) {
        try (Connection c = dataSource.getConnection()) {
            return writes.query(c, COUNT, List.of(pattern), rows -> rows.next() ? rows.getLong(1) : -1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void nothingIsAddedOutsideATransaction() {
        assertThrows(IllegalStateException.class, () -> writes.add("select 1"));
    }

    /** The targets of the entries like {@code pattern}, in the order they were written, read by another connection. */
    private static List<String> targets(String pattern) {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection()) {
            return targets(pattern, c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same, read by the current transaction's own connection. */
    private static List<String> targets(String pattern, AgroalDataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return targets(pattern, c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> targets(String pattern, Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select target from audit_entry where target like ? order by id")) {
            s.setString(1, pattern);
            List<String> found = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
            return found;
        }
    }
}
