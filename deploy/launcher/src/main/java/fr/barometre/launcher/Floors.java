package fr.barometre.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * What plain JDBC reaches on the same PostgreSQL, in scratch databases with a service's own schema
 * (its Flyway migration files applied in order): the floors the services' figures are compared with.
 * Durable as the services are (synchronous commit on, logged tables).
 */
final class Floors {

    /** Responses per transaction of the batched floor, as many as a call of the batch endpoint carries. */
    static final int BATCH = 1000;

    private final String jdbcBase;

    /** @param jdbcBase e.g. {@code jdbc:postgresql://localhost:5432/}: a database name is appended */
    Floors(String jdbcBase) {
        this.jdbcBase = jdbcBase;
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcBase + database, Database.USER, Database.PASSWORD);
    }

    /** The migration files of a folder ({@code V<version>__<name>.sql}) in Flyway's order: by version, numerically. */
    static List<Path> migrations(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches("V[\\d._]+__.*\\.sql"))
                    .sorted(Comparator.comparing(Floors::version, Floors::compareVersions))
                    .toList();
        }
    }

    /** {@code V3_1__x.sql} → [3, 1]. */
    static long[] version(Path file) {
        String name = file.getFileName().toString();
        String v = name.substring(1, name.indexOf("__"));
        return Arrays.stream(v.split("[._]")).mapToLong(Long::parseLong).toArray();
    }

    static int compareVersions(long[] a, long[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            long x = i < a.length ? a[i] : 0;
            long y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }

    /** Creates (again) a scratch database and applies a service's migrations to it. */
    void createScratch(String database, Path migrationFolder) throws SQLException, IOException {
        if (!database.matches("[a-z_]+")) {
            throw new IllegalArgumentException(database);
        }
        try (Connection admin = connect("postgres"); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
            s.execute("CREATE DATABASE " + database);
        }
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (Path migration : migrations(migrationFolder)) {
                s.execute(Files.readString(migration));
            }
        }
    }

    /** The rows survey-service writes for one submitted response: its answers, the submission record, the outbox message. */
    record Response(String siren, String answers, String message) {
    }

    private static final String INSERT_RESPONSE = "insert into response (campaign_code, siren, status, revision, answers, submitted_at)"
            + " values (?, ?, 'SUBMITTED', 1, ?::jsonb, now())";
    private static final String INSERT_SUBMISSION = "insert into submission (campaign_code, siren, revision, payload, submitted_at)"
            + " values (?, ?, 1, ?::jsonb, now())";
    private static final String INSERT_OUTBOX = "insert into outbox_message (message_key, destination, payload) values (?, 'scoring', ?::jsonb)";

    /**
     * Writes {@code count} responses to a scratch database with survey-service's schema, by
     * {@code threads} connections, {@code perTransaction} responses per transaction (1: one durable
     * transaction per response); returns the seconds it took. The registry rows and the campaign the
     * responses refer to are written first, outside the time.
     */
    double writeResponses(String database, String campaign, String questionnaire, int count, int threads, int perTransaction,
                          IntFunction<Response> responses) throws Exception {
        try (Connection c = connect(database)) {
            try (PreparedStatement p = c.prepareStatement("insert into campaign (code, title, status, questionnaire, questionnaire_version)"
                    + " values (?, ?, 'OPEN', ?::jsonb, 'bench')")) {
                p.setString(1, campaign);
                p.setString(2, campaign);
                p.setString(3, questionnaire);
                p.executeUpdate();
            }
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("insert into collectivity (siren, name, search_name, kind) values (?, ?, ?, 'COMMUNE')"
                    + " on conflict do nothing")) {
                for (int i = 0; i < count; i++) {
                    String siren = responses.apply(i).siren();
                    p.setString(1, siren);
                    p.setString(2, siren);
                    p.setString(3, siren);
                    p.addBatch();
                    if (i % BATCH == BATCH - 1) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
            c.commit();
        }
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        parallel(threads, () -> {
            try (Connection c = connect(database);
                 PreparedStatement response = c.prepareStatement(INSERT_RESPONSE);
                 PreparedStatement submission = c.prepareStatement(INSERT_SUBMISSION);
                 PreparedStatement outbox = c.prepareStatement(INSERT_OUTBOX)) {
                c.setAutoCommit(false);
                int from;
                while ((from = next.getAndAdd(perTransaction)) < count) {
                    int to = Math.min(count, from + perTransaction);
                    for (int i = from; i < to; i++) {
                        Response r = responses.apply(i);
                        response.setString(1, campaign);
                        response.setString(2, r.siren());
                        response.setString(3, r.answers());
                        submission.setString(1, campaign);
                        submission.setString(2, r.siren());
                        submission.setString(3, r.message());
                        outbox.setString(1, campaign + ":" + r.siren() + ":1");
                        outbox.setString(2, r.message());
                        if (perTransaction == 1) {
                            response.executeUpdate();
                            submission.executeUpdate();
                            outbox.executeUpdate();
                        } else {
                            response.addBatch();
                            submission.addBatch();
                            outbox.addBatch();
                        }
                    }
                    if (perTransaction > 1) {
                        response.executeBatch();
                        submission.executeBatch();
                        outbox.executeBatch();
                    }
                    c.commit();
                }
            }
            return null;
        });
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * The rescoring floor: reads a campaign's submissions from scoring-service's database and writes,
     * by batched JDBC ({@value #BATCH} per transaction), one new assessment and one outbox message per
     * submission into a scratch database with scoring-service's schema, their fact and explanation the
     * size of real ones ({@code templates}, read beforehand from the assessments scoring-service made).
     * Returns the seconds and the rows written.
     */
    double[] rescore(String scoringDatabase, String scratch, String campaign, List<String[]> templates) throws Exception {
        long started = System.nanoTime();
        int written = 0;
        try (Connection source = connect(scoringDatabase); Connection target = connect(scratch)) {
            source.setAutoCommit(false);
            target.setAutoCommit(false);
            try (PreparedStatement read = source.prepareStatement("select siren, revision, payload from submission where campaign_code = ?");
                 PreparedStatement assessment = target.prepareStatement("insert into assessment (campaign_code, siren, revision, assessment_version,"
                         + " model_id, fact, explanation) values (?, ?, ?, 2, 'barometre-v1', ?::jsonb, ?::jsonb)");
                 PreparedStatement outbox = target.prepareStatement("insert into outbox_message (message_key, destination, payload)"
                         + " values (?, 'reporting', ?::jsonb)")) {
                read.setFetchSize(BATCH);
                read.setString(1, campaign);
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        String siren = rows.getString(1);
                        int revision = rows.getInt(2);
                        rows.getString(3); // the submission is read, as rescoring reads it
                        String[] t = templates.get(written % templates.size());
                        assessment.setString(1, campaign);
                        assessment.setString(2, siren);
                        assessment.setInt(3, revision);
                        assessment.setString(4, t[0]);
                        assessment.setString(5, t[1]);
                        assessment.addBatch();
                        outbox.setString(1, campaign + ":" + siren + ":2");
                        outbox.setString(2, t[0]);
                        outbox.addBatch();
                        if (++written % BATCH == 0) {
                            assessment.executeBatch();
                            outbox.executeBatch();
                            target.commit();
                        }
                    }
                }
                assessment.executeBatch();
                outbox.executeBatch();
                target.commit();
                source.commit();
            }
        }
        return new double[] {(System.nanoTime() - started) / 1e9, written};
    }

    /** Up to {@code limit} (fact, explanation) pairs of a campaign's assessments, the templates of {@link #rescore}. */
    List<String[]> assessmentTemplates(String scoringDatabase, String campaign, int limit) throws SQLException {
        List<String[]> templates = new ArrayList<>();
        try (Connection c = connect(scoringDatabase);
             PreparedStatement p = c.prepareStatement("select fact::text, explanation::text from assessment where campaign_code = ? limit ?")) {
            p.setString(1, campaign);
            p.setInt(2, limit);
            try (ResultSet rows = p.executeQuery()) {
                while (rows.next()) {
                    templates.add(new String[] {rows.getString(1), rows.getString(2)});
                }
            }
        }
        return templates;
    }

    /** A count from one database. */
    long count(String database, String sql, String campaign) throws SQLException {
        try (Connection c = connect(database); PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, campaign);
            try (ResultSet rows = p.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** A piece of work that may fail. */
    interface Work {
        Object run() throws Exception;
    }

    /** Runs {@code work} on {@code threads} threads at once and waits for all; the first failure is thrown. */
    static void parallel(int threads, Work work) throws Exception {
        List<Thread> running = new ArrayList<>();
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    work.run();
                } catch (Exception e) {
                    failures.add(e);
                }
            }, "bench-" + t);
            thread.start();
            running.add(thread);
        }
        for (Thread thread : running) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }
}
