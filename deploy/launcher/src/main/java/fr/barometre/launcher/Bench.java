package fr.barometre.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./barometre bench}: starts the suite on the bench's own ports and data folder (its
 * databases fresh, the Keycloak installation kept from one run to the next), without demo data,
 * runs {@link BenchWorkload}, prints the figures and the ratios, writes them as JSON, and stops the suite.
 */
public final class Bench {

    private Bench() {
    }

    static void main(List<String> args) {
        BenchOptions options;
        Path root = Path.of(System.getProperty("barometre.root", ".")).toAbsolutePath().normalize();
        try {
            options = BenchOptions.parse(args, System.getenv(), root);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        List<JsonNode> baselines;
        List<JsonNode> runs;
        try {
            baselines = reports("--compare", options.compare());
            runs = reports("--runs", options.runs());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        String baselineSource = String.join(", ", options.compare().stream().map(Path::toString).toList());
        if (!runs.isEmpty()) {
            System.out.print(BenchReport.comparisonText(BenchReport.comparison(runs, baselines, baselineSource)));
            return;
        }
        Stack stack = new Stack(options.launcherOptions(root));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "bench-shutdown"));
        int status = 0;
        try {
            stack.checkPortsFree();
            prepareDataDir(options.dataDir());
            Console.info("bench: size " + options.size() + ", " + options.threads() + " threads, " + options.single()
                    + " single submissions after " + options.warmUp() + " to warm up, " + (options.webhooks() ? "webhooks flowing" : "no webhooks") + "; data folder " + options.dataDir());
            stack.start();
            ObjectNode report = new BenchWorkload(target(stack, root), new BenchWorkload.Settings(options.size(), options.threads(),
                    options.single(), options.readSeconds(), options.webhooks(), options.warmUp(), options.webhooksAb())).run();
            if (!baselines.isEmpty()) {
                report.set("comparison", BenchReport.comparison(List.of(report), baselines, baselineSource));
            }
            Path file = BenchReport.write(options.dataDir(), report, ZonedDateTime.now());
            System.out.println(BenchReport.text(report));
            Console.info("bench: written to " + file + " and " + file.resolveSibling("latest.json"));
        } catch (Exception e) {
            if (!stack.stopping()) {
                Console.warn("bench: " + e);
                status = 1;
            }
        } finally {
            stack.close();
        }
        System.exit(status);
    }

    /** The reports of earlier runs named by an option, read; a file that is not one is refused. */
    private static List<JsonNode> reports(String option, List<Path> files) {
        List<JsonNode> reports = new java.util.ArrayList<>();
        for (Path file : files) {
            try {
                JsonNode report = Http.JSON.readTree(file.toFile());
                if (!report.path("figures").isObject()) {
                    throw new IOException("no figures in it");
                }
                reports.add(report);
            } catch (IOException e) {
                throw new IllegalArgumentException(option + ": " + file + " cannot be read as a bench report: " + e.getMessage());
            }
        }
        return reports;
    }

    /** The workload's view of a suite started by a {@link Stack}. */
    public static BenchWorkload.Target target(Stack stack, Path root) {
        Map<String, Long> pids = new LinkedHashMap<>();
        stack.services().forEach((name, service) -> pids.put(name, service.process().pid()));
        ServiceProcess survey = stack.services().get(Stack.SURVEY);
        return new BenchWorkload.Target(root, survey.url(), stack.services().get(Stack.SCORING).url(),
                stack.services().get(Stack.REPORTING).url(), stack.keycloak().url(),
                "jdbc:postgresql://localhost:" + stack.database().port() + "/", pids, stack.database().pid());
    }

    /** Creates the data folder and deletes its databases and logs (the Keycloak installation stays: not rebuilt). */
    private static void prepareDataDir(Path data) throws IOException {
        Files.createDirectories(data);
        if (!Files.exists(data.resolve(Launcher.DATA_MARKER))) {
            Files.writeString(data.resolve(Launcher.DATA_MARKER), "Data folder of ./barometre bench (PostgreSQL, Keycloak, logs, bench/*.json).\n");
        }
        for (String fresh : List.of("postgres", "logs")) {
            if (Files.exists(data.resolve(fresh))) {
                Launcher.deleteTree(data.resolve(fresh));
            }
        }
    }
}
