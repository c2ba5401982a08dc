package fr.barometre.scoring.observability;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The database's state an operator watches (catch-up, rescoring), read by set-based SQL. */
@ApplicationScoped
public class MetricsStore {

    /** Rescoring jobs running, and the items done and to do over them. */
    public record Rescoring(long running, long done, long total) {
    }

    @Inject
    AgroalDataSource dataSource;

    /** Seconds since the catch-up's cursor last moved; empty before its first page. */
    public Optional<Double> cursorAgeSeconds() {
        return Optional.ofNullable(query("select extract(epoch from now() - max(updated_at))::float8 from feed_cursor",
                rs -> rs.getObject(1) == null ? null : rs.getDouble(1)));
    }

    public Rescoring rescoring() {
        return query("""
                select count(*), coalesce(sum(done), 0), coalesce(sum(total), 0)
                from rescoring_job where state = 'RUNNING'""", rs -> new Rescoring(rs.getLong(1), rs.getLong(2), rs.getLong(3)));
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> T query(String sql, Row<T> row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return row.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the metrics' state", e);
        }
    }
}
