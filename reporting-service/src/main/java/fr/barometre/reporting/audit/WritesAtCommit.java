package fr.barometre.reporting.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.sql.Connection;
import java.sql.PreparedStatement;
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

    private void write(List<Write> writes) {
        StringBuilder sql = new StringBuilder();
        for (Write write : writes) {
            sql.append(sql.isEmpty() ? "" : ";\n").append(write.sql().strip());
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int index = 1;
            for (Write write : writes) {
                for (Value value : write.values()) {
                    value.set(statement, connection, index++);
                }
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot write the journal's entries and the events of the transaction", e);
        }
    }
}
