package fr.barometre.reporting.catchup;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the catch-up stands in a feed (table feed_cursor), and which replica reads it: a session
 * advisory lock per feed, held for a whole round on a connection of its own, outside any
 * transaction, so that the feed is read without a transaction open.
 */
@ApplicationScoped
public class CatchUpStore {

    @Inject
    AgroalDataSource dataSource;

    /** Runs the round while holding the feed; empty, without running it, when another replica holds it. */
    public <T> Optional<T> holding(String feed, Supplier<T> round) {
        try (Connection c = dataSource.getConnection()) {
            if (!lock(c, "select pg_try_advisory_lock(hashtext(?))", feed)) {
                return Optional.empty();
            }
            try {
                return Optional.of(round.get());
            } finally {
                lock(c, "select pg_advisory_unlock(hashtext(?))", feed);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot hold the feed " + feed, e);
        }
    }

    /** The cursor kept for a feed; null: from the beginning. */
    public String cursor(String feed) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select cursor from feed_cursor where feed = ?")) {
            ps.setString(1, feed);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the cursor of " + feed, e);
        }
    }

    /** Moves the cursor of a feed, in the caller's transaction (with the facts of its page). */
    public void saveCursor(String feed, String cursor) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     insert into feed_cursor (feed, cursor) values (?, ?)
                     on conflict (feed) do update set cursor = excluded.cursor, updated_at = now()""")) {
            ps.setString(1, feed);
            ps.setString(2, cursor);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot keep the cursor of " + feed, e);
        }
    }

    private static boolean lock(Connection c, String sql, String feed) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, feed);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
