package fr.barometre.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A real Keycloak server ({@code org.keycloak:keycloak-quarkus-dist}, unzipped once into the data
 * folder) in development mode, importing the realm {@code barometre} at its first start.
 *
 * <p>Keycloak keeps its state (an H2 file database) and its build (the first {@code start-dev}
 * re-augments the distribution, about 90 s) inside that installation, so later starts skip both.
 */
public final class KeycloakServer {

    public static final String REALM = "barometre";
    /** The master realm's administrator, created at the first start (admin console). */
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private static final String FIRST_START_DONE = ".barometre-started";

    private final Path home;
    private final int port;
    private final Path log;
    private volatile Process process;
    private List<ProcessHandle> frozen;

    /**
     * @param installDir the folder holding the unzipped distribution(s), e.g. {@code .barometre/keycloak}
     */
    public KeycloakServer(Path installDir, int port, Path logDir) {
        this.home = installDir.resolve("keycloak-" + version());
        this.port = port;
        this.log = logDir.resolve("keycloak.log");
    }

    /** The Keycloak version the launcher was built with. */
    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = KeycloakServer.class.getResourceAsStream("/launcher.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("launcher.properties missing from the launcher jar", e);
        }
        return properties.getProperty("keycloak.version");
    }

    /**
     * Where the build put the distribution zip ({@code deploy/launcher/target/keycloak}), else the
     * local Maven repository.
     */
    public static Path distribution(Path root) {
        String file = "keycloak-quarkus-dist-" + version() + ".zip";
        Path built = root.resolve("deploy/launcher/target/keycloak").resolve(file);
        if (Files.isRegularFile(built)) {
            return built;
        }
        return Path.of(System.getProperty("user.home"), ".m2/repository/org/keycloak/keycloak-quarkus-dist", version(), file);
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public String issuer() {
        return url() + "/realms/" + REALM;
    }

    public Path home() {
        return home;
    }

    public Path log() {
        return log;
    }

    public Process process() {
        return process;
    }

    /** True until a first start has gone through (Keycloak then builds itself). */
    public boolean firstStart() {
        return !Files.exists(home.resolve(FIRST_START_DONE));
    }

    /** Unzips the distribution unless done already, and puts the realm file among the imports. */
    public void install(Path zip, Path realmFile) throws IOException {
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException("Keycloak distribution not found: " + zip + " (run ./mvnw package -pl deploy/launcher)");
            }
            Console.info("Keycloak: unzipping " + zip.getFileName() + " into " + home.getParent());
            unzip(zip, home.getParent());
        }
        Path imports = home.resolve("data/import");
        Files.createDirectories(imports);
        Files.copy(realmFile, imports.resolve(realmFile.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Starts {@code kc.sh start-dev}, importing the realm when Keycloak does not have it yet. */
    public synchronized void start() throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port,
                "--hostname=" + url(),
                "--import-realm")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx768m");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        process = builder.start();
    }

    /** Ready once the realm's discovery document answers (the realm is imported by then). */
    public boolean ready(Http http) {
        return http.status(issuer() + "/.well-known/openid-configuration") == 200;
    }

    /**
     * Adds to the running realm the clients of the realm file it lacks: {@code --import-realm}
     * skips a realm that exists already, so a data folder made before a client was added to the
     * file (the pages' {@code barometre-web}, say) would never get it. Clients the realm has are
     * left as they are (an edited client still needs {@code --fresh}). Returns the clients added.
     */
    public List<String> addMissingClients(Http http, Path realmFile) throws IOException {
        JsonNode realm = Http.JSON.readTree(realmFile.toFile());
        String admin = adminToken(http);
        String clients = url() + "/admin/realms/" + REALM + "/clients";
        Set<String> existing = new HashSet<>();
        for (JsonNode client : http.get(clients + "?max=1000", admin).expectOk("GET clients").json()) {
            existing.add(client.path("clientId").asText());
        }
        List<String> added = new ArrayList<>();
        for (JsonNode client : missingClients(realm, existing)) {
            http.post(clients, admin, client).expectOk("POST client " + client.path("clientId").asText());
            added.add(client.path("clientId").asText());
        }
        return added;
    }

    /**
     * Adds to the running realm the realm roles of the realm file it lacks, and grants each service account the
     * realm roles the file gives it and it lacks ({@code partner-scope-read}, say, added after the realm was first
     * imported). Roles and grants the realm has are left as they are. Returns what it added, as "role X" and
     * "X to client Y".
     */
    public List<String> addMissingRoles(Http http, Path realmFile) throws IOException {
        JsonNode realm = Http.JSON.readTree(realmFile.toFile());
        String admin = adminToken(http);
        String base = url() + "/admin/realms/" + REALM;
        Set<String> existing = new HashSet<>();
        for (JsonNode role : http.get(base + "/roles?max=1000", admin).expectOk("GET roles").json()) {
            existing.add(role.path("name").asText());
        }
        List<String> added = new ArrayList<>();
        for (JsonNode role : missingRoles(realm, existing)) {
            http.post(base + "/roles", admin, role).expectOk("POST role " + role.path("name").asText());
            added.add("role " + role.path("name").asText());
        }
        for (JsonNode user : realm.path("users")) {
            String client = user.path("serviceAccountClientId").asText("");
            if (client.isEmpty() || user.path("realmRoles").isEmpty()) {
                continue;
            }
            JsonNode found = http.get(base + "/clients?clientId=" + client, admin).expectOk("GET client " + client).json();
            if (found.isEmpty()) {
                continue;
            }
            String account = http.get(base + "/clients/" + found.get(0).path("id").asText() + "/service-account-user", admin)
                    .expectOk("GET service account of " + client).json().path("id").asText();
            String mappings = base + "/users/" + account + "/role-mappings/realm";
            Set<String> granted = new HashSet<>();
            for (JsonNode role : http.get(mappings, admin).expectOk("GET roles of " + client).json()) {
                granted.add(role.path("name").asText());
            }
            List<JsonNode> grants = new ArrayList<>();
            for (String name : missingGrants(user, granted)) {
                grants.add(http.get(base + "/roles/" + name, admin).expectOk("GET role " + name).json());
                added.add(name + " to client " + client);
            }
            if (!grants.isEmpty()) {
                http.post(mappings, admin, grants).expectOk("POST roles of " + client);
            }
        }
        return added;
    }

    /** The realm roles of a realm file that are not among {@code existing}, in the file's order. */
    static List<JsonNode> missingRoles(JsonNode realm, Set<String> existing) {
        List<JsonNode> missing = new ArrayList<>();
        for (JsonNode role : realm.path("roles").path("realm")) {
            if (!existing.contains(role.path("name").asText())) {
                missing.add(role);
            }
        }
        return missing;
    }

    /** The realm roles a user of a realm file is given there and not among {@code granted}, in the file's order. */
    static List<String> missingGrants(JsonNode user, Set<String> granted) {
        List<String> missing = new ArrayList<>();
        for (JsonNode role : user.path("realmRoles")) {
            if (!granted.contains(role.asText())) {
                missing.add(role.asText());
            }
        }
        return missing;
    }

    private String adminToken(Http http) throws IOException {
        return http.postForm(url() + "/realms/master/protocol/openid-connect/token",
                        Map.of("grant_type", "password", "client_id", "admin-cli",
                                "username", ADMIN_USER, "password", ADMIN_PASSWORD))
                .expectOk("Keycloak administrator token").json().get("access_token").asText();
    }

    /** The clients of a realm file whose {@code clientId} is not among {@code existing}, in the file's order. */
    static List<JsonNode> missingClients(JsonNode realm,
                                                                                Set<String> existing) {
        List<JsonNode> missing = new ArrayList<>();
        for (JsonNode client : realm.path("clients")) {
            if (!existing.contains(client.path("clientId").asText())) {
                missing.add(client);
            }
        }
        return missing;
    }

    /** Records that the first start (the build) is done, so later starts announce less. */
    public void markStarted() throws IOException {
        Files.writeString(home.resolve(FIRST_START_DONE), "started\n");
    }

    public boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** The last line of the log, shortened, to show while waiting; or null. */
    public String lastLogLine() {
        return Processes.lastLogLine(log);
    }

    /**
     * Freezes Keycloak as an unresponsive server would be: SIGSTOP to kc.sh and every process it
     * started (the JVM is a child of the script, not the script itself). Connections are still
     * accepted by the kernel, nothing answers. Returns the pids stopped, with their commands.
     */
    public synchronized List<String> freeze() {
        List<ProcessHandle> tree = Processes.tree(process);
        Processes.signal(tree, "STOP");
        frozen = tree;
        return tree.stream().map(h -> h.pid() + " " + h.info().command().orElse("?")).toList();
    }

    /** Resumes what {@link #freeze()} stopped (SIGCONT). */
    public synchronized void thaw() {
        if (frozen != null) {
            Processes.signal(frozen, "CONT");
            frozen = null;
        }
    }

    /** Stops kc.sh and the Java process it started (resumed first if frozen, so that it can end cleanly). */
    public synchronized void stop() {
        thaw();
        Processes.stopTree(process, 30);
    }

    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        Path base = target.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path path = base.resolve(entry.getName()).normalize();
                if (!path.startsWith(base)) {
                    throw new IOException("Zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                    if (entry.getName().endsWith(".sh")) {
                        path.toFile().setExecutable(true);
                    }
                }
            }
        }
    }
}
