package fr.barometre.reporting.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The audit journal's entries, read directly from the database: what a change journaled, and who it names. */
public final class JournalEntries {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One entry; {@code detail} is null when it has none. */
    public record Entry(long id, String actorKind, String actorSubject, String actorName, List<String> actorRoles,
                        String actorTrigger, String action, String target, Long revision, String requestId, JsonNode detail) {
    }

    private JournalEntries() {
    }

    /** The entries about a target, oldest first. */
    public static List<Entry> about(String target) {
        return where("target = ?", target);
    }

    /** The entries meeting an SQL condition on audit_entry, oldest first. */
    public static List<Entry> where(String condition, Object... params) {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     select id, actor_kind, actor_subject, actor_name, actor_roles, actor_trigger, action, target, revision,
                            request_id, detail::text
                     from audit_entry where %s order by id""".formatted(condition))) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Entry> entries = new ArrayList<>();
                while (rs.next()) {
                    Array roles = rs.getArray(5);
                    String detail = rs.getString(11);
                    entries.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Arrays.asList((String[]) roles.getArray()), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getObject(9) == null ? null : rs.getLong(9), rs.getString(10), detail == null ? null : JSON.readTree(detail)));
                }
                return entries;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
