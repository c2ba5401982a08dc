package fr.barometre.reporting.observability;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The database's state an operator watches (the catch-up), read by SQL. */
@ApplicationScoped
public class MetricsStore {

    @Inject
    AgroalDataSource dataSource;

    /** Seconds since the catch-up's cursor last moved; empty before its first page. */
    public Optional<Double> cursorAgeSeconds() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select extract(epoch from now() - max(updated_at))::float8 from feed_cursor");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return Optional.ofNullable(rs.getObject(1) == null ? null : rs.getDouble(1));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the catch-up's cursor", e);
        }
    }
}
