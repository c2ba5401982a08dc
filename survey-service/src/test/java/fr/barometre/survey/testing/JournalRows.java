package fr.barometre.survey.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The audit journal's rows as the database holds them, read straight from the table (not through the API). */
public final class JournalRows {

    /** One row of {@code audit_entry}; {@code detail} as the JSON text PostgreSQL gives back. */
    public record Row(long id, String actorKind, String actorSubject, String actorName, List<String> actorRoles,
                      String actorTrigger, String action, String target, Long revision, String requestId, String detail) {
    }

    private JournalRows() {
    }

    /** The entries about {@code target}, in the order they were written. */
    public static List<Row> of(String target) {
        return select("where target = ?", target);
    }

    /** The entries of {@code action} about {@code target}, in the order they were written. */
    public static List<Row> of(String action, String target) {
        return select("where action = ? and target = ?", action, target);
    }

    /** The entries written with this request id. */
    public static List<Row> ofRequest(String requestId) {
        return select("where request_id = ?", requestId);
    }

    /** The highest entry id now: entries written later have a greater one. */
    public static long lastId() {
        List<Row> last = select("where id = (select max(id) from audit_entry)");
        return last.isEmpty() ? 0 : last.get(0).id();
    }

    /** The entries written after the entry {@code id}. */
    public static List<Row> after(long id) {
        return select("where id > ?", id);
    }

    /** Whether a text occurs anywhere in the table (any column of any row). */
    public static boolean anywhere(String text) {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from audit_entry e where strpos(e::text, ?) > 0")) {
            s.setString(1, text);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Row> select(String where, Object... values) {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement("""
                     select id, actor_kind, actor_subject, actor_name, actor_roles, actor_trigger, action, target,
                            revision, request_id, detail::text from audit_entry""" + " " + where + " order by id")) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long revision = rs.getLong(9);
                    Long stored = rs.wasNull() ? null : revision;
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Arrays.asList((String[]) rs.getArray(5).getArray()), rs.getString(6), rs.getString(7),
                            rs.getString(8), stored, rs.getString(10), rs.getString(11)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
