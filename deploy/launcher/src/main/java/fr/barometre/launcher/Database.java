package fr.barometre.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * One embedded PostgreSQL (the zonky binaries the tests use), its data directory kept in the data
 * folder so that data persists across restarts, with one database per service.
 */
public final class Database implements AutoCloseable {

    /** The superuser of the embedded server; it trusts local connections, any password does. */
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private Database(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** Starts the server on {@code dataDirectory} (created by initdb when new), port 0 meaning any free port. */
    public static Database start(Path dataDirectory, int port) throws IOException {
        Path log = dataDirectory.resolveSibling("logs").resolve("postgres.log");
        Files.createDirectories(log.getParent());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                // zonky tunes for throwaway test data (fsync and synchronous commit off); this data persists
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                // a national edition writes GBs of WAL: checkpoints by time rather than every few hundred MB
                // (each one makes the next write of every page log the whole page), and a cache that holds
                // the editions being written; durability unchanged
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("checkpoint_timeout", "15min")
                // which statements cost the server: ./barometre bench prints them, an operator may query them
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.max", "2000")
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
        if (port > 0) {
            builder.setPort(port);
        }
        return new Database(builder.start(), dataDirectory);
    }

    public int port() {
        return postgres.getPort();
    }

    /** The process id of the server (the postmaster), from the first line of its {@code postmaster.pid}; 0 when unknown. */
    public long pid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The JDBC URL of one database. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /** Creates the databases that do not exist yet. */
    public void createDatabases(List<String> names) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            for (String name : names) {
                if (!name.matches("[a-z_]+")) {
                    throw new IllegalArgumentException("Database name " + name);
                }
                try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                    exists.setString(1, name);
                    try (ResultSet rows = exists.executeQuery()) {
                        if (rows.next()) {
                            continue;
                        }
                    }
                }
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + name);
                }
                Console.info("PostgreSQL: database " + name + " created");
            }
        }
    }

    /** Stops the server (a fast shutdown); the data directory stays. */
    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
