package fr.barometre.reporting.webhook;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The webhook tests' reads and clean-ups of the service's database. */
final class Webhooks {

    private Webhooks() {
    }

    /** Runs a statement on the service's database; its rows' first columns as text. */
    static List<String> sql(String statement, Object... parameters) {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            if (s.execute()) {
                try (ResultSet rows = s.getResultSet()) {
                    while (rows.next()) {
                        values.add(rows.getString(1));
                    }
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(String statement, Object... parameters) {
        return Long.parseLong(sql(statement, parameters).get(0));
    }
}
