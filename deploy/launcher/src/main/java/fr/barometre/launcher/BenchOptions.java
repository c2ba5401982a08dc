package fr.barometre.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./barometre bench} was asked to measure.
 *
 * @param size    authorities carried through the batch endpoint (default: the registry's 36,130)
 * @param threads client threads of the intake, the floors and the read measures
 * @param single  responses submitted one at a time (PUT + submission) into a second campaign
 * @param dataDir the bench's own data folder (its databases fresh each run, Keycloak kept)
 * @param readSeconds how long each read measure (cached, uncached, health) runs
 * @param webhooks whether a receiver of the bench's own is subscribed to every event of the three services,
 *                 so that webhooks flow during the run ({@code --no-webhooks}: none, to measure their cost by two runs)
 * @param compare  earlier runs' reports whose ratios (their median) this run's are compared with (empty: none)
 * @param warmUp   single submissions made before the measured ones to warm the services up (their JIT), not measured
 * @param runs     reports of runs already made, compared with {@code compare} (the medians of each side) instead of
 *                 running the bench (empty: run it)
 * @param webhooksAb single submissions in each of the four blocks made after the measured ones, with webhooks flowing,
 *                 without, without, with (0: none): the webhooks' cost measured within one run
 */
public record BenchOptions(int size, int threads, int single, Path dataDir, int readSeconds, boolean webhooks, int warmUp,
                           List<Path> compare, List<Path> runs, boolean help, int webhooksAb) {

    public static final int REGISTRY_SIZE = 36_130;
    public static final int DEFAULT_THREADS = 4;
    /**
     * Single submissions by default: enough for a steady rate, a national edition one at a time being
     * {@code --single 36130}. Scoring- and reporting-service read their neighbour's feed again every 30 s (their
     * catch-up: everything delivered since the last round, ingested again at no change), which slows the pipeline
     * while it runs: 3,000 submissions (12–25 s) had a round in them or not (in 7 of 8 runs of one side and 2 of 7
     * of the other, once), 9,000 (40–60 s) hold two or three in every run.
     */
    public static final int DEFAULT_SINGLE = 9_000;

    /**
     * Single submissions made first, not measured: the services' single path compiled by the JIT before the measure,
     * as in a service that has run for a while, their downstream work and deliveries done; at most what the size
     * leaves beside the measured ones. Measured per thread in a 3,000-submission phase, survey-service's JIT
     * compilers took ≈ 40 % of its CPU without warm-up, still ≈ 40 % (4.9 of 12.6 CPU-s) after 1,000, 22 %
     * (1.8 of 8.3) after 4,000 and, with webhooks flowing after a national edition, 2.6–5.7 CPU-s of the phase
     * (250–480 compilations) after 4,000 against 0.7–1.1 (120–180) after 8,000, which take ≈ 45 s.
     */
    public static final int DEFAULT_WARM_UP = 8_000;

    /** The bench's own ports, apart from ./barometre's (8081–8083, 8180) and the end-to-end tests' (18xxx). */
    public static final int KEYCLOAK_PORT = 28180;
    public static final int SURVEY_PORT = 28081;
    public static final int SCORING_PORT = 28082;
    public static final int REPORTING_PORT = 28083;

    public static final String USAGE = """
            Usage: ./barometre bench [options]

            Starts the suite on its own ports (Keycloak 28180, services 28081-28083) and data folder,
            without demo data, measures it (floors, batch and single intake, propagation, reads,
            rescoring, CPU and memory), prints the figures and the ratios against the targets, and
            writes them as JSON under <data>/bench/ (a file per run and latest.json). A receiver of
            its own (127.0.0.1) is subscribed as partner-demo to every webhook event of the three
            services before the intake, and deleted at the end: the figures include the deliveries.

              --size N        authorities submitted through the batch endpoint (default 36130, the registry)
              --threads T     client threads (default 4)
              --single N      responses submitted one at a time, PUT + submission (default 9000, at most --size)
              --data DIR      data folder (default <repository>/.barometre-bench; databases fresh each run)
              --read-seconds S  length of each read measure (default 10)
              --warm-up N     single submissions made first, not measured, so that the measure is of warm
                              services (default 8000; 0: none; at most what --size leaves beside --single)
              --no-webhooks   no subscription: no webhook deliveries (their cost is the difference of two runs)
              --webhooks-ab N after the single submissions, four blocks of N more: webhooks flowing, none,
                              none, flowing (the subscriptions deleted and made again between blocks): what
                              the webhooks cost the single path, measured within one run (default 0: none;
                              at most a quarter of what --size leaves beside --warm-up and --single)
              --compare FILE[,FILE...]  earlier runs' reports (<data>/bench/*.json): what this run costs each
                              of their ratios (the median of several), at most 10 % (runs with --no-webhooks,
                              or of the code before a change)
              --runs FILE[,FILE...]  runs already made, of the code after the change: the median of their
                              ratios against the median of --compare's, without running the bench; each side's
                              spread shows how far runs of the same code are apart (make the runs in turns)
              -h, --help      this text
            """;

    public static BenchOptions parse(List<String> args, Map<String, String> env, Path root) {
        int size = REGISTRY_SIZE;
        int threads = DEFAULT_THREADS;
        Integer single = null;
        int warmUp = DEFAULT_WARM_UP;
        int readSeconds = 10;
        int webhooksAb = 0;
        boolean help = false;
        boolean webhooks = true;
        List<Path> compare = List.of();
        List<Path> runs = List.of();
        Path dataDir = root.resolve(".barometre-bench");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.equals("-h") || name.equals("--help")) {
                help = true;
                continue;
            }
            if (arg.equals("--no-webhooks")) {
                webhooks = false;
                continue;
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
            switch (name) {
                case "--size" -> size = positive(name, value, REGISTRY_SIZE);
                case "--threads" -> threads = positive(name, value, 64);
                case "--single" -> single = positive(name, value, REGISTRY_SIZE);
                case "--read-seconds" -> readSeconds = positive(name, value, 600);
                case "--warm-up" -> warmUp = value.strip().equals("0") ? 0 : positive(name, value, REGISTRY_SIZE);
                case "--webhooks-ab" -> webhooksAb = value.strip().equals("0") ? 0 : positive(name, value, REGISTRY_SIZE);
                case "--data" -> dataDir = Path.of(value);
                case "--compare" -> compare = files(name, value);
                case "--runs" -> runs = files(name, value);
                default -> throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        if (!runs.isEmpty() && compare.isEmpty()) {
            throw new IllegalArgumentException("--runs needs --compare: the runs of the code before the change");
        }
        int singles = Math.min(single == null ? DEFAULT_SINGLE : single, size);
        int warm = Math.min(warmUp, size - singles);
        if (webhooksAb > 0 && !webhooks) {
            throw new IllegalArgumentException("--webhooks-ab compares blocks with and without webhooks: not with --no-webhooks");
        }
        int ab = Math.min(webhooksAb, (size - singles - warm) / 4);
        return new BenchOptions(size, threads, singles, dataDir.toAbsolutePath().normalize(), readSeconds, webhooks, warm, compare, runs,
                help, ab);
    }

    /** Comma-separated file names, as absolute paths. */
    private static List<Path> files(String name, String value) {
        List<Path> files = java.util.Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> Path.of(s).toAbsolutePath().normalize()).toList();
        if (files.isEmpty()) {
            throw new IllegalArgumentException(name + " needs at least one file");
        }
        return files;
    }

    private static int positive(String name, String value, int max) {
        try {
            int n = Integer.parseInt(value.trim().replace(",", "").replace("_", ""));
            if (n < 1 || n > max) {
                throw new IllegalArgumentException(name + " must be between 1 and " + max + ": " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + value);
        }
    }

    /** The launcher's options for the bench's suite: its ports and data folder, no demo data. */
    public LauncherOptions launcherOptions(Path root) {
        return new LauncherOptions(root, dataDir, false, false, false, SURVEY_PORT, SCORING_PORT, REPORTING_PORT, KEYCLOAK_PORT, 0);
    }
}
