package fr.barometre.launcher;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Where PostgreSQL spends its time during a phase of the bench: the statements of the services'
 * databases by total execution time ({@code pg_stat_statements}, loaded by {@link Database}), and the
 * write-ahead log written. {@link #reset()} before the phase, {@link #read(int)} after it.
 */
final class StatementStats {

    private final Floors floors;
    private Wal walAtReset;
    private long checkpointsAtReset;

    /** The write-ahead log written since the server started: records and bytes. */
    private record Wal(long records, long bytes) {
    }

    StatementStats(Floors floors) {
        this.floors = floors;
    }

    /** Creates the extension when missing, forgets the statements seen so far and notes the WAL position. */
    void reset() throws SQLException {
        try (Connection c = floors.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            s.execute("SELECT pg_stat_statements_reset()");
            walAtReset = wal(s);
            checkpointsAtReset = checkpoints(s);
        }
    }

    private static Wal wal(Statement s) throws SQLException {
        try (ResultSet rows = s.executeQuery("SELECT wal_records, wal_bytes FROM pg_stat_wal")) {
            rows.next();
            return new Wal(rows.getLong(1), rows.getLong(2));
        }
    }

    /** Checkpoints since the server started, timed and requested (the WAL grown past its bound). */
    private static long checkpoints(Statement s) throws SQLException {
        try (ResultSet rows = s.executeQuery("SELECT num_timed + num_requested FROM pg_stat_checkpointer")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * The {@code limit} costliest statements since {@link #reset()} (database, calls, rows, total and mean
     * milliseconds, share of the total, the statement's first 160 characters) and the WAL written.
     */
    ObjectNode read(int limit) throws SQLException {
        ObjectNode out = Http.JSON.createObjectNode();
        try (Connection c = floors.connect("postgres")) {
            double all;
            try (Statement s = c.createStatement(); ResultSet total = s.executeQuery("SELECT coalesce(sum(total_exec_time), 0) FROM pg_stat_statements")) {
                total.next();
                all = total.getDouble(1);
            }
            out.put("totalExecMs", Math.round(all));
            ArrayNode top = out.putArray("top");
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT d.datname, s.calls, s.rows, s.total_exec_time, s.mean_exec_time, s.wal_bytes,
                           regexp_replace(s.query, '\\s+', ' ', 'g')
                      FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                     ORDER BY s.total_exec_time DESC LIMIT ?""")) {
                p.setInt(1, limit);
                try (ResultSet rows = p.executeQuery()) {
                    while (rows.next()) {
                        String query = rows.getString(7);
                        top.addObject().put("database", rows.getString(1)).put("calls", rows.getLong(2)).put("rows", rows.getLong(3))
                                .put("totalMs", Math.round(rows.getDouble(4))).put("meanMs", Math.round(rows.getDouble(5) * 100) / 100.0)
                                .put("share", all == 0 ? 0 : Math.round(rows.getDouble(4) / all * 1000) / 1000.0)
                                .put("walMb", Math.round(rows.getDouble(6) / 1e4) / 100.0)
                                .put("query", query.length() > 160 ? query.substring(0, 160) + "…" : query);
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                Wal wal = wal(s);
                out.put("walRecords", wal.records() - walAtReset.records())
                        .put("walMb", Math.round((wal.bytes() - walAtReset.bytes()) / 1e4) / 100.0);
                out.put("checkpoints", checkpoints(s) - checkpointsAtReset);
            }
        }
        return out;
    }
}
