package fr.barometre.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's PostgreSQL counts statements, and the bench reads what one phase executed. */
class StatementStatsTest {

    @TempDir
    static Path data;

    private static Database database;
    private static Floors floors;

    @BeforeAll
    static void start() throws Exception {
        database = Database.start(data.resolve("postgres"), 0);
        database.createDatabases(List.of("stats_probe"));
        floors = new Floors("jdbc:postgresql://localhost:" + database.port() + "/");
        try (Connection c = floors.connect("stats_probe"); Statement s = c.createStatement()) {
            s.execute("create table probe (id int primary key, body text)");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        database.close();
    }

    @Test
    void aPhaseShowsItsOwnStatementsByCostWithTheirDatabaseAndTheWalTheyWrote() throws Exception {
        StatementStats stats = new StatementStats(floors);
        execute("insert into probe select i, 'before' from generate_series(1, 10) i");   // before the phase: not in it
        stats.reset();
        for (int i = 0; i < 3; i++) {
            execute("insert into probe select i, repeat('x', 500) from generate_series(" + (1000 * i + 100) + ", " + (1000 * i + 1099) + ") i");
        }
        execute("select count(*) from probe");

        ObjectNode read = stats.read(5);

        List<JsonNode> top = StreamSupport.stream(read.path("top").spliterator(), false).toList();
        JsonNode inserts = top.stream().filter(t -> t.path("query").asText().startsWith("insert into probe")).findFirst().orElseThrow();
        assertEquals(3, inserts.path("calls").asLong(), "the three inserts of the phase, not the one before it");
        assertEquals(3000, inserts.path("rows").asLong());
        assertEquals("stats_probe", inserts.path("database").asText());
        assertEquals(inserts, top.get(0), "the costliest statement first");
        assertTrue(read.path("walMb").asDouble() > 1, "3,000 rows of 500 bytes write more than 1 MB of WAL: " + read);
        assertTrue(read.path("walRecords").asLong() >= 3000, "a WAL record at least per row inserted in the phase: " + read);
        assertTrue(read.path("totalExecMs").asLong() >= inserts.path("totalMs").asLong());
        assertTrue(read.path("checkpoints").asLong() >= 0, read.toString());
    }

    @Test
    void theServerStaysDurableWhateverItsTuning() throws Exception {
        try (Connection c = floors.connect("stats_probe"); Statement s = c.createStatement();
             java.sql.ResultSet rows = s.executeQuery("select current_setting('fsync'), current_setting('synchronous_commit'),"
                     + " current_setting('full_page_writes'), current_setting('wal_level')")) {
            rows.next();
            assertEquals(List.of("on", "on", "on"), List.of(rows.getString(1), rows.getString(2), rows.getString(3)),
                    "zonky's throwaway-data defaults would lose committed data on a crash");
            assertTrue(List.of("replica", "logical").contains(rows.getString(4)));
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = floors.connect("stats_probe"); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
