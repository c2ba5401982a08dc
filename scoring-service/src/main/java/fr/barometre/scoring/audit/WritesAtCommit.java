package fr.barometre.scoring.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal's entries and the webhooks' events of a transaction, written together just before it commits:
 * their statements sent to PostgreSQL as one, a single round trip for all of them, instead of one each at the
 * moment of the change (a response's save, then its submission: each change's own statements are its
 * transaction's round trips, and the journal and the events added a third to them). Still in the transaction of
 * the change: a change rolled back writes none of them (nothing is sent for a transaction that does not
 * commit), and one of them that cannot be written rolls the change back. Their order is the order they were
 * added in.
 * <p>
 * A change that knows its entries and events before its own statement adds them first and runs that statement
 * through {@link #query}: they are sent ahead of it, in its round trip, and the commit has nothing left to send
 * (the journal and the events then take no round trip of their own). The statement's outcome decides as before:
 * a change refused there is rolled back with what was sent ahead of it.
 */
@ApplicationScoped
public class WritesAtCommit {

    /** A parameter's value, set at its index once the transaction's connection is at hand. */
    @FunctionalInterface
    public interface Value {
        void set(PreparedStatement statement, Connection connection, int index) throws SQLException;
    }

    public static Value text(String value) {
        return (statement, connection, index) -> statement.setString(index, value);
    }

    public static Value texts(Object[] values) {
        return (statement, connection, index) -> statement.setArray(index, connection.createArrayOf("text", values));
    }

    private record Write(String sql, List<Value> values) {
    }

    /** Reads the rows of a statement. */
    @FunctionalInterface
    public interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    /** The transaction's writes, kept as a resource of the transaction under this key. */
    private static final Object KEY = WritesAtCommit.class;

    @Inject
    TransactionSynchronizationRegistry transactions;

    @Inject
    AgroalDataSource dataSource;

    /** A statement (one, without a closing semicolon) to write with the current transaction's others as it commits. */
    public void add(String sql, Value... values) {
        if (transactions.getTransactionKey() == null) {
            throw new IllegalStateException("No transaction to write in: " + sql);
        }
        @SuppressWarnings("unchecked")
        List<Write> writes = (List<Write>) transactions.getResource(KEY);
        if (writes == null) {
            List<Write> added = new ArrayList<>();
            transactions.putResource(KEY, added);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    write(added);
                }

                @Override
                public void afterCompletion(int status) {
                    // written before the commit, or with nothing to write: a rolled-back transaction is never sent
                }
            });
            writes = added;
        }
        writes.add(new Write(sql, List.of(values)));
    }

    /**
     * Runs {@code sql} (one statement returning rows, its parameters {@code parameters}) on the current
     * transaction's {@code connection}, with the writes added until now sent ahead of it in the same round trip;
     * they are then written, and the commit does not send them again. {@code read} reads the statement's rows.
     */
    public <T> T query(Connection connection, String sql, List<?> parameters, Rows<T> read) throws SQLException {
        @SuppressWarnings("unchecked")
        List<Write> pending = transactions.getTransactionKey() == null ? null : (List<Write>) transactions.getResource(KEY);
        List<Write> ahead = pending == null ? List.of() : List.copyOf(pending);
        try (PreparedStatement statement = connection.prepareStatement(ahead.isEmpty() ? sql : joined(ahead) + ";\n" + sql.strip())) {
            int index = bind(statement, connection, ahead);
            for (Object parameter : parameters) {
                statement.setObject(index++, parameter);
            }
            boolean rows = statement.execute();
            for (int i = 0; i < ahead.size(); i++) {
                rows = statement.getMoreResults();   // each write sent ahead has its own result (a count), then the statement's
            }
            if (!rows) {
                throw new SQLException("No rows from " + sql.strip());
            }
            try (ResultSet result = statement.getResultSet()) {
                T value = read.read(result);
                if (!ahead.isEmpty()) {
                    pending.subList(0, ahead.size()).clear();   // written: the commit sends only what is added later
                }
                return value;
            }
        }
    }

    private void write(List<Write> writes) {
        if (writes.isEmpty()) {
            return;   // sent ahead of a change's own statement
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(joined(writes))) {
            bind(statement, connection, writes);
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the journal's entries and the events of the transaction", e);
        }
    }

    private static String joined(List<Write> writes) {
        StringBuilder sql = new StringBuilder();
        for (Write write : writes) {
            sql.append(sql.isEmpty() ? "" : ";\n").append(write.sql().strip());
        }
        return sql.toString();
    }

    /** Binds the writes' values in order; returns the index of the next parameter. */
    private static int bind(PreparedStatement statement, Connection connection, List<Write> writes) throws SQLException {
        int index = 1;
        for (Write write : writes) {
            for (Value value : write.values()) {
                value.set(statement, connection, index++);
            }
        }
        return index;
    }
}
