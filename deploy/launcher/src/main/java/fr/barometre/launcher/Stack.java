package fr.barometre.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The whole suite on one machine: one PostgreSQL with a database per service, Keycloak with the
 * realm, and the three packaged services, started in that order and stopped in the reverse one.
 * Reusable by an end-to-end test: {@code try (Stack stack = new Stack(options)) { stack.start(); ... }}.
 */
public final class Stack implements AutoCloseable {

    public static final String SURVEY = "survey-service";
    public static final String SCORING = "scoring-service";
    public static final String REPORTING = "reporting-service";
    public static final List<String> DATABASES = List.of("survey", "scoring", "reporting");

    private static final Duration KEYCLOAK_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration SERVICE_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);

    private final LauncherOptions options;
    private final Http http = new Http();
    private final KeycloakServer keycloak;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private Database database;
    private boolean closing;

    public Stack(LauncherOptions options) {
        this.options = options;
        this.keycloak = new KeycloakServer(options.dataDir().resolve("keycloak"), options.keycloakPort(), options.logDir());
    }

    public Http http() {
        return http;
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    public Database database() {
        return database;
    }

    /** The services started (reporting-service only when it is packaged). */
    public Map<String, ServiceProcess> services() {
        return services;
    }

    public Tokens tokens() {
        return new Tokens(http, keycloak.url());
    }

    /** Starts every part and returns once each one is ready; throws when one cannot start. */
    public void start() throws Exception {
        checkPortsFree();
        startDatabase();
        startKeycloak();
        startServices();
    }

    /** Fails when a port of the suite is taken (the suite running already, say). */
    public void checkPortsFree() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("Keycloak", options.keycloakPort());
        ports.put(SURVEY, options.surveyPort());
        ports.put(SCORING, options.scoringPort());
        ports.put(REPORTING, options.reportingPort());
        if (options.postgresPort() > 0) {
            ports.put("PostgreSQL", options.postgresPort());
        }
        List<String> busy = new ArrayList<>();
        ports.forEach((name, port) -> {
            try (ServerSocket socket = new ServerSocket(port)) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                busy.add(name + " (" + port + ")");
            }
        });
        if (!busy.isEmpty()) {
            throw new IllegalStateException("Ports in use: " + String.join(", ", busy)
                    + ". Is the suite running already? Choose other ports with the --*-port options.");
        }
    }

    private void startDatabase() throws Exception {
        long started = System.nanoTime();
        Console.info("PostgreSQL: starting (data in " + options.dataDir().resolve("postgres") + ")");
        synchronized (this) {
            ensureOpen();
            database = Database.start(options.dataDir().resolve("postgres"), options.postgresPort());
        }
        database.createDatabases(DATABASES);
        Console.info("PostgreSQL: ready on port " + database.port() + " in " + seconds(started));
    }

    private void startKeycloak() throws Exception {
        long started = System.nanoTime();
        keycloak.install(KeycloakServer.distribution(options.root()), options.root().resolve("deploy/keycloak/barometre-realm.json"));
        boolean first = keycloak.firstStart();
        if (first) {
            Console.info("Keycloak " + KeycloakServer.version() + ": first start — it builds itself and imports the realm, "
                    + "about 90 s (longer on a busy machine); later starts are faster. Log: " + keycloak.log());
        } else {
            Console.info("Keycloak " + KeycloakServer.version() + ": starting (log: " + keycloak.log() + ")");
        }
        synchronized (this) {
            ensureOpen();
            keycloak.start();
        }
        await("Keycloak", () -> keycloak.ready(http), keycloak::alive, keycloak::lastLogLine, KEYCLOAK_TIMEOUT, keycloak.log());
        keycloak.markStarted();
        Console.info("Keycloak: ready at " + keycloak.url() + " (realm " + KeycloakServer.REALM + ") in " + seconds(started));
    }

    private void startServices() throws Exception {
        long started = System.nanoTime();
        Path root = options.root();
        String kc = keycloak.url();
        add(new ServiceProcess(SURVEY, root, options.surveyPort(), Map.of(
                "SURVEY_PORT", String.valueOf(options.surveyPort()),
                "SURVEY_DB_URL", database.jdbcUrl("survey"),
                "SURVEY_DB_USER", Database.USER,
                "SURVEY_DB_PASSWORD", Database.PASSWORD,
                "KEYCLOAK_URL", kc,
                "SURVEY_CLIENT_SECRET", "survey-service-local-secret",
                "SCORING_URL", options.scoringUrl()), options.logDir()));
        add(new ServiceProcess(SCORING, root, options.scoringPort(), Map.of(
                "SCORING_PORT", String.valueOf(options.scoringPort()),
                "SCORING_DB_URL", database.jdbcUrl("scoring"),
                "SCORING_DB_USER", Database.USER,
                "SCORING_DB_PASSWORD", Database.PASSWORD,
                "KEYCLOAK_URL", kc,
                "SCORING_CLIENT_SECRET", "scoring-service-local-secret",
                "SURVEY_URL", options.surveyUrl(),
                "REPORTING_URL", options.reportingUrl()), options.logDir()));
        add(new ServiceProcess(REPORTING, root, options.reportingPort(), Map.of(
                "REPORTING_PORT", String.valueOf(options.reportingPort()),
                "REPORTING_DB_URL", database.jdbcUrl("reporting"),
                "REPORTING_DB_USER", Database.USER,
                "REPORTING_DB_PASSWORD", Database.PASSWORD,
                "KEYCLOAK_URL", kc,
                "REPORTING_CLIENT_SECRET", "reporting-service-local-secret",
                "SCORING_URL", options.scoringUrl(),
                "SURVEY_URL", options.surveyUrl()), options.logDir()));
        for (ServiceProcess service : services.values()) {
            synchronized (this) {
                ensureOpen();
                service.start();
            }
            Console.info(service.name() + ": starting on " + service.url() + " (log: " + service.log() + ")");
        }
        for (ServiceProcess service : services.values()) {
            await(service.name(), () -> service.ready(http), service::alive, service::lastLogLine, SERVICE_TIMEOUT, service.log());
            Console.info(service.name() + ": ready");
        }
        Console.info("Services ready in " + seconds(started));
    }

    private void add(ServiceProcess service) {
        if (service.packaged()) {
            services.put(service.name(), service);
        } else {
            Console.warn(service.name() + " is not packaged (" + ServiceProcess.jarOf(options.root(), service.name())
                    + " missing): not started");
        }
    }

    /** Polls until ready, printing progress; fails when the process ends or the time is up. */
    private void await(String what, BooleanSupplier ready, BooleanSupplier alive, Supplier<String> detail,
                       Duration timeout, Path log) throws InterruptedException {
        long started = System.nanoTime();
        long nextProgress = started + PROGRESS_EVERY.toNanos();
        while (!ready.getAsBoolean()) {
            synchronized (this) {
                ensureOpen();
            }
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException(what + " stopped before it was ready; see " + log);
            }
            long now = System.nanoTime();
            if (now - started > timeout.toNanos()) {
                throw new IllegalStateException(what + " not ready after " + timeout.toSeconds() + " s; see " + log);
            }
            if (now >= nextProgress) {
                String line = detail.get();
                Console.info("  … waiting for " + what + " (" + seconds(started) + ")" + (line == null ? "" : ": " + line));
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
            Thread.sleep(1000);
        }
    }

    /** True once {@link #close()} has begun. */
    public synchronized boolean stopping() {
        return closing;
    }

    /** Reports on the console a part that ends while the suite runs (it is not restarted). */
    public void watch() {
        List<Map.Entry<String, Process>> parts = new ArrayList<>();
        services.values().forEach(s -> parts.add(Map.entry(s.name() + " (log: " + s.log() + ")", s.process())));
        parts.add(Map.entry("Keycloak (log: " + keycloak.log() + ")", keycloak.process()));
        for (Map.Entry<String, Process> part : parts) {
            part.getValue().onExit().thenAccept(p -> {
                synchronized (this) {
                    if (!closing) {
                        Console.warn(part.getKey() + " ended with exit code " + p.exitValue() + "; Ctrl-C stops the rest");
                    }
                }
            });
        }
    }

    private void ensureOpen() {
        if (closing) {
            throw new Stopping();
        }
    }

    /** Thrown by {@link #start()} when {@link #close()} (Ctrl-C, say) interrupts it. */
    public static final class Stopping extends IllegalStateException {
        Stopping() {
            super("Stopping");
        }
    }

    /** Stops what was started: the services (together), then Keycloak, then PostgreSQL. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess service : services.values()) {
            if (service.process() != null) {
                Thread thread = new Thread(service::stop, "stop-" + service.name());
                thread.start();
                stopping.add(thread);
            }
        }
        if (!stopping.isEmpty()) {
            Console.info("Stopping the services…");
        }
        boolean started = !stopping.isEmpty() || keycloak.process() != null || database != null;
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (keycloak.process() != null) {
            Console.info("Stopping Keycloak…");
            keycloak.stop();
        }
        if (database != null) {
            Console.info("Stopping PostgreSQL…");
            try {
                database.close();
            } catch (IOException | RuntimeException e) {
                Console.warn("PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
        if (started) {
            Console.info("Stopped.");
        }
    }

    static String seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L + " s";
    }
}
