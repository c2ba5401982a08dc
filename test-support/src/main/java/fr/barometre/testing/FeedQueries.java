package fr.barometre.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the tests of a change feed ordered by (transaction id, id) need of PostgreSQL: transaction ids
 * passed beyond a value (so that rows given that transaction id are below every snapshot's xmin and
 * served), a feed table filled at a national edition's size and places in it, the nodes of a statement's
 * plan, and the time a read takes.
 */
public final class FeedQueries {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FeedQueries() {
    }

    /** Uses up transaction ids until the oldest running one is past {@code txid}: rows given it are then served. */
    public static void passTransactionId(Connection c, long txid) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (PreparedStatement xmin = c.prepareStatement("select pg_snapshot_xmin(pg_current_snapshot())::text");
             PreparedStatement take = c.prepareStatement("select pg_current_xact_id()")) {
            while (new BigInteger(scalar(xmin)).compareTo(BigInteger.valueOf(txid)) <= 0) {
                scalar(take);   // each statement of its own transaction takes one id
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** A place in a feed: the cursor just before the row at {@code position} (from 0) of a campaign's rows in feed order. */
    public record Place(String name, int position, String txid, long id) {
        public String cursor() {
            return txid + ":" + id;
        }
    }

    /**
     * Writes {@code size} rows of a campaign, 1,000 per transaction as a batch intake does, by a statement
     * taking the campaign, a payload and the first and last numbers of a {@code generate_series}.
     */
    public static void fill(Connection c, String insert, String campaign, String payload, int size) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            for (int from = 1; from <= size; from += 1000) {
                ps.setString(1, campaign);
                ps.setString(2, payload);
                ps.setInt(3, from);
                ps.setInt(4, Math.min(size, from + 999));
                ps.executeUpdate();
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** The start, middle and end (a page before the last row) of a campaign's rows in a feed table. */
    public static List<Place> places(Connection c, String table, String campaign, int size, int page) throws SQLException {
        List<Place> places = new ArrayList<>();
        String[] names = {"start", "middle", "end"};
        int[] positions = {0, size / 2, Math.max(0, size - page)};
        for (int i = 0; i < names.length; i++) {
            try (PreparedStatement ps = c.prepareStatement("select txid::text, id - 1 from " + table
                    + " where campaign_code = ? order by txid, id offset ? limit 1")) {
                ps.setString(1, campaign);
                ps.setInt(2, positions[i]);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    places.add(new Place(names[i], positions[i], rs.getString(1), rs.getLong(2)));
                }
            }
        }
        return places;
    }

    /** The SIRENs of a page of a campaign's rows in a feed table, from the row at {@code position}, in feed order. */
    public static List<String> sirens(Connection c, String table, String campaign, int position, int page) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select siren from " + table
                + " where campaign_code = ? order by txid, id offset ? limit ?")) {
            ps.setString(1, campaign);
            ps.setInt(2, position);
            ps.setInt(3, page);
            List<String> sirens = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sirens.add(rs.getString(1));
                }
            }
            return sirens;
        }
    }

    /** The first column of the first row, as text. */
    public static String scalar(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return scalar(ps);
        }
    }

    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    /** The "Node Type" of every node of the plan PostgreSQL makes for the statement with these parameters. */
    public static List<String> planNodes(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, "explain (format json) " + sql, params)) {
            List<String> nodes = new ArrayList<>();
            nodes(read(scalar(ps)).get(0).get("Plan"), nodes);
            return nodes;
        }
    }

    /** The median time of {@code runs} calls, in milliseconds, after as many unmeasured ones (the code warms up). */
    public static double medianMillis(int runs, Supplier<?> call) {
        for (int i = 0; i < runs; i++) {
            call.get();
        }
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            call.get();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        return times[runs / 2];
    }

    /**
     * The median time, in milliseconds, of {@code runs} executions of a statement with every column of
     * every row read as text, after as many unmeasured ones: PostgreSQL's part of a read.
     */
    public static double statementMillis(Connection c, int runs, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            Supplier<Integer> read = () -> {
                try (ResultSet rs = ps.executeQuery()) {
                    int values = 0;
                    while (rs.next()) {
                        for (int col = 1; col <= rs.getMetaData().getColumnCount(); col++) {
                            values += rs.getString(col) == null ? 0 : 1;
                        }
                    }
                    return values;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            };
            medianMillis(runs, read);
            return medianMillis(runs, read);
        }
    }

    /** A feed's cursor "txid:id" as the pair it stands for, ordered as the feed is: transaction id then id, as numbers. */
    public static int compareCursors(String a, String b) {
        String[] x = a.split(":");
        String[] y = b.split(":");
        int byTxid = new BigInteger(x[0]).compareTo(new BigInteger(y[0]));
        return byTxid != 0 ? byTxid : Long.compare(Long.parseLong(x[1]), Long.parseLong(y[1]));
    }

    /** A page of a feed as {@link #pageThrough} sees it: the SIRENs of the items it looks for, how many items in all, the next cursor. */
    public record Page(List<String> sirens, int size, String nextCursor) {
    }

    /**
     * Reads a feed page after page, {@code limit} items at a time, from the cursor {@code from} until a page comes
     * short or the cursor reaches {@code to}; each page's next cursor must come after the cursor it was read from.
     * Returns the SIRENs served, in the order served.
     */
    public static List<String> pageThrough(String from, String to, int limit, Function<String, Page> read) {
        List<String> served = new ArrayList<>();
        String cursor = from;
        while (compareCursors(cursor, to) < 0) {
            Page page = read.apply(cursor);
            served.addAll(page.sirens());
            if (page.size() > 0 && compareCursors(page.nextCursor(), cursor) <= 0) {
                throw new AssertionError(page.nextCursor() + " after " + cursor);
            }
            if (page.size() < limit) {
                break;
            }
            cursor = page.nextCursor();
        }
        return served;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            ps.setObject(i + 1, params[i]);
        }
        return ps;
    }

    private static void nodes(JsonNode plan, List<String> into) {
        into.add(plan.get("Node Type").asText());
        plan.path("Plans").forEach(child -> nodes(child, into));
    }

    private static String scalar(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
