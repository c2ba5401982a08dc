package fr.barometre.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** A bench run's figures as text (a table, then the ratios) and as JSON files under the data folder. */
final class BenchReport {

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    private BenchReport() {
    }

    /**
     * Writes the report as {@code <data>/bench/<UTC time>.json} and {@code <data>/bench/latest.json};
     * returns the first.
     */
    static Path write(Path dataDir, JsonNode report, ZonedDateTime when) throws IOException {
        Path folder = dataDir.resolve("bench");
        Files.createDirectories(folder);
        String text = Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n";
        Path file = folder.resolve(when.withZoneSameInstant(ZoneOffset.UTC).format(FILE_TIME) + ".json");
        Files.writeString(file, text);
        Files.writeString(folder.resolve("latest.json"), text);
        return file;
    }

    /** The figures, one line each, then the ratios against the targets, each with pass or miss. */
    static String text(JsonNode report) {
        JsonNode f = report.path("figures");
        StringBuilder out = new StringBuilder("\nFigures\n");
        row(out, "per-response floor", f.at("/floors/perResponse/perSecond"), "responses/s");
        row(out, "batched floor", f.at("/floors/batched/perSecond"), "responses/s");
        row(out, "  PostgreSQL CPU-s per 1,000, per-response floor", f.at("/floors/perResponse/postgresCpuPerThousand"), "");
        row(out, "  PostgreSQL CPU-s per 1,000, batched floor", f.at("/floors/batched/postgresCpuPerThousand"), "");
        row(out, "batch intake", f.at("/batch/perSecond"), "responses/s (" + f.at("/batch/responses").asText() + " in "
                + f.at("/batch/seconds").asText() + " s)");
        row(out, "  scoring holds all after", f.at("/batch/scoringDoneSeconds"), "s");
        row(out, "  reporting holds all after", f.at("/batch/reportingDoneSeconds"), "s");
        row(out, "single submissions", f.at("/single/perSecond"), "responses/s (" + f.at("/single/responses").asText() + ")");
        row(out, "  per-response floor around them", f.at("/floors/aroundSingle/perSecond"), "responses/s ("
                + f.at("/floors/aroundSingle/secondsBefore").asText() + " s and " + f.at("/floors/aroundSingle/secondsAfter").asText() + " s)");
        row(out, "  single / per-response floor of before batch", Http.JSON.getNodeFactory().numberNode(
                round(BenchRatios.singleToEarlyFloor(f))), "(the ratio's denominator until 2026-12-02)");
        row(out, "GET /barometers during ingest p50", f.at("/duringIngest/p50Ms"), "ms");
        row(out, "GET /barometers during ingest p99", f.at("/duringIngest/p99Ms"), "ms");
        row(out, "/q/health/live", f.at("/reads/health/perSecond"), "reads/s");
        row(out, "GET /barometers cached", f.at("/reads/cached/perSecond"), "reads/s");
        row(out, "GET /barometers uncached", f.at("/reads/uncached/perSecond"), "reads/s");
        row(out, "GET /barometers uncached p50", f.at("/reads/uncachedLatency/p50Ms"), "ms");
        row(out, "GET /barometers uncached p99", f.at("/reads/uncachedLatency/p99Ms"), "ms");
        row(out, "/strata", f.at("/reads/strataMs"), "ms");
        row(out, "/questions/{q}", f.at("/reads/questionMs"), "ms");
        row(out, "/cross", f.at("/reads/crossMs"), "ms");
        row(out, "/export.csv", f.at("/reads/csvMs"), "ms");
        row(out, "rescoring", f.at("/rescoring/seconds"), "s");
        row(out, "rescoring floor (batched JDBC)", f.at("/rescoring/floorSeconds"), "s");
        f.at("/cpu/perThousand").fields().forEachRemaining(e -> row(out, "CPU-s per 1,000, " + e.getKey(), e.getValue(), ""));
        f.at("/single/cpu/perThousand").fields().forEachRemaining(e -> row(out, "single: CPU-s per 1,000, " + e.getKey(), e.getValue(), ""));
        f.at("/rss/peakMb").fields().forEachRemaining(e -> row(out, "peak RSS, " + e.getKey(), e.getValue(), "MB"));
        webhooks(out, f.path("webhooks"));
        webhooksAb(out, f.path("webhooksAb"));
        rows(out, f.path("rows"));
        f.path("statements").fields().forEachRemaining(phase -> statements(out, phase.getKey(), phase.getValue()));
        JsonNode m = report.path("machine");
        out.append(String.format(Locale.ROOT, "%nMachine: %s cores, %s MB, load average %s at start, %s at the end; %s; Java %s%n",
                m.path("cores").asText(), m.path("memoryMb").asText(), m.path("loadAverageStart"), m.path("loadAverageEnd"),
                m.path("date").asText(), m.path("java").asText()));
        out.append("\nRatios (targets of the national edition)\n");
        List<BenchRatios.Ratio> ratios = BenchRatios.of(f);
        for (BenchRatios.Ratio r : ratios) {
            out.append(String.format(Locale.ROOT, "  %-44s %12s   target %-10s %s%n", r.name(), r.valueText(), r.targetText(),
                    r.pass() ? "pass" : "MISS"));
        }
        long passed = ratios.stream().filter(BenchRatios.Ratio::pass).count();
        out.append(String.format(Locale.ROOT, "  %d of %d targets met%n", passed, ratios.size()));
        JsonNode c = report.path("comparison");
        if (!c.isMissingNode()) {
            out.append(comparisonText(c));
        }
        return out.toString();
    }

    /**
     * The run's ratios against those of an earlier run's report ({@code source}, as it was given), for the report's
     * {@code comparison}: each value, the baseline's, the cost and whether it is within {@link BenchRatios#COST_LIMIT}.
     */
    static ObjectNode comparison(JsonNode report, JsonNode baseline, String source) {
        return comparison(List.of(report), List.of(baseline), source);
    }

    /**
     * The median of {@code runs}' ratios against the median of {@code baselines}' (reports of runs of the code
     * before a change, or without webhooks; {@code source} names them as they were given): each value, the
     * baseline's, the cost, whether it is within {@link BenchRatios#COST_LIMIT}, and, for a side of two runs or
     * more, how far its runs are apart (the spread: what the same code moves from one run to the next).
     */
    static ObjectNode comparison(List<JsonNode> runs, List<JsonNode> baselines, String source) {
        ObjectNode c = Http.JSON.createObjectNode();
        c.put("baseline", source).put("limit", BenchRatios.COST_LIMIT).put("runs", runs.size()).put("baselineRuns", baselines.size());
        if (baselines.size() == 1) {
            c.put("baselineDate", baselines.get(0).at("/machine/date").asText("?"));
        }
        List<JsonNode> now = runs.stream().map(r -> r.path("figures")).toList();
        List<JsonNode> before = baselines.stream().map(r -> r.path("figures")).toList();
        c.put("within", compared(c.putArray("ratios"), now, before, BenchRatios::of, true));
        compared(c.putArray("parts"), now, before, BenchRatios::parts, false);
        BenchWorkload.nanToNull(c);
        return c;
    }

    /**
     * Each figure {@code measure} takes from the runs: the medians of both sides, the cost and, when {@code judged},
     * whether it is within the limit; each side's spread. Returns how many are within (0 when not judged).
     */
    private static int compared(ArrayNode out, List<JsonNode> now, List<JsonNode> before,
                                Function<JsonNode, List<BenchRatios.Ratio>> measure, boolean judged) {
        double[] spread = BenchRatios.spreads(now, measure);
        double[] baselineSpread = BenchRatios.spreads(before, measure);
        int within = 0;
        int i = 0;
        for (BenchRatios.Comparison r : BenchRatios.compare(BenchRatios.medians(now, measure), BenchRatios.medians(before, measure))) {
            ObjectNode figure = out.addObject().put("name", r.name()).put("value", round(r.value())).put("baseline", round(r.baseline()))
                    .put("unit", r.unit()).put("cost", round(r.cost()));
            if (judged) {
                figure.put("within", r.within());
                within += r.within() ? 1 : 0;
            }
            if (now.size() > 1) {
                figure.put("spread", round(spread[i]));
            }
            if (before.size() > 1) {
                figure.put("baselineSpread", round(baselineSpread[i]));
            }
            i++;
        }
        return within;
    }

    /** The blocks with and without webhooks of one run ({@code --webhooks-ab}), and what the webhooks cost by them. */
    private static void webhooksAb(StringBuilder out, JsonNode ab) {
        if (!ab.path("blocks").isArray()) {
            return;
        }
        out.append(String.format(Locale.ROOT, "%nThe webhooks' cost within the run: blocks of %s single submissions%n", ab.path("blockSize").asText()));
        int i = 1;
        for (JsonNode block : ab.path("blocks")) {
            out.append(String.format(Locale.ROOT, "  block %d, %-18s %12s responses/s   %s CPU-s per 1,000%n", i++,
                    block.path("webhooks").asBoolean() ? "webhooks flowing" : "no webhooks", measure(block.path("perSecond"), ""),
                    measure(block.at("/cpu/perThousand/total"), "")));
        }
        out.append(String.format(Locale.ROOT, "  with %s/s, without %s/s: the webhooks cost %s of the rate; CPU-s per 1,000 %s against %s: %s%n",
                measure(ab.path("perSecondWith"), ""), measure(ab.path("perSecondWithout"), ""), percent(ab.path("rateCost")),
                measure(ab.path("cpuPerThousandWith"), ""), measure(ab.path("cpuPerThousandWithout"), ""), percent(ab.path("cpuCost"))));
    }

    private static String percent(JsonNode fraction) {
        return fraction.isNumber() ? BenchRatios.format(fraction.asDouble() * 100) + " %" : "n/a";
    }

    /** A comparison ({@link #comparison}) as the bench prints it. */
    static String comparisonText(JsonNode c) {
        StringBuilder out = new StringBuilder();
        int runs = c.path("runs").asInt(1);
        int baselineRuns = c.path("baselineRuns").asInt(1);
        String limit = BenchRatios.format(c.path("limit").asDouble() * 100);
        if (runs == 1 && baselineRuns == 1) {
            out.append(String.format(Locale.ROOT, "%nAgainst %s (the run of %s): what this run costs each ratio, at most %s %%%n",
                    c.path("baseline").asText(), c.path("baselineDate").asText("?"), limit));
        } else {
            out.append(String.format(Locale.ROOT, "%nThe median of %d run%s against the median of %d (%s): what the change costs each ratio,"
                    + " at most %s %%; the spread of a side is (largest − smallest) / median of its runs%n",
                    runs, runs == 1 ? "" : "s", baselineRuns, c.path("baseline").asText(), limit));
        }
        c.path("ratios").forEach(r -> compared(out, r));
        out.append(String.format(Locale.ROOT, "  %d of %d ratios within %s %% of the baseline's%n", c.path("within").asInt(),
                c.path("ratios").size(), limit));
        if (c.path("parts").size() > 0) {
            out.append(String.format(Locale.ROOT, "The figures the ratios are made of: the suite's, and the floors' (the same statements"
                    + " whatever the suite's code: what they move is the machine)%n"));
            c.path("parts").forEach(r -> compared(out, r));
        }
        return out.toString();
    }

    /** One compared figure: its value, the baseline's, the cost, whether within (a ratio's only) and the spreads. */
    private static void compared(StringBuilder out, JsonNode r) {
        double cost = r.path("cost").asDouble(Double.NaN);
        JsonNode within = r.path("within");
        out.append(String.format(Locale.ROOT, "  %-44s %12s   was %-10s cost %8s%s%s%n", r.path("name").asText(),
                measure(r.path("value"), r.path("unit").asText()), measure(r.path("baseline"), r.path("unit").asText()),
                Double.isNaN(cost) ? "n/a" : BenchRatios.format(cost * 100) + " %",
                within.isBoolean() ? String.format(Locale.ROOT, "   %-6s", within.asBoolean() ? "within" : "OVER") : "", spreads(r)));
    }

    private static String spreads(JsonNode ratio) {
        StringBuilder s = new StringBuilder();
        for (String[] side : new String[][] {{"spread", "spread"}, {"baselineSpread", "baseline's"}}) {
            JsonNode v = ratio.path(side[0]);
            if (v.isNumber()) {
                s.append(String.format(Locale.ROOT, "   %s %s %%", side[1], BenchRatios.format(v.asDouble() * 100)));
            }
        }
        return s.toString();
    }

    /** Four decimals (a ratio, a cost as a fraction); NaN stays NaN. */
    static double round(double v) {
        return Double.isNaN(v) ? Double.NaN : Math.round(v * 10_000) / 10_000.0;
    }

    /** The costliest statements of one phase: share of PostgreSQL's execution time, calls, mean, database, statement. */
    private static void statements(StringBuilder out, String phase, JsonNode stats) {
        out.append(String.format(Locale.ROOT, "%nPostgreSQL during the %s phase: %s s executing statements, %s MB of WAL, %s checkpoints%n", phase,
                BenchRatios.format(stats.path("totalExecMs").asDouble() / 1000), BenchRatios.format(stats.path("walMb").asDouble()),
                stats.path("checkpoints").asText("?")));
        for (JsonNode s : stats.path("top")) {
            String query = s.path("query").asText();
            out.append(String.format(Locale.ROOT, "  %5.1f %% %9d calls %9.2f ms  %-10s %s%n", s.path("share").asDouble() * 100,
                    s.path("calls").asLong(), s.path("meanMs").asDouble(), s.path("database").asText(),
                    query.length() > 110 ? query.substring(0, 110) + "…" : query));
        }
    }

    /** The phases after which the deliveries are waited for, as {@link BenchWorkload} names them, and their words. */
    private static final List<String[]> DRAINS = List.of(new String[] {"afterBatch", "batch intake"},
            new String[] {"afterSingle", "single submissions"}, new String[] {"afterRescoring", "rescoring"});

    /**
     * The webhooks the bench's receiver took: each service's subscription (or why there is none), the requests and
     * distinct webhook-ids per event type, the duplicates, and when the last delivery of each phase arrived.
     */
    private static void webhooks(StringBuilder out, JsonNode w) {
        if (w.isMissingNode()) {
            return; // a run from before webhooks
        }
        if (!w.path("enabled").asBoolean()) {
            out.append("\nWebhooks: none subscribed (--no-webhooks)\n");
            return;
        }
        out.append("\nWebhooks (a receiver of the bench's, subscribed by ").append(BenchWorkload.PARTNER).append(" to every event)\n");
        w.path("subscriptions").fields().forEachRemaining(e ->
                out.append(String.format(Locale.ROOT, "  %-44s %s%n", "subscription to " + e.getKey(), e.getValue().asText())));
        w.path("received").fields().forEachRemaining(e -> row(out, "received " + e.getKey(), e.getValue().path("requests"),
                "requests, " + number(e.getValue().path("distinct")) + " distinct webhook-ids"));
        row(out, "received in all", w.path("requests"), "requests, " + number(w.path("distinct")) + " distinct webhook-ids");
        row(out, "  duplicates (requests − distinct ids)", w.path("duplicates"), "");
        row(out, "  without webhook-id", w.path("withoutId"), "");
        row(out, "  signature not verified", w.path("badSignatures"), "");
        for (String[] phase : DRAINS) {
            JsonNode d = w.path(phase[0]);
            if (!d.isMissingNode()) {
                row(out, "last delivery after the " + phase[1], d.path("lastReceivedSeconds"), "s after its end; none pending after "
                        + seconds(d.path("drainedSeconds")) + (d.path("pendingLeft").asLong() > 0 ? ", " + number(d.path("pendingLeft")) + " left" : ""));
            }
        }
    }

    /** From each service's database: webhook deliveries per status, webhook events, journal entries. */
    private static void rows(StringBuilder out, JsonNode rows) {
        if (rows.isMissingNode()) {
            return;
        }
        out.append("\nRows in each service's database at the end\n");
        rows.path("webhookDelivery").fields().forEachRemaining(service -> {
            StringBuilder statuses = new StringBuilder();
            service.getValue().fields().forEachRemaining(status -> statuses.append(statuses.length() == 0 ? "" : ", ")
                    .append(status.getKey()).append(' ').append(number(status.getValue())));
            out.append(String.format(Locale.ROOT, "  %-44s %s%n", "webhook_delivery, " + service.getKey(), statuses));
        });
        rows.path("webhookEvent").fields().forEachRemaining(e -> row(out, "webhook_event, " + e.getKey(), e.getValue(), ""));
        rows.path("auditEntry").fields().forEachRemaining(e -> row(out, "audit_entry, " + e.getKey(), e.getValue(), ""));
    }

    private static String measure(JsonNode value, String unit) {
        return value.isNumber() ? BenchRatios.format(value.asDouble()) + unit : "n/a";
    }

    private static String seconds(JsonNode value) {
        return value.isNumber() ? BenchRatios.format(value.asDouble()) + " s" : "n/a";
    }

    private static void row(StringBuilder out, String name, JsonNode value, String unit) {
        out.append(String.format(Locale.ROOT, "  %-44s %12s %s%n", name, number(value), unit));
    }

    /** A count as a whole number, a measure as {@link BenchRatios#format} writes it, "n/a" when not measured. */
    private static String number(JsonNode value) {
        if (value.isIntegralNumber()) {
            return String.format(Locale.ROOT, "%,d", value.asLong());
        }
        return value.isNumber() ? BenchRatios.format(value.asDouble()) : "n/a";
    }
}
