package fr.barometre.launcher;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ./barometre}: starts the whole suite with demo data, prints where to find it, and runs
 * until Ctrl-C (SIGINT) or SIGTERM, which stops everything it started.
 */
public final class Launcher {

    /** A file marking a folder as the launcher's data folder, so that --fresh deletes nothing else. */
    static final String DATA_MARKER = ".barometre-data";

    /** Keeps zonky's INFO logging quiet; held so that the logger's level is not lost. */
    private static final Logger ZONKY = Logger.getLogger("io.zonky");

    private Launcher() {
    }

    public static void main(String[] args) {
        ZONKY.setLevel(Level.WARNING);
        if (args.length > 0 && args[0].equals("bench")) {
            Bench.main(Arrays.asList(args).subList(1, args.length));
            return;
        }
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(Arrays.asList(args), System.getenv(),
                    Path.of(System.getProperty("barometre.root", ".")));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(LauncherOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(LauncherOptions.USAGE);
            return;
        }
        long started = System.nanoTime();
        Stack stack = new Stack(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "barometre-shutdown"));
        try {
            stack.checkPortsFree(); // before --fresh deletes anything: the suite may be running
            prepareDataDir(options);
            stack.start();
            if (options.demo()) {
                String reporting = stack.services().containsKey(Stack.REPORTING) ? options.reportingUrl() : null;
                new DemoData(stack.http(), stack.tokens(), options.surveyUrl(), options.scoringUrl(), reporting).load();
            }
        } catch (Exception e) {
            if (stack.stopping()) {
                return; // Ctrl-C while starting: the shutdown hook stops what was started
            }
            Console.warn("the suite could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        printSummary(options, stack, Stack.seconds(started));
        stack.watch();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void prepareDataDir(LauncherOptions options) throws IOException {
        Path data = options.dataDir();
        if (options.fresh() && Files.exists(data)) {
            if (!Files.exists(data.resolve(DATA_MARKER))) {
                throw new IllegalStateException(data + " is not a data folder of the launcher (no " + DATA_MARKER + "): not deleted");
            }
            Console.info("--fresh: deleting " + data);
            deleteTree(data);
        }
        Files.createDirectories(data);
        if (!Files.exists(data.resolve(DATA_MARKER))) {
            Files.writeString(data.resolve(DATA_MARKER), "Data folder of ./barometre (PostgreSQL, Keycloak, logs). ./barometre --fresh deletes it.\n");
        }
    }

    static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The pages for people, with who opens each (a browser; the demo users sign in on Keycloak's page). */
    static String pages(LauncherOptions options, boolean reporting) {
        String survey = options.surveyUrl();
        String campaign = DemoData.CAMPAIGN;
        StringBuilder out = new StringBuilder("\nPages (open them in a browser):\n");
        if (reporting) {
            String rep = options.reportingUrl();
            out.append("  published barometer  ").append(rep).append("/   edition ").append(campaign).append(": ")
                    .append(rep).append("/editions/").append(campaign).append("   (anyone)\n");
            out.append("  preview, live        ").append(rep).append("/apercu/editions/").append(campaign)
                    .append("   (sign in as analyst or admin)\n");
        }
        out.append("  answer the survey    ").append(survey).append("/   (sign in as agent-rennes-metropole, whose response is left to answer)\n");
        out.append("  participation        ").append(survey).append("/campagnes/").append(campaign).append("/participation")
                .append("   (sign in as analyst or admin)\n");
        return out.toString();
    }

    private static void printSummary(LauncherOptions options, Stack stack, String elapsed) {
        StringBuilder out = new StringBuilder("\n");
        out.append("Baromètre is running (ready in ").append(elapsed).append("). Ctrl-C stops everything.\n\n");
        for (ServiceProcess service : stack.services().values()) {
            out.append(String.format("  %-18s %s   Swagger UI: %s/q/swagger-ui%n", service.name(), service.url(), service.url()));
        }
        if (!stack.services().containsKey(Stack.REPORTING)) {
            out.append("  reporting-service  not started: not packaged yet\n");
        }
        String kc = stack.keycloak().url();
        out.append(String.format("  %-18s %s   admin console: %s/admin/ (master realm: %s / %s)%n", "Keycloak", kc, kc,
                KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD));
        out.append(String.format("  %-18s %s (user %s, any password)%n", "PostgreSQL",
                stack.database().jdbcUrl("{survey,scoring,reporting}"), Database.USER));
        out.append(pages(options, stack.services().containsKey(Stack.REPORTING)));
        out.append("\nDemo users of realm barometre (password = user name), on the pages' sign-in or through the public client barometre-app:\n");
        out.append("  admin · analyst · agent-lyon (Lyon, 216901231) · agent-rennes-metropole (Rennes Métropole, 243500139)\n");
        out.append("Partner client: partner-demo / partner-demo-local-secret (client credentials). Local secrets only.\n");
        out.append("\nA token, for example:\n");
        out.append("  curl -s -d grant_type=password -d client_id=barometre-app -d username=agent-lyon -d password=agent-lyon \\\n");
        out.append("       ").append(stack.keycloak().issuer()).append("/protocol/openid-connect/token\n");
        if (options.demo()) {
            out.append("\nDemo campaign ").append(DemoData.CAMPAIGN).append(": ").append(DemoData.RESPONDENTS.size())
                    .append(" responses submitted; Rennes Métropole's is left to answer.\n");
        }
        out.append("Data folder: ").append(options.dataDir()).append(" (logs in ").append(options.logDir()).append(")\n");
        System.out.println(out);
        System.out.flush();
    }
}
