package fr.barometre.survey.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.api.Page;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The audit journal's reading side, and the only delete there is: the retention purge's. */
@ApplicationScoped
public class AuditEntries {

    private static final String COLUMNS = """
            id, at, actor_kind, actor_subject, actor_name, actor_roles, actor_trigger, action, target, revision,
            request_id, detail""";

    /** Which entries to read; a null field does not filter. {@code since} is inclusive, {@code until} exclusive. */
    public record Filter(String target, String actor, String action, Instant since, Instant until) {
        public static Filter ofTarget(String target) {
            return new Filter(target, null, null, null, null);
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    /** One page of the entries the filter selects, in the order they were written. */
    public Page<AuditEntry> find(Filter filter, int page, int size) {
        List<Object> values = new ArrayList<>();
        StringBuilder where = new StringBuilder(" where true");
        condition(where, values, "target = ?", filter.target());
        condition(where, values, "actor_name = ?", filter.actor());
        condition(where, values, "action = ?", filter.action());
        condition(where, values, "at >= ?", filter.since() == null ? null : Timestamp.from(filter.since()));
        condition(where, values, "at < ?", filter.until() == null ? null : Timestamp.from(filter.until()));
        try (Connection connection = dataSource.getConnection()) {
            long total;
            try (PreparedStatement count = prepare(connection, "select count(*) from audit_entry" + where, values);
                 ResultSet rs = count.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            List<AuditEntry> items = new ArrayList<>();
            List<Object> paged = new ArrayList<>(values);
            paged.add(size);
            paged.add((long) page * size);
            try (PreparedStatement select = prepare(connection, "select " + COLUMNS + " from audit_entry" + where
                    + " order by id limit ? offset ?", paged);
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    items.add(read(rs));
                }
            }
            return new Page<>(items, page, size, total);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the audit journal", e);
        }
    }

    /** Deletes the entries written before {@code cutoff}; returns how many. */
    int deleteBefore(Instant cutoff) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("delete from audit_entry where at < ?")) {
            delete.setTimestamp(1, Timestamp.from(cutoff));
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot purge the audit journal", e);
        }
    }

    private static void condition(StringBuilder where, List<Object> values, String condition, Object value) {
        if (value != null) {
            where.append(" and ").append(condition);
            values.add(value);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < values.size(); i++) {
            statement.setObject(i + 1, values.get(i));
        }
        return statement;
    }

    private AuditEntry read(ResultSet rs) throws SQLException {
        Array roles = rs.getArray("actor_roles");
        long stored = rs.getLong("revision");
        Long revision = rs.wasNull() ? null : stored;
        String detail = rs.getString("detail");
        return new AuditEntry(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
                new AuditEntry.Actor(rs.getString("actor_kind"), rs.getString("actor_subject"), rs.getString("actor_name"),
                        roles == null ? List.of() : List.of((String[]) roles.getArray()), rs.getString("actor_trigger")),
                rs.getString("action"), rs.getString("target"), revision,
                rs.getString("request_id"), detail == null ? null : tree(detail));
    }

    private JsonNode tree(String detail) {
        try {
            return json.readTree(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An audit entry's detail is not JSON", e);
        }
    }
}
