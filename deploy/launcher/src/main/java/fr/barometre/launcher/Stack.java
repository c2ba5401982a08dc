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
    private final Map<String, ServiceProcess> replicas = new LinkedHashMap<>();
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
            if (!free(port)) {
                busy.add(name + " (" + port + ")");
            }
        });
        if (!busy.isEmpty()) {
            throw new IllegalStateException("Ports in use: " + String.join(", ", busy)
                    + ". Is the suite running already? Choose other ports with the --*-port options.");
        }
    }

    private static void checkPortFree(String name, int port) {
        if (!free(port)) {
            throw new IllegalStateException("Port in use: " + name + " (" + port + ")");
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
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
        Path realmFile = options.root().resolve("deploy/keycloak/barometre-realm.json");
        keycloak.install(KeycloakServer.distribution(options.root()), realmFile);
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
        for (String client : keycloak.addMissingClients(http, realmFile)) {
            Console.info("Keycloak: client " + client + " of " + realmFile.getFileName() + " added to the realm imported earlier");
        }
        for (String role : keycloak.addMissingRoles(http, realmFile)) {
            Console.info("Keycloak: " + role + " of " + realmFile.getFileName() + " added to the realm imported earlier");
        }
        Console.info("Keycloak: ready at " + keycloak.url() + " (realm " + KeycloakServer.REALM + ") in " + seconds(started));
    }

    private void startServices() throws Exception {
        long started = System.nanoTime();
        Ports ports = new Ports(options.surveyPort(), options.scoringPort(), options.reportingPort());
        for (String name : List.of(SURVEY, SCORING, REPORTING)) {
            add(service(name, name, ports));
        }
        for (ServiceProcess service : services.values()) {
            synchronized (this) {
                ensureOpen();
                service.start();
            }
            Console.info(service.name() + ": starting on " + service.url() + " (log: " + service.log() + ")");
        }
        for (ServiceProcess service : services.values()) {
            awaitReady(service);
            Console.info(service.name() + ": ready");
        }
        Console.info("Services ready in " + seconds(started));
    }

    /** The ports of one replica of each service; each replica calls its neighbours at these ports. */
    public record Ports(int survey, int scoring, int reporting) {

        int of(String service) {
            return switch (service) {
                case SURVEY -> survey;
                case SCORING -> scoring;
                case REPORTING -> reporting;
                default -> throw new IllegalArgumentException(service);
            };
        }

        static String url(int port) {
            return "http://localhost:" + port;
        }
    }

    /**
     * One instance of a service on its port of {@code ports}, with its service's database, calling
     * its neighbours at their ports of {@code ports}.
     */
    private ServiceProcess service(String name, String instance, Ports ports) {
        String prefix = name.substring(0, name.indexOf('-')).toUpperCase(java.util.Locale.ROOT);
        return new ServiceProcess(name, instance, options.root(), ports.of(name),
                environment(name, ports, database.jdbcUrl(prefix.toLowerCase(java.util.Locale.ROOT)), keycloak.url()),
                options.logDir());
    }

    /** The configuration profile the launcher runs the services with (plain HTTP: session cookies not Secure). */
    public static final String PROFILE = "local";
    /** The local secret of the realm's confidential client {@code barometre-web} (the pages' sign-in). */
    public static final String WEB_CLIENT_SECRET = "barometre-web-local-secret";
    /**
     * The webhook receivers a subscription may name on one machine despite the rules against local targets
     * (every service's {@code barometre.webhooks.allow-local}): a developer's or a test's receiver on this
     * machine. Production sets none.
     */
    public static final String WEBHOOKS_ALLOW_LOCAL = "http://127.0.0.1,http://localhost";

    /**
     * The environment of one instance of a service: its port and database, Keycloak, its client
     * secret, its neighbours' URLs at {@code ports}, the {@value #PROFILE} profile, the webhook receivers
     * allowed on this machine ({@link #WEBHOOKS_ALLOW_LOCAL}), and the pages' sign-in secret for the services
     * that serve pages (survey- and reporting-service).
     */
    static Map<String, String> environment(String name, Ports ports, String jdbcUrl, String keycloakUrl) {
        String prefix = name.substring(0, name.indexOf('-')).toUpperCase(java.util.Locale.ROOT);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_PROFILE", PROFILE);
        env.put(prefix + "_PORT", String.valueOf(ports.of(name)));
        env.put(prefix + "_DB_URL", jdbcUrl);
        env.put(prefix + "_DB_USER", Database.USER);
        env.put(prefix + "_DB_PASSWORD", Database.PASSWORD);
        env.put("KEYCLOAK_URL", keycloakUrl);
        env.put(prefix + "_CLIENT_SECRET", name + "-local-secret");
        env.put("BAROMETRE_WEBHOOKS_ALLOW_LOCAL", WEBHOOKS_ALLOW_LOCAL);
        switch (name) {
            case SURVEY -> {
                env.put("SCORING_URL", Ports.url(ports.scoring()));
                env.put("REPORTING_URL", Ports.url(ports.reporting()));
                env.put("WEB_CLIENT_SECRET", WEB_CLIENT_SECRET);
            }
            case SCORING -> {
                env.put("SURVEY_URL", Ports.url(ports.survey()));
                env.put("REPORTING_URL", Ports.url(ports.reporting()));
            }
            case REPORTING -> {
                env.put("SCORING_URL", Ports.url(ports.scoring()));
                env.put("SURVEY_URL", Ports.url(ports.survey()));
                env.put("WEB_CLIENT_SECRET", WEB_CLIENT_SECRET);
            }
            default -> throw new IllegalArgumentException(name);
        }
        return env;
    }

    /**
     * Starts a second replica of each running service on {@code ports}, sharing its service's
     * database; replica 2 of each service calls replica 2 of its neighbours (each replica its own
     * neighbour, as a pair of zones would, rather than a load balancer in front of both). Returns
     * them by service name once each is ready; {@link #close()} stops them with the rest.
     */
    public Map<String, ServiceProcess> startReplicas(Ports ports) throws Exception {
        Map<String, ServiceProcess> started = new LinkedHashMap<>();
        for (String name : services.keySet()) {
            checkPortFree(name + "-2", ports.of(name));
            ServiceProcess replica = service(name, name + "-2", ports);
            synchronized (this) {
                ensureOpen();
                replica.start();
                replicas.put(name, replica);
            }
            started.put(name, replica);
            Console.info(replica.instance() + ": starting on " + replica.url() + " (log: " + replica.log() + ")");
        }
        for (ServiceProcess replica : started.values()) {
            awaitReady(replica);
            Console.info(replica.instance() + ": ready");
        }
        return started;
    }

    /** The second replicas started by {@link #startReplicas(Ports)}, by service name. */
    public Map<String, ServiceProcess> replicas() {
        return replicas;
    }

    /** Stops the second replicas (the first ones keep running). */
    public void stopReplicas() {
        List<ServiceProcess> stopping;
        synchronized (this) {
            stopping = new ArrayList<>(replicas.values());
            replicas.clear();
        }
        stopAll(stopping);
    }

    /** Waits until one service process is ready; fails when it ends or after {@code SERVICE_TIMEOUT}. */
    public void awaitReady(ServiceProcess service) throws InterruptedException {
        await(service.instance(), () -> service.ready(http), service::alive, service::lastLogLine, SERVICE_TIMEOUT, service.log());
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
        List<ServiceProcess> running = new ArrayList<>(services.values());
        synchronized (this) {
            running.addAll(replicas.values());
        }
        running.removeIf(s -> s.process() == null);
        if (!running.isEmpty()) {
            Console.info("Stopping the services…");
        }
        boolean started = !running.isEmpty() || keycloak.process() != null || database != null;
        stopAll(running);
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

    /** Stops service processes together, returning once all have ended. */
    private static void stopAll(List<ServiceProcess> processes) {
        List<Thread> stopping = new ArrayList<>();
        for (ServiceProcess service : processes) {
            Thread thread = new Thread(service::stop, "stop-" + service.instance());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L + " s";
    }
}
