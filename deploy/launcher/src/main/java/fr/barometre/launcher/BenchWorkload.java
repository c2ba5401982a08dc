package fr.barometre.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The bench's workload against a running suite (started by {@link Bench}, or the end-to-end tests'):
 * the floors, a national edition through the batch endpoint, single submissions, reads, rescoring,
 * CPU and memory. Returns every figure as one JSON object ({@link #run()}).
 */
public final class BenchWorkload {

    /** Where the suite runs: its URLs, its PostgreSQL ({@code jdbc:postgresql://host:port/}), its processes (0: unknown). */
    public record Target(Path root, String surveyUrl, String scoringUrl, String reportingUrl, String keycloakUrl,
                         String jdbcBase, Map<String, Long> servicePids, long postgresPid) {
    }

    /**
     * How much to carry: batch responses, client threads, single submissions, seconds of each read measure,
     * whether webhooks flow during the run ({@link BenchWebhooks}), and the single submissions made first to warm
     * the services up, not measured (at most what the size leaves beside the measured ones), and the size of each of the
     * four blocks of single submissions made after them with webhooks flowing and without (0: none).
     */
    public record Settings(int size, int threads, int single, int readSeconds, boolean webhooks, int warmUp, int webhooksAb) {

        public Settings {
            warmUp = Math.max(0, Math.min(warmUp, size - single));
            webhooksAb = webhooks ? Math.max(0, Math.min(webhooksAb, (size - single - warmUp) / 4)) : 0;
        }

        /** With webhooks flowing, as many single submissions to warm up as measured (at most the default), no blocks. */
        public Settings(int size, int threads, int single, int readSeconds) {
            this(size, threads, single, readSeconds, true, Math.min(single, BenchOptions.DEFAULT_WARM_UP), 0);
        }
    }

    /** The network given to the authorities of the single submissions, the partner's scope. */
    static final String SINGLE_NETWORK = "INTERCONNECTES";
    static final String PARTNER = "partner-demo";
    static final String PARTNER_SECRET = "partner-demo-local-secret";
    private static final List<String> KINDS = List.of("COMMUNE", "EPCI_CC", "EPCI_CA", "EPCI_CU", "METROPOLE", "DEPARTEMENT", "REGION", "OTHER");
    private static final List<String> REGIONS = List.of("01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44", "52", "53",
            "75", "76", "84", "93", "94");
    private static final List<String> NETWORKS = List.of("INTERCONNECTES", "INTERCOMMUNALITES_DE_FRANCE", "FRANCE_URBAINE");
    /**
     * Uncached reads timed one at a time, each with another filter: enough for a p99 that is not simply the slowest
     * read (with 30, one collection pause in the service decided it, and runs of the same code were 3 times apart).
     */
    private static final int UNCACHED_SAMPLES = 200;
    /** Times each analysis read (strata, question, cross) is timed, each in another region (uncached): their medians are kept. */
    private static final int ANALYSIS_SAMPLES = 5;
    /** The costliest PostgreSQL statements reported for each intake phase. */
    private static final int STATEMENTS_SHOWN = 15;
    /**
     * How often the barometer is read during the ingest: often enough for a p99 over a national edition
     * (hundreds of reads), seldom enough that these reads weigh little in reporting-service's CPU per 1,000.
     */
    private static final long READ_EVERY_MS = 500;
    /** Rounds of the cached read against the liveness read: a median over several, the machine being shared. */
    private static final int READ_ROUNDS = 5;

    private final Target target;
    private final Settings settings;
    private final Floors floors;
    private final StatementStats statements;
    private final Tokens tokens;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectNode figures = Http.JSON.createObjectNode();
    private final Map<String, Long> peakRss = new ConcurrentHashMap<>();
    private final String stamp = Long.toString(System.currentTimeMillis() / 1000, 36);
    private final String batchCampaign = "bench-" + stamp + "-batch";
    private final String singleCampaign = "bench-" + stamp + "-single";
    private Supplier<String> admin;
    private Supplier<String> analyst;
    /** The run's webhook subscriptions and receiver; null with {@code --no-webhooks}. */
    private BenchWebhooks webhooks;
    private JsonNode questionnaire;
    private List<String> sirens;
    private String[] answerVariants;

    public BenchWorkload(Target target, Settings settings) {
        this.target = target;
        this.settings = settings;
        this.floors = new Floors(target.jdbcBase());
        this.statements = new StatementStats(floors);
        this.tokens = new Tokens(new Http(), target.keycloakUrl());
    }

    /**
     * Runs every phase and returns the figures ({@code machine}, {@code settings}, {@code figures}); the webhook
     * subscriptions, when there are some, are made before the campaigns are and deleted at the end, failed or not.
     */
    public ObjectNode run() throws Exception {
        ObjectNode report = Http.JSON.createObjectNode();
        report.set("machine", machine("Start"));
        ObjectNode s = report.putObject("settings");
        s.put("size", settings.size()).put("threads", settings.threads()).put("single", settings.single())
                .put("readSeconds", settings.readSeconds()).put("webhooks", settings.webhooks())
                .put("batchCampaign", batchCampaign).put("singleCampaign", singleCampaign);
        admin = fresh(() -> tokens.password("admin", "admin"));
        analyst = fresh(() -> tokens.password("analyst", "analyst"));
        figures.putObject("webhooks").put("enabled", settings.webhooks());
        Thread rss = new Thread(this::sampleRss, "bench-rss");
        rss.setDaemon(true);
        rss.start();
        try {
            if (settings.webhooks()) {
                // a token of its own: the single submissions' token is fetched once the partner's scope is changed (it carries it)
                webhooks = new BenchWebhooks(Map.of(Stack.SURVEY, target.surveyUrl(), Stack.SCORING, target.scoringUrl(),
                        Stack.REPORTING, target.reportingUrl()), floors, fresh(() -> tokens.clientCredentials(PARTNER, PARTNER_SECRET)));
                webhooks.subscribe();
            }
            prepare();
            floors();
            batchIntake();
            singleSubmissions();
            webhooksAb();
            reads();
            rescoring();
            memory();
            end();
        } finally {
            if (webhooks != null) {
                webhooks.close();
            }
            rss.interrupt();
        }
        report.set("figures", figures);
        nanToNull(figures);
        ((ObjectNode) report.get("machine")).setAll(machine("End"));
        return report;
    }

    // --- preparation ------------------------------------------------------------------------------------------

    private void prepare() throws Exception {
        Console.info("bench: preparing campaigns " + batchCampaign + " and " + singleCampaign + " (every authority invited)");
        for (String code : List.of(batchCampaign, singleCampaign)) {
            expect(send("POST", target.surveyUrl() + "/campaigns", admin.get(), Http.JSON.writeValueAsString(
                    Map.of("code", code, "title", "Bench " + code)), Map.of()), "POST /campaigns");
            expect(send("POST", target.surveyUrl() + "/campaigns/" + code + "/open", admin.get(), "", Map.of()), "open " + code);
        }
        questionnaire = Http.JSON.readTree(expect(send("GET", target.surveyUrl() + "/campaigns/" + batchCampaign + "/questionnaire",
                admin.get(), null, Map.of()), "GET questionnaire").body());
        // complete(questionnaire, i) depends on i mod 5 and i mod 3 only: fifteen answer sets serve every authority
        answerVariants = new String[15];
        for (int i = 0; i < answerVariants.length; i++) {
            answerVariants[i] = Http.JSON.writeValueAsString(AnswerSets.complete(questionnaire, i));
        }
        sirens = new ArrayList<>();
        try (Connection c = floors.connect("survey");
             PreparedStatement p = c.prepareStatement("select siren from collectivity order by siren limit ?")) {
            p.setInt(1, settings.size());
            try (ResultSet rows = p.executeQuery()) {
                while (rows.next()) {
                    sirens.add(rows.getString(1));
                }
            }
        }
        if (sirens.size() < settings.size()) {
            throw new IllegalStateException("The registry holds " + sirens.size() + " authorities, fewer than --size " + settings.size());
        }
    }

    // --- floors ---------------------------------------------------------------------------------------------------

    private void floors() throws Exception {
        Path scoringMigrations = target.root().resolve("scoring-service/src/main/resources/db/migration");
        floors.createScratch("bench_floor_scoring", scoringMigrations);
        for (boolean batched : List.of(false, true)) {
            Console.info("bench: " + (batched ? "batched floor (one transaction per 1,000 responses)" : "per-response floor (one transaction per response)")
                    + ", " + settings.size() + " responses, " + settings.threads() + " connections");
            ObjectNode f = object(figures, "floors").putObject(batched ? "batched" : "perResponse");
            double[] written = writeFloor(batched ? "bench_floor_batched" : "bench_floor_single", settings.size(), batched ? Floors.BATCH : 1);
            f.put("responses", settings.size()).put("seconds", round(written[0])).put("perSecond", round(settings.size() / written[0]))
                    // what the database alone spends on the rows of one service's intake, nothing else running
                    .put("postgresCpuPerThousand", round(written[1] / (settings.size() / 1000.0)));
            Console.info("bench:   " + format(settings.size() / written[0]) + " responses/s");
        }
    }

    /**
     * {@code count} responses of the first authorities written into a fresh scratch database {@code db} with the
     * intake's rows and client threads, {@code perTransaction} to a transaction: the seconds it took and the CPU
     * PostgreSQL spent on it.
     */
    private double[] writeFloor(String db, int count, int perTransaction) throws Exception {
        floors.createScratch(db, target.root().resolve("survey-service/src/main/resources/db/migration"));
        double postgresBefore = postgresCpu();
        double seconds = floors.writeResponses(db, "floor", questionnaire.toString(), count, settings.threads(),
                perTransaction, i -> new Floors.Response(sirens.get(i), answerVariants[i % 15], message(i)));
        return new double[] {seconds, postgresCpu() - postgresBefore};
    }

    /**
     * The per-response floor again, {@code count} responses, right before or right after the single submissions
     * (the pipeline idle: the warm-up's or the phase's downstream work and deliveries done): what the machine
     * gives one durable transaction per response at the time of the phase. The single ratio's denominator: the
     * floor measured before the batch phase, minutes earlier, moves by a third between runs of the same code, as
     * much as the phase itself.
     */
    private double floorAroundSingle(String when, int count) throws Exception {
        Console.info("bench:   per-response floor " + when + " the single submissions, " + count + " responses");
        double seconds = writeFloor("bench_floor_around", count, 1)[0];
        Console.info("bench:     " + format(count / seconds) + " responses/s");
        return seconds;
    }

    /** The submission message survey-service writes for authority {@code i} (its submission record and outbox payload). */
    private String message(int i) {
        return "{\"campaign\":\"floor\",\"siren\":\"" + sirens.get(i) + "\",\"revision\":1,\"questionnaireVersion\":\"bench\","
                + "\"submittedAt\":\"" + Instant.now() + "\",\"profile\":{\"kind\":\"COMMUNE\",\"population\":1000,\"stratum\":\"S1\","
                + "\"departement\":\"35\",\"region\":\"53\",\"networks\":[]},\"answers\":" + answerVariants[i % 15] + "}";
    }

    // --- batch intake -----------------------------------------------------------------------------------------------

    private void batchIntake() throws Exception {
        int size = settings.size();
        Console.info("bench: batch intake, " + size + " complete responses into " + batchCampaign + " by 1,000, "
                + settings.threads() + " threads; scoring and reporting consume meanwhile");
        statements.reset();
        Map<String, Double> cpuBefore = cpu();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger sampleErrors = new AtomicInteger();
        AtomicInteger posted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        Thread sampler = daemon("bench-reads-during-ingest", () -> {
            while (!Thread.currentThread().isInterrupted()) {
                long t = System.nanoTime();
                try {
                    int status = send("GET", target.reportingUrl() + "/barometers/" + batchCampaign, analyst.get(), null, Map.of()).statusCode();
                    if (status == 200) {
                        latencies.add((System.nanoTime() - t) / 1e6);
                    } else {
                        sampleErrors.incrementAndGet(); // 404 until reporting holds the campaign's first fact
                    }
                    Thread.sleep(READ_EVERY_MS);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    sampleErrors.incrementAndGet();
                }
            }
        });
        Thread progress = daemon("bench-progress", () -> progress("batch intake", posted, size, batchCampaign));
        Floors.parallel(settings.threads(), () -> {
            int from;
            while ((from = next.getAndAdd(Floors.BATCH)) < size) {
                int to = Math.min(size, from + Floors.BATCH);
                StringBuilder body = new StringBuilder("{\"responses\":[");
                for (int i = from; i < to; i++) {
                    body.append(i > from ? "," : "").append("{\"siren\":\"").append(sirens.get(i)).append("\",\"answers\":")
                            .append(answerVariants[i % 15]).append('}');
                }
                body.append("]}");
                HttpResponse<String> reply = expect(send("POST", target.surveyUrl() + "/campaigns/" + batchCampaign + "/responses/batch",
                        admin.get(), body.toString(), Map.of()), "POST responses/batch");
                JsonNode result = Http.JSON.readTree(reply.body());
                posted.addAndGet(to - from);
                refused.addAndGet(result.path("failed").asInt());
            }
            return null;
        });
        long intakeEnd = System.nanoTime();
        double intake = seconds(started);
        int accepted = size - refused.get();
        Console.info("bench:   intake done in " + format(intake) + " s (" + refused.get() + " refused); waiting for scoring and reporting");
        double[] done = awaitDownstream(batchCampaign, accepted, started, Math.max(600, 10 * intake));
        // a small edition's facts may all arrive between two reads (a delivery carries hundreds): at least one read that found them
        for (long until = System.nanoTime() + 10_000_000_000L; latencies.isEmpty() && System.nanoTime() < until; ) {
            Thread.sleep(100);
        }
        sampler.interrupt();
        drainWebhooks("afterBatch", intakeEnd, intake);
        progress.interrupt();
        Map<String, Double> cpuAfter = cpu();
        object(figures, "statements").set("batch", statements.read(STATEMENTS_SHOWN));
        ObjectNode b = figures.putObject("batch");
        b.put("responses", size).put("refused", refused.get()).put("seconds", round(intake)).put("perSecond", round(accepted / intake))
                .put("scoringDoneSeconds", round(done[0])).put("reportingDoneSeconds", round(done[1]));
        ObjectNode d = figures.putObject("duringIngest");
        List<Double> sampled = new ArrayList<>(latencies);
        d.put("samples", sampled.size()).put("errors", sampleErrors.get())
                .put("p50Ms", round(Percentiles.of(sampled, 50))).put("p99Ms", round(Percentiles.of(sampled, 99)));
        figures.set("cpu", cpuUsed(cpuBefore, cpuAfter, accepted));
    }

    /**
     * The bench's own process: its client threads, its polls and its webhook receiver. On the same cores as the suite,
     * so shown beside it, but not part of the pipeline's total.
     */
    static final String BENCH_PROCESS = "bench (clients, receiver; not in the total)";

    /** CPU-seconds each process used between two readings, in all and per 1,000 submissions; the total is the suite's. */
    private static ObjectNode cpuUsed(Map<String, Double> before, Map<String, Double> after, int submissions) {
        ObjectNode cpu = Http.JSON.createObjectNode();
        ObjectNode perThousand = cpu.putObject("perThousand");
        ObjectNode seconds = cpu.putObject("seconds");
        double total = 0;
        for (String part : after.keySet()) {
            double used = after.get(part) - before.getOrDefault(part, 0.0);
            seconds.put(part, round(used));
            perThousand.put(part, round(used / (submissions / 1000.0)));
            if (!part.equals(BENCH_PROCESS)) {
                total += used;
            }
        }
        seconds.put("total", round(total));
        perThousand.put("total", round(total / (submissions / 1000.0)));
        return cpu;
    }

    /** Waits until scoring holds an assessment and reporting a LIVE fact of {@code expected} authorities; seconds since {@code started} (NaN: not in time). */
    private double[] awaitDownstream(String campaign, long expected, long started, double timeoutSeconds) throws Exception {
        double scoringDone = Double.NaN;
        double reportingDone = Double.NaN;
        while (seconds(started) < timeoutSeconds) {
            if (Double.isNaN(scoringDone) && assessed(campaign) >= expected) {
                scoringDone = seconds(started);
            }
            if (Double.isNaN(reportingDone) && facts(campaign) >= expected) {
                reportingDone = seconds(started);
            }
            if (!Double.isNaN(scoringDone) && !Double.isNaN(reportingDone)) {
                break;
            }
            Thread.sleep(1000); // counting costs PostgreSQL a little: not more often
        }
        if (Double.isNaN(reportingDone)) {
            Console.warn("bench: reporting does not hold the " + expected + " facts of " + campaign + " after " + format(timeoutSeconds) + " s");
        }
        return new double[] {scoringDone, reportingDone};
    }

    private long assessed(String campaign) throws Exception {
        return floors.count("scoring", "select count(distinct siren) from assessment where campaign_code = ?", campaign);
    }

    private long facts(String campaign) throws Exception {
        return floors.count("reporting", "select count(*) from fact where source = 'LIVE' and campaign_code = ?", campaign);
    }

    private void progress(String phase, AtomicInteger sent, int size, String campaign) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(5000);
                Console.info("bench:   " + phase + ": " + sent.get() + "/" + size + " sent, scoring holds " + assessed(campaign)
                        + ", reporting " + facts(campaign));
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                Console.warn("bench: progress: " + e.getMessage());
            }
        }
    }

    // --- single submissions ----------------------------------------------------------------------------------------

    private void singleSubmissions() throws Exception {
        int count = settings.single();
        int warm = settings.warmUp();
        Console.info("bench: single submissions, " + count + " responses into " + singleCampaign + " (PUT + submission, If-Match,"
                + " Idempotency-Key) by partner " + PARTNER + ", " + settings.threads() + " threads, after " + warm + " to warm up");
        String previousScope = scopePartnerTo(sirens.subList(0, warm + count));
        Supplier<String> partner = fresh(() -> tokens.clientCredentials(PARTNER, PARTNER_SECRET)); // with the scope just set
        AtomicInteger failed = new AtomicInteger();
        double intake;
        double[] done;
        double floorBefore;
        Map<String, Double> cpuBefore;
        Map<String, Double> cpuAfter;
        try {
            if (warm > 0) {
                // the same work first, not measured: the services' code for it compiled by the JIT, as in a service
                // that has been running, and its downstream work and deliveries done before the measure starts
                long warmStart = System.nanoTime();
                submitEachOf(sirens.subList(0, warm), partner, "warm-up", new AtomicInteger());
                awaitDownstream(singleCampaign, warm, warmStart, 600);
                if (webhooks != null) {
                    webhooks.drain(System.nanoTime(), 120);
                }
                Console.info("bench:   warmed up by " + warm + " single submissions in " + format(seconds(warmStart)) + " s");
            }
            floorBefore = floorAroundSingle("before", count);
            statements.reset();
            cpuBefore = cpu();
            long started = System.nanoTime();
            submitEachOf(sirens.subList(warm, warm + count), partner, "single submissions", failed);
            long intakeEnd = System.nanoTime();
            intake = seconds(started);
            done = awaitDownstream(singleCampaign, warm + count - failed.get(), started, Math.max(600, 10 * intake));
            drainWebhooks("afterSingle", intakeEnd, intake);
            cpuAfter = cpu();
        } finally {
            // the partner's scope as it was, once the submissions' webhooks are delivered under the scope they were made in
            restorePartnerScope(previousScope);
        }
        int accepted = count - failed.get();
        object(figures, "statements").set("single", statements.read(STATEMENTS_SHOWN));
        double floorAfter = floorAroundSingle("after", count);
        object(figures, "floors").putObject("aroundSingle").put("responses", 2 * count)
                .put("secondsBefore", round(floorBefore)).put("secondsAfter", round(floorAfter))
                .put("perSecond", round(2 * count / (floorBefore + floorAfter)));
        ObjectNode single = figures.putObject("single");
        single.put("responses", count).put("warmUp", warm).put("failed", failed.get()).put("seconds", round(intake))
                .put("perSecond", round(accepted / intake)).put("scoringDoneSeconds", round(done[0])).put("reportingDoneSeconds", round(done[1]));
        single.set("cpu", cpuUsed(cpuBefore, cpuAfter, accepted));
        Console.info("bench:   " + format(accepted / intake) + " submissions/s");
    }

    // --- the webhooks' cost within one run -------------------------------------------------------------------------

    /**
     * Four blocks of single submissions after the measured ones (another {@code webhooksAb} authorities each): with
     * webhooks flowing, without (every delivery made, then the subscriptions deleted), without, with (subscribed
     * again). The same path, minutes apart on the same machine, in an order that weighs a drift of the machine or of
     * the database's size on both sides alike: what the webhooks cost it, without the spread of two runs. Each block's
     * rate, and its CPU once its downstream work and its deliveries are done; the mean of each side's two blocks.
     */
    private void webhooksAb() throws Exception {
        int n = settings.webhooksAb();
        if (n == 0 || webhooks == null || !webhooks.subscribed()) {
            return;
        }
        int from = settings.warmUp() + settings.single();
        List<String> authorities = sirens.subList(from, from + 4 * n);
        Console.info("bench: the webhooks' cost within the run: 4 blocks of " + n + " single submissions into " + singleCampaign
                + ", with webhooks flowing, without, without, with");
        String previousScope = scopePartnerTo(authorities);
        Supplier<String> partner = fresh(() -> tokens.clientCredentials(PARTNER, PARTNER_SECRET));
        boolean[] flowing = {true, false, false, true};
        ObjectNode ab = figures.putObject("webhooksAb");
        ab.put("blockSize", n);
        ArrayNode blocks = ab.putArray("blocks");
        double[][] rates = new double[2][2];
        double[][] cpus = new double[2][2];
        int[] made = new int[2];
        try {
            for (int b = 0; b < flowing.length; b++) {
                if (flowing[b] && !webhooks.subscribed()) {
                    webhooks.subscribe();
                } else if (!flowing[b] && webhooks.subscribed()) {
                    webhooks.drain(System.nanoTime(), 120);
                    webhooks.unsubscribe();
                }
                long held = assessed(singleCampaign);
                long events = surveyEvents(singleCampaign);
                AtomicInteger failed = new AtomicInteger();
                String phase = "block " + (b + 1) + (flowing[b] ? ", webhooks flowing" : ", no webhooks");
                Map<String, Double> cpuBefore = cpu();
                long started = System.nanoTime();
                submitEachOf(authorities.subList(b * n, (b + 1) * n), partner, phase, failed);
                long end = System.nanoTime();
                double seconds = seconds(started);
                awaitDownstream(singleCampaign, held + n - failed.get(), started, Math.max(600, 10 * seconds));
                if (flowing[b]) {
                    webhooks.drain(end, Math.max(120, 3 * seconds));
                }
                int accepted = n - failed.get();
                ObjectNode cpu = cpuUsed(cpuBefore, cpu(), accepted);
                double rate = accepted / seconds;
                ObjectNode block = blocks.addObject().put("webhooks", flowing[b]).put("responses", n).put("failed", failed.get())
                        .put("seconds", round(seconds)).put("perSecond", round(rate)).put("surveyEvents", surveyEvents(singleCampaign) - events);
                block.set("cpu", cpu);
                int side = flowing[b] ? 0 : 1;
                rates[side][made[side]] = rate;
                cpus[side][made[side]++] = cpu.at("/perThousand/total").asDouble();
                Console.info("bench:   " + phase + ": " + format(rate) + " submissions/s, " + format(cpu.at("/perThousand/total").asDouble())
                        + " CPU-s per 1,000");
            }
        } finally {
            if (!webhooks.subscribed()) {
                webhooks.subscribe(); // the later phases as the run began them
            }
            restorePartnerScope(previousScope);
        }
        double with = (rates[0][0] + rates[0][1]) / 2;
        double without = (rates[1][0] + rates[1][1]) / 2;
        double cpuWith = (cpus[0][0] + cpus[0][1]) / 2;
        double cpuWithout = (cpus[1][0] + cpus[1][1]) / 2;
        ab.put("perSecondWith", round(with)).put("perSecondWithout", round(without)).put("rateCost", BenchReport.round((without - with) / without))
                .put("cpuPerThousandWith", round(cpuWith)).put("cpuPerThousandWithout", round(cpuWithout))
                .put("cpuCost", BenchReport.round((cpuWith - cpuWithout) / cpuWithout));
        Console.info("bench:   with webhooks " + format(with) + "/s, without " + format(without) + "/s: they cost "
                + format(100 * (without - with) / without) + " % of the rate, " + format(100 * (cpuWith - cpuWithout) / cpuWithout) + " % of the CPU");
    }

    /** The webhook events survey-service has written about a campaign (none while nobody subscribes). */
    private long surveyEvents(String campaign) throws Exception {
        return floors.count("survey", "select count(*) from webhook_event where campaign = ?", campaign);
    }

    private String partnerScopeUrl() {
        return target.surveyUrl() + "/partners/" + PARTNER + "/scope";
    }

    /**
     * Puts {@code authorities} in {@link #SINGLE_NETWORK} and the partner's scope on that network (a token fetched
     * after it carries it); returns the scope as it was, for {@link #restorePartnerScope}.
     */
    private String scopePartnerTo(List<String> authorities) throws Exception {
        String previous = expect(send("GET", partnerScopeUrl(), admin.get(), null, Map.of()), "GET partner scope").body();
        giveNetwork(authorities);
        expect(send("PUT", partnerScopeUrl(), admin.get(), Http.JSON.writeValueAsString(Map.of("networks", List.of(SINGLE_NETWORK),
                "sirens", List.of())), Map.of()), "PUT partner scope");
        return previous;
    }

    private void restorePartnerScope(String previous) throws Exception {
        send("PUT", partnerScopeUrl(), admin.get(), previous, Map.of());
    }

    /** PUT + submission for each authority, by the partner, on the client threads; the failures counted (three said). */
    private void submitEachOf(List<String> authorities, Supplier<String> partner, String phase, AtomicInteger failed) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        Thread progress = daemon("bench-progress", () -> progress(phase, sent, authorities.size(), singleCampaign));
        try {
            Floors.parallel(settings.threads(), () -> {
                int i;
                while ((i = next.getAndIncrement()) < authorities.size()) {
                    String url = target.surveyUrl() + "/campaigns/" + singleCampaign + "/responses/" + authorities.get(i);
                    HttpResponse<String> put = send("PUT", url, partner.get(), "{\"answers\":" + answerVariants[i % 15] + "}", Map.of());
                    String etag = put.headers().firstValue("ETag").orElse("");
                    HttpResponse<String> submitted = put.statusCode() / 100 == 2
                            ? send("POST", url + "/submission", partner.get(), "", Map.of("If-Match", etag, "Idempotency-Key", UUID.randomUUID().toString()))
                            : put;
                    if (submitted.statusCode() / 100 != 2) {
                        if (failed.incrementAndGet() <= 3) {
                            Console.warn("bench: " + phase + " of " + authorities.get(i) + ": " + submitted.statusCode() + " " + submitted.body());
                        }
                    }
                    sent.incrementAndGet();
                }
                return null;
            });
        } finally {
            progress.interrupt();
        }
    }

    /** Puts the authorities in {@link #SINGLE_NETWORK} (keeping their other networks), so that the partner's scope covers them. */
    private void giveNetwork(List<String> authorities) throws Exception {
        AtomicInteger next = new AtomicInteger();
        Floors.parallel(settings.threads(), () -> {
            int i;
            while ((i = next.getAndIncrement()) < authorities.size()) {
                String url = target.surveyUrl() + "/collectivities/" + authorities.get(i);
                JsonNode current = Http.JSON.readTree(expect(send("GET", url, admin.get(), null, Map.of()), "GET " + url).body());
                List<String> networks = new ArrayList<>();
                current.path("networks").forEach(n -> networks.add(n.asText()));
                if (!networks.contains(SINGLE_NETWORK)) {
                    networks.add(SINGLE_NETWORK);
                    expect(send("PATCH", url, admin.get(), Http.JSON.writeValueAsString(Map.of("networks", networks)), Map.of()), "PATCH " + url);
                }
            }
            return null;
        });
    }

    // --- reads -------------------------------------------------------------------------------------------------------

    private void reads() throws Exception {
        String barometer = target.reportingUrl() + "/barometers/" + batchCampaign;
        ObjectNode r = figures.putObject("reads");
        Console.info("bench: reads on reporting-service, " + settings.threads() + " threads, " + settings.readSeconds() + " s each");
        cachedAgainstHealth(r, barometer);
        List<String> filters = filters();
        List<Double> uncached = new ArrayList<>();
        for (String filter : filters.subList(0, UNCACHED_SAMPLES)) {
            uncached.add(timed(barometer + "?" + filter));
        }
        r.putObject("uncachedLatency").put("samples", uncached.size())
                .put("p50Ms", round(Percentiles.of(uncached, 50))).put("p99Ms", round(Percentiles.of(uncached, 99)));
        AtomicInteger nextFilter = new AtomicInteger(UNCACHED_SAMPLES);
        r.set("uncached", throughput(() -> barometer + "?" + filters.get(nextFilter.getAndIncrement() % filters.size()), analyst.get()));
        String maturity = firstQuestion("MATURITY");
        String choice = firstQuestion("SINGLE_CHOICE");
        List<Double> strata = new ArrayList<>();
        List<Double> question = new ArrayList<>();
        List<Double> cross = new ArrayList<>();
        for (String region : REGIONS.subList(0, ANALYSIS_SAMPLES)) {
            strata.add(timed(barometer + "/strata?region=" + region));
            question.add(timed(barometer + "/questions/" + encode(maturity) + "?region=" + region));
            cross.add(timed(barometer + "/cross?question=" + encode(choice) + "&region=" + region));
        }
        r.put("strataMs", round(Percentiles.of(strata, 50))).put("questionMs", round(Percentiles.of(question, 50)))
                .put("crossMs", round(Percentiles.of(cross, 50))).put("csvMs", round(timed(barometer + "/export.csv")));   // once: it takes no filter, and a second read is cached
        Console.info("bench:   health " + format(r.at("/health/perSecond").asDouble()) + "/s, cached " + format(r.at("/cached/perSecond").asDouble())
                + "/s, uncached " + format(r.at("/uncached/perSecond").asDouble()) + "/s");
    }

    /**
     * The cached read against {@code /q/health/live}, measured alike: the same client and threads, a warm-up
     * of each first (JIT, connections, the figures cached), then {@link #READ_ROUNDS} rounds of both, their
     * order alternating so that a change of the machine's load weighs on both; each round gives a ratio, and
     * the figures kept are the medians ({@code cachedRatio} holds every round's ratio).
     */
    private void cachedAgainstHealth(ObjectNode r, String barometer) throws Exception {
        Supplier<String> health = () -> target.reportingUrl() + "/q/health/live";
        long measureMs = Math.max(1000, settings.readSeconds() * 1000L / 2);
        throughput(health, null, 1000);
        throughput(() -> barometer, analyst.get(), 1000);
        List<ObjectNode> healths = new ArrayList<>();
        List<ObjectNode> cacheds = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < READ_ROUNDS; round++) {
            ObjectNode h;
            ObjectNode c;
            if (round % 2 == 0) {
                h = throughput(health, null, measureMs);
                c = throughput(() -> barometer, analyst.get(), measureMs);
            } else {
                c = throughput(() -> barometer, analyst.get(), measureMs);
                h = throughput(health, null, measureMs);
            }
            healths.add(h);
            cacheds.add(c);
            ratios.add(c.path("perSecond").asDouble() / h.path("perSecond").asDouble());
        }
        r.set("health", median(healths));
        r.set("cached", median(cacheds));
        ObjectNode ratio = r.putObject("cachedRatio");
        ratio.put("rounds", READ_ROUNDS).put("secondsEach", measureMs / 1000.0).put("median", round(Percentiles.of(ratios, 50)));
        com.fasterxml.jackson.databind.node.ArrayNode perRound = ratio.putArray("perRound");
        ratios.forEach(v -> perRound.add(round(v)));
        Console.info("bench:   cached-read ratio measured apart: " + format(Percentiles.of(ratios, 50)) + " (median of " + READ_ROUNDS
                + " rounds, " + ratios.stream().map(BenchWorkload::format).toList() + ")");
    }

    /** The measure of the median reads per second among several. */
    private static ObjectNode median(List<ObjectNode> measures) {
        List<ObjectNode> sorted = new ArrayList<>(measures);
        sorted.sort(java.util.Comparator.comparingDouble(m -> m.path("perSecond").asDouble()));
        return sorted.get(sorted.size() / 2);
    }

    /** Filters of the barometer, each different (stratum, kind, region, network), in a fixed shuffled order. */
    static List<String> filters() {
        List<String> filters = new ArrayList<>();
        List<String> strata = List.of("", "S1", "S2", "S3", "S4", "S5", "S6");
        for (String network : prepend(NETWORKS)) {
            for (String region : prepend(REGIONS)) {
                for (String kind : prepend(KINDS)) {
                    for (String stratum : strata) {
                        List<String> parts = new ArrayList<>();
                        if (!stratum.isEmpty()) {
                            parts.add("stratum=" + stratum);
                        }
                        if (!kind.isEmpty()) {
                            parts.add("kind=" + kind);
                        }
                        if (!region.isEmpty()) {
                            parts.add("region=" + region);
                        }
                        if (!network.isEmpty()) {
                            parts.add("network=" + network);
                        }
                        if (!parts.isEmpty()) {
                            filters.add(String.join("&", parts));
                        }
                    }
                }
            }
        }
        Collections.shuffle(filters, new Random(12));
        return filters;
    }

    private static List<String> prepend(List<String> values) {
        List<String> all = new ArrayList<>();
        all.add("");
        all.addAll(values);
        return all;
    }

    private String firstQuestion(String type) {
        for (JsonNode theme : questionnaire.path("themes")) {
            for (JsonNode q : theme.path("questions")) {
                if (type.equals(q.path("type").asText())) {
                    return q.path("code").asText();
                }
            }
        }
        throw new IllegalStateException("No " + type + " question in the questionnaire");
    }

    /** One GET's duration in ms (a non-2xx answer is said, and still timed). */
    private double timed(String url) throws Exception {
        long t = System.nanoTime();
        HttpResponse<String> reply = send("GET", url, analyst.get(), null, Map.of());
        double ms = (System.nanoTime() - t) / 1e6;
        if (reply.statusCode() != 200) {
            Console.warn("bench: GET " + url + " answered " + reply.statusCode());
        }
        return ms;
    }

    /** GETs by {@code threads} threads for the read seconds: successful reads per second, p50/p99 latency, errors. */
    private ObjectNode throughput(Supplier<String> urls, String token) throws Exception {
        return throughput(urls, token, settings.readSeconds() * 1000L);
    }

    /** GETs by {@code threads} threads for {@code millis}: successful reads per second, p50/p99 latency, errors. */
    private ObjectNode throughput(Supplier<String> urls, String token, long millis) throws Exception {
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long started = System.nanoTime();
        Floors.parallel(settings.threads(), () -> {
            while (System.nanoTime() < deadline) {
                long t = System.nanoTime();
                int status = send("GET", urls.get(), token, null, Map.of()).statusCode();
                latencies.add((System.nanoTime() - t) / 1e6);
                (status == 200 ? ok : errors).incrementAndGet();
            }
            return null;
        });
        double elapsed = seconds(started);
        ObjectNode n = Http.JSON.createObjectNode();
        List<Double> l = new ArrayList<>(latencies);
        n.put("reads", ok.get()).put("errors", errors.get()).put("perSecond", round(ok.get() / elapsed))
                .put("p50Ms", round(Percentiles.of(l, 50))).put("p99Ms", round(Percentiles.of(l, 99)));
        return n;
    }

    // --- rescoring ----------------------------------------------------------------------------------------------------

    private void rescoring() throws Exception {
        String model = "bench-" + stamp;
        long accepted = assessed(batchCampaign);
        Console.info("bench: rescoring " + batchCampaign + " (" + accepted + " authorities) under " + model + ", a copy of barometre-v1");
        expect(send("POST", target.scoringUrl() + "/models", admin.get(), "{\"id\":\"" + model + "\"}", Map.of()), "POST /models");
        long started = System.nanoTime();
        JsonNode job = Http.JSON.readTree(expect(send("POST", target.scoringUrl() + "/campaigns/" + batchCampaign + "/rescoring", admin.get(),
                "{\"model\":\"" + model + "\"}", Map.of()), "POST rescoring").body());
        String state = job.path("state").asText();
        long nextProgress = System.nanoTime() + 5_000_000_000L;
        while ("RUNNING".equals(state)) {
            Thread.sleep(200);
            job = Http.JSON.readTree(expect(send("GET", target.scoringUrl() + "/jobs/" + job.path("id").asText(), admin.get(), null, Map.of()),
                    "GET job").body());
            state = job.path("state").asText();
            if (System.nanoTime() > nextProgress) {
                Console.info("bench:   rescoring: " + job.path("done").asInt() + "/" + job.path("total").asInt());
                nextProgress = System.nanoTime() + 5_000_000_000L;
            }
        }
        long jobEnd = System.nanoTime();
        double seconds = seconds(started);
        // the new facts reach reporting before the floor runs, so that it has the machine to itself
        double reportingDone = Double.NaN;
        while (seconds(started) < Math.max(600, 10 * seconds)) {
            if (floors.count("reporting", "select count(*) from fact where source = 'LIVE' and campaign_code = ? and model = '" + model + "'",
                    batchCampaign) >= accepted) {
                reportingDone = seconds(started);
                break;
            }
            Thread.sleep(200);
        }
        drainWebhooks("afterRescoring", jobEnd, seconds);
        Console.info("bench:   rescoring " + state + " in " + format(seconds) + " s; the floor: the same submissions read,"
                + " assessments and outbox rows written by batched JDBC");
        double[] floor = floors.rescore("scoring", "bench_floor_scoring", batchCampaign,
                floors.assessmentTemplates("scoring", batchCampaign, 50));
        figures.putObject("rescoring").put("state", state).put("assessments", job.path("done").asInt()).put("seconds", round(seconds))
                .put("reportingDoneSeconds", round(reportingDone)).put("floorSeconds", round(floor[0])).put("floorRows", (long) floor[1]);
    }

    // --- memory, end state, machine -------------------------------------------------------------------------------------

    private void sampleRss() {
        while (!Thread.currentThread().isInterrupted()) {
            target.servicePids().forEach((name, pid) -> peakRss.merge(name, ProcStats.memory(pid, "VmRSS"), Math::max));
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void memory() {
        ObjectNode peak = object(figures, "rss").putObject("peakMb");
        ObjectNode sampled = object(figures, "rss").putObject("sampledPeakMb");
        target.servicePids().forEach((name, pid) -> {
            long hwm = ProcStats.memory(pid, "VmHWM");
            peak.put(name, round(Math.max(hwm, peakRss.getOrDefault(name, 0L)) / 1048576.0));
            sampled.put(name, round(peakRss.getOrDefault(name, 0L) / 1048576.0));
        });
    }

    private void end() throws Exception {
        ObjectNode e = figures.putObject("end");
        e.put("batchAssessed", assessed(batchCampaign)).put("batchFacts", facts(batchCampaign))
                .put("singleAssessed", assessed(singleCampaign)).put("singleFacts", facts(singleCampaign));
        if (webhooks != null) {
            object(figures, "webhooks").setAll(webhooks.figures());
        }
        // read before the subscriptions are deleted (their deliveries with them)
        figures.set("rows", BenchWebhooks.rows(floors));
    }

    // --- webhooks -------------------------------------------------------------------------------------------------------

    /**
     * Waits for the deliveries of the phase whose intake ended at {@code endNanos} (at most three times the intake's
     * {@code seconds}, two minutes at least), so that the phase's CPU and statements include them, and notes when the
     * last one arrived ({@code figures.webhooks.<phase>}). Nothing without webhooks.
     */
    private void drainWebhooks(String phase, long endNanos, double seconds) throws Exception {
        if (webhooks == null) {
            return;
        }
        ObjectNode drained = webhooks.drain(endNanos, Math.max(120, 3 * seconds));
        object(figures, "webhooks").set(phase, drained);
        Console.info("bench:   webhooks: last delivery received " + format(drained.path("lastReceivedSeconds").asDouble())
                + " s after the intake's end, none pending after " + format(drained.path("drainedSeconds").asDouble(Double.NaN)) + " s");
    }

    /** CPU seconds used so far by each service process and by PostgreSQL (the postmaster and all its children). */
    private double postgresCpu() {
        return target.postgresPid() > 0 ? ProcStats.treeCpuSeconds(target.postgresPid()) : Double.NaN;
    }

    private Map<String, Double> cpu() {
        Map<String, Double> cpu = new LinkedHashMap<>();
        target.servicePids().forEach((name, pid) -> cpu.put(name, ProcStats.cpuSeconds(pid)));
        if (target.postgresPid() > 0) {
            cpu.put("postgresql", postgresCpu());
        }
        cpu.put(BENCH_PROCESS, ProcStats.cpuSeconds(ProcessHandle.current().pid()));
        return cpu;
    }

    private static ObjectNode machine(String when) {
        ObjectNode m = Http.JSON.createObjectNode();
        if (when.equals("Start")) {
            m.put("cores", Runtime.getRuntime().availableProcessors());
            ProcStats.meminfo("MemTotal").ifPresent(v -> m.put("memoryMb", v / 1048576));
            m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
            m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
            m.put("date", Instant.now().toString());
        } else {
            m.put("endDate", Instant.now().toString());
        }
        m.set("loadAverage" + when, Http.JSON.valueToTree(ProcStats.loadAverage()));
        return m;
    }

    // --- HTTP --------------------------------------------------------------------------------------------------------------

    private HttpResponse<String> send(String method, String url, String token, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .header("Accept", "application/json, application/problem+json, text/csv")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpResponse<String> reply, String what) {
        if (reply.statusCode() / 100 != 2) {
            throw new IllegalStateException(what + " answered " + reply.statusCode() + ": " + reply.body());
        }
        return reply;
    }

    /** A token, fetched again once it is two minutes old (the realm's tokens live five). */
    private static Supplier<String> fresh(Fetch fetch) {
        return new Supplier<>() {
            private String token;
            private long fetchedAt;

            @Override
            public synchronized String get() {
                if (token == null || System.nanoTime() - fetchedAt > 120_000_000_000L) {
                    try {
                        token = fetch.token();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    fetchedAt = System.nanoTime();
                }
                return token;
            }
        };
    }

    private interface Fetch {
        String token() throws IOException;
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static ObjectNode object(ObjectNode parent, String name) {
        JsonNode child = parent.get(name);
        return child instanceof ObjectNode o ? o : parent.putObject(name);
    }

    /** A figure that could not be measured (NaN) is written as null. */
    static void nanToNull(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode child = node.get(name);
            if (child instanceof ObjectNode o) {
                nanToNull(o);
            } else if (child instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
                array.forEach(element -> {
                    if (element instanceof ObjectNode o) {
                        nanToNull(o);
                    }
                });
            } else if (child.isNumber() && Double.isNaN(child.asDouble())) {
                node.putNull(name);
            }
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? Double.NaN : Math.round(v * 100) / 100.0;
    }

    private static String format(double v) {
        return BenchRatios.format(v);
    }
}
