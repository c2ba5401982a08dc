package fr.barometre.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.launcher.Http;
import fr.barometre.launcher.LauncherOptions;
import fr.barometre.launcher.ServiceProcess;
import fr.barometre.launcher.Stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The real suite, started once for every test class through the launcher's {@link Stack}: fresh
 * data under {@code target/e2e-data} (Keycloak's build only is kept between runs, see {@link #keycloakBuild}),
 * non-default ports, no demo data; the services inherit the surefire run's environment (pom.xml), which
 * exports their spans to {@link OtlpReceiver} and sets {@code barometre.webhooks.allow-local} to
 * {@code http://127.0.0.1,http://localhost} ({@code BAROMETRE_WEBHOOKS_ALLOW_LOCAL}, as {@code ./barometre} does)
 * so that a receiver a test runs on this machine may subscribe ({@link WebhooksTest}). Test classes declare
 * {@code @ExtendWith(E2eStack.Extension.class)}: the first one starts the stack, which is stopped
 * once every class has run (and by a JVM shutdown hook, should the JVM end otherwise).
 */
final class E2eStack {

    static final int KEYCLOAK_PORT = 18180;
    static final int SURVEY_PORT = 18081;
    static final int SCORING_PORT = 18082;
    static final int REPORTING_PORT = 18083;
    /** The second replica of each service, when a scenario starts them. */
    static final Stack.Ports REPLICA_PORTS = new Stack.Ports(18091, 18092, 18093);

    /** Starts the stack before a test class's first test; stops it after the last class (the root store closes it). */
    static final class Extension implements BeforeAllCallback {

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            context.getRoot().getStore(ExtensionContext.Namespace.create(E2eStack.class))
                    .computeIfAbsent("stack", key -> (AutoCloseable) E2eStack::stop, AutoCloseable.class);
            start();
        }
    }

    private static Stack stack;
    private static LauncherOptions options;

    private E2eStack() {
    }

    /**
     * True with {@code -De2e.external=true}: the tests use a suite already running on the e2e ports
     * (started by {@code ./barometre --keycloak-port 18180 --survey-port 18081 --scoring-port 18082
     * --reporting-port 18083}) instead of starting one, which spares a start while writing a browser
     * test; the tests that stop or restart a part need the stack started here.
     */
    static final boolean EXTERNAL = Boolean.getBoolean("e2e.external");
    private static final Http EXTERNAL_HTTP = new Http();

    static synchronized Stack start() throws Exception {
        if (stack != null || (EXTERNAL && options != null)) {
            return stack;
        }
        Path root = Path.of(System.getProperty("e2e.root", "../..")).toAbsolutePath().normalize();
        Path data = Path.of(System.getProperty("e2e.data", "target/e2e-data")).toAbsolutePath().normalize();
        if (EXTERNAL) {
            options = new LauncherOptions(root, data, false, false, false, SURVEY_PORT, SCORING_PORT, REPORTING_PORT, KEYCLOAK_PORT, 0);
            if (EXTERNAL_HTTP.status(options.keycloakUrl() + "/realms/barometre/.well-known/openid-configuration") != 200) {
                throw new IllegalStateException("-De2e.external=true: no suite answers on the e2e ports");
            }
            return null;
        }
        deleteTree(data);
        OtlpReceiver.start();   // before the services, which export their spans to it
        options = new LauncherOptions(root, data, true, false, false,
                SURVEY_PORT, SCORING_PORT, REPORTING_PORT, KEYCLOAK_PORT, 0);
        Stack s = new Stack(options);
        Runtime.getRuntime().addShutdownHook(new Thread(s::close, "e2e-stack-stop"));
        stack = s;
        Path keycloakBuild = keycloakBuild();
        boolean built = restoreKeycloakBuild(keycloakBuild, s.keycloak().home());
        try {
            s.start();
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
        if (!built) {
            keepKeycloakBuild(s.keycloak().home(), keycloakBuild);
        }
        if (!s.services().containsKey(Stack.REPORTING)) {
            throw new IllegalStateException("reporting-service is not packaged");
        }
        return s;
    }

    /**
     * Where Keycloak's build is kept between runs, outside the fresh data: its first {@code start-dev} re-augments
     * the distribution (30 to 90 s on 2 cores), later ones do not. The installation less its {@code data} folder
     * (its H2 database: the realm is imported afresh each run), under
     * {@code ~/.cache/barometre/e2e-keycloak-<version>}; {@code -De2e.keycloak-build=none} goes without.
     */
    private static Path keycloakBuild() {
        String dir = System.getProperty("e2e.keycloak-build",
                Path.of(System.getProperty("user.home"), ".cache", "barometre").toString());
        return "none".equals(dir) ? null : Path.of(dir).resolve("e2e-keycloak-" + fr.barometre.launcher.KeycloakServer.version());
    }

    /** Keycloak's build kept by an earlier run, copied into the fresh data; false (and nothing there) without one. */
    private static boolean restoreKeycloakBuild(Path build, Path home) throws IOException {
        try {
            return copyTree(build, home, null);
        } catch (IOException e) {
            System.out.println("Keycloak's build not restored from " + build + " (" + e + "): the launcher installs it afresh");
            deleteTree(home);
            return false;
        }
    }

    /** Keeps Keycloak's installation, built by its first start, less its data, for the next run; a failure only costs the next run the build. */
    private static void keepKeycloakBuild(Path home, Path build) {
        if (build == null) {
            return;
        }
        Path partial = build.resolveSibling(build.getFileName() + ".partial");
        try {
            deleteTree(partial);
            copyTree(home, partial, home.resolve("data"));
            Files.move(partial, build);
        } catch (IOException e) {
            System.out.println("Keycloak's build not kept in " + build + ": " + e);
        }
    }

    /** Copies a folder with its files' permissions, less {@code except}; false when there is nothing to copy. */
    private static boolean copyTree(Path from, Path to, Path except) throws IOException {
        if (from == null || !Files.isDirectory(from)) {
            return false;
        }
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (except != null && path.startsWith(except)) {
                    continue;
                }
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return true;
    }

    static synchronized void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static String keycloakUrl() {
        return options.keycloakUrl();
    }

    static String surveyUrl() {
        return options.surveyUrl();
    }

    static String scoringUrl() {
        return options.scoringUrl();
    }

    static String reportingUrl() {
        return options.reportingUrl();
    }

    static ServiceProcess service(String name) {
        return stack.services().get(name);
    }

    /** Stops one service process (the rest keeps running). */
    static void stopService(String name) {
        service(name).stop();
    }

    /** Starts one service process again and waits until it is ready. */
    static void startService(String name) throws Exception {
        restart(service(name));
    }

    /** Starts a service process (stopped or killed) again and waits until it is ready. */
    static void restart(ServiceProcess service) throws Exception {
        service.start();
        stack.awaitReady(service);
    }

    static Stack stack() {
        return stack;
    }

    static String databaseUrl(String database) {
        return stack.database().jdbcUrl(database);
    }

    static Http http() {
        return stack == null ? EXTERNAL_HTTP : stack.http();
    }

    static fr.barometre.launcher.Tokens tokens() {
        return new fr.barometre.launcher.Tokens(http(), keycloakUrl());
    }

    static LauncherOptions options() {
        return options;
    }

    // --- tokens (raw HTTP: the generated client covers the services, not Keycloak) ---

    static String password(String user, String password) throws IOException {
        return tokens().password(user, password);
    }

    static String partnerToken() throws IOException {
        return tokens().clientCredentials("partner-demo", "partner-demo-local-secret");
    }

    /** A token from an arbitrary realm, client and Keycloak base URL (password grant). */
    static Http.Reply tokenReply(String keycloakBase, String realm, String client, String user, String password) throws IOException {
        return http().postForm(keycloakBase + "/realms/" + realm + "/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", client, "username", user, "password", password));
    }

    static JsonNode claims(String jwt) throws IOException {
        String payload = jwt.split("\\.")[1];
        return Http.JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }

    /** An interceptor adding the bearer token (none when null). */
    static Consumer<HttpRequest.Builder> bearer(String token) {
        return b -> {
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
        };
    }

    static int rawStatus(String method, String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        bearer(token).accept(b);
        return HttpClient.newHttpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
