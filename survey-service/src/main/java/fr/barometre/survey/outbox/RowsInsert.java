package fr.barometre.survey.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Many rows written by multi-row {@code INSERT ... VALUES (...), (...)} statements with one parameter per
 * value, so that PostgreSQL reads each value once: a JSON payload is bound as text and parsed once as
 * jsonb ({@code ?::jsonb}), never escaped into an array literal first and parsed twice. One statement binds
 * at most {@value #MAX_PARAMETERS} parameters (the protocol's limit): the rows go in chunks of as many rows
 * as fit, each chunk in the order given, all in the caller's transaction (ids of a serial column follow the
 * order of the list). Used by the outbox and by the other batched inserts of this service.
 */
public final class RowsInsert {

    /**
     * The most parameters one statement binds here: the protocol's count is 16 bits (65,535 at most, beyond
     * which the driver refuses the statement); half of it keeps each statement's text and plan moderate.
     */
    public static final int MAX_PARAMETERS = 32_767;

    /** Sets one row's parameters, starting at parameter {@code first}; returns the index after its last. */
    @FunctionalInterface
    public interface Binder<T> {
        int bind(PreparedStatement statement, int first, T row) throws SQLException;
    }

    private RowsInsert() {
    }

    /**
     * Inserts {@code rows}: {@code head} (up to and including {@code values}), then one {@code tuple} per
     * row ({@code (?, ?::jsonb, ...)}, its placeholders bound by {@code binder}), then {@code tail}.
     */
    public static <T> void insert(Connection connection, String head, String tuple, String tail, List<T> rows, Binder<T> binder)
            throws SQLException {
        int perRow = placeholders(tuple);
        int chunk = Math.max(1, MAX_PARAMETERS / perRow);
        for (int from = 0; from < rows.size(); from += chunk) {
            List<T> part = rows.subList(from, Math.min(rows.size(), from + chunk));
            try (PreparedStatement insert = connection.prepareStatement(statement(head, tuple, tail, part.size()))) {
                int at = 1;
                for (T row : part) {
                    at = binder.bind(insert, at, row);
                }
                insert.executeUpdate();
            }
        }
    }

    /** The text of a statement of {@code n} rows. */
    static String statement(String head, String tuple, String tail, int n) {
        StringBuilder sql = new StringBuilder(head.length() + n * (tuple.length() + 2) + tail.length() + 2).append(head);
        for (int i = 0; i < n; i++) {
            sql.append(i == 0 ? "\n" : ",\n").append(tuple);
        }
        return sql.append('\n').append(tail).toString();
    }

    private static int placeholders(String tuple) {
        return (int) tuple.chars().filter(ch -> ch == '?').count();
    }
}
