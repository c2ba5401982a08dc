package fr.barometre.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The ratios of one bench run against the targets of the national edition: each a figure with its
 * target and whether it meets it (a miss is a figure, never a failure of the command).
 */
final class BenchRatios {

    private BenchRatios() {
    }

    /** One target: {@code value} compared with {@code target}, at least ({@code atLeast}) or at most. */
    record Ratio(String name, double value, String unit, boolean atLeast, double target) {

        /** Met; a figure that could not be measured (NaN) is not. */
        boolean pass() {
            if (Double.isNaN(value)) {
                return false;
            }
            return atLeast ? value >= target : value <= target;
        }

        String targetText() {
            return (atLeast ? "≥ " : "≤ ") + format(target) + unit;
        }

        String valueText() {
            return Double.isNaN(value) ? "n/a" : format(value) + unit;
        }
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100) {
            return String.format(java.util.Locale.ROOT, "%,.0f", v);
        }
        return String.format(java.util.Locale.ROOT, "%.2f", v);
    }

    /** The ratios of a run's figures (the JSON {@code figures} object). */
    static List<Ratio> of(JsonNode f) {
        List<Ratio> ratios = new ArrayList<>();
        ratios.add(new Ratio("batch intake / batched floor", div(f.at("/batch/perSecond"), f.at("/floors/batched/perSecond")), "", true, 0.5));
        ratios.add(new Ratio("single submissions / per-response floor", div(f.at("/single/perSecond"), singleFloor(f)), "", true, 0.25));
        ratios.add(new Ratio("reporting holds all / intake time", div(f.at("/batch/reportingDoneSeconds"), f.at("/batch/seconds")), "", false, 1.3));
        ratios.add(new Ratio("CPU-s per 1,000 submissions, pipeline", num(f.at("/cpu/perThousand/total")), "", false, 5));
        ratios.add(new Ratio("GET /barometers uncached, p99", num(f.at("/reads/uncachedLatency/p99Ms")), " ms", false, 100));
        ratios.add(new Ratio("strata, questions, cross, CSV: slowest", max(f.at("/reads/strataMs"), f.at("/reads/questionMs"),
                f.at("/reads/crossMs"), f.at("/reads/csvMs")), " ms", false, 300));
        ratios.add(new Ratio("GET /barometers p99 during the ingest", num(f.at("/duringIngest/p99Ms")), " ms", false, 500));
        ratios.add(new Ratio("cached reads/s / health reads/s", cachedRatio(f.at("/reads")), "", true, 0.5));
        ratios.add(new Ratio("rescoring / rescoring floor", div(f.at("/rescoring/seconds"), f.at("/rescoring/floorSeconds")), "", false, 3));
        for (String service : List.of(Stack.SURVEY, Stack.SCORING, Stack.REPORTING)) {
            ratios.add(new Ratio(service + " peak RSS", num(f.at("/rss/peakMb/" + service)), " MB", false, 250));
        }
        return ratios;
    }

    /**
     * The figures the throughput, time and CPU ratios are made of, each on its own: the suite's (its intake rates,
     * its CPU per 1,000, its rescoring time) and the floors' (the same statements on a scratch database, whatever
     * the suite's code: from one run to the next they move only with the machine). Compared between two sides, a
     * change's cost shows in the suite's figures; the floors' difference is the machine's, which the ratios carry.
     * Each is a {@link Ratio} with no target (NaN).
     */
    static List<Ratio> parts(JsonNode f) {
        List<Ratio> parts = new ArrayList<>();
        parts.add(new Ratio("batch intake", num(f.at("/batch/perSecond")), " /s", true, Double.NaN));
        parts.add(new Ratio("batched floor", num(f.at("/floors/batched/perSecond")), " /s", true, Double.NaN));
        parts.add(new Ratio("single submissions", num(f.at("/single/perSecond")), " /s", true, Double.NaN));
        parts.add(new Ratio("per-response floor around them", num(singleFloor(f)), " /s", true, Double.NaN));
        parts.add(new Ratio("single: CPU-s per 1,000, pipeline", num(f.at("/single/cpu/perThousand/total")), "", false, Double.NaN));
        parts.add(new Ratio("rescoring", num(f.at("/rescoring/seconds")), " s", false, Double.NaN));
        parts.add(new Ratio("rescoring floor", num(f.at("/rescoring/floorSeconds")), " s", false, Double.NaN));
        return parts;
    }

    /**
     * The single submissions' floor: the per-response floor measured around them (right before and right after the
     * phase) when the run did, else — a run made before it was — the one measured before the batch phase.
     */
    static JsonNode singleFloor(JsonNode f) {
        JsonNode around = f.at("/floors/aroundSingle/perSecond");
        return around.isNumber() ? around : f.at("/floors/perResponse/perSecond");
    }

    /** Single submissions against the per-response floor measured before the batch phase, as runs before 2026-12-02 did. */
    static double singleToEarlyFloor(JsonNode f) {
        return div(f.at("/single/perSecond"), f.at("/floors/perResponse/perSecond"));
    }

    /**
     * The most a change may cost a ratio against an earlier run's: issue 13's measure of the journal and the
     * webhook outbox (a run of the code before them, or a run with {@code --no-webhooks}, as the baseline).
     */
    static final double COST_LIMIT = 0.10;

    /**
     * One ratio of this run against the same ratio of a baseline run: {@code cost} is how much worse it is, as a
     * fraction of the baseline's (a lower rate, or a higher time, size or CPU), negative when better; NaN when
     * either run did not measure it.
     */
    record Comparison(String name, double value, double baseline, String unit, double cost) {

        boolean within() {
            return !Double.isNaN(cost) && cost <= COST_LIMIT;
        }
    }

    /** Each ratio of {@code figures} against the same ratio of {@code baseline} (both a run's {@code figures}). */
    static List<Comparison> compare(JsonNode figures, JsonNode baseline) {
        return compare(of(figures), of(baseline));
    }

    /**
     * The ratios of several runs of the same code, each the median of the runs' values (those that measured it;
     * NaN when none did): on a shared machine a ratio moves by more than 10 % between two runs of the same code,
     * so a change's cost is the difference of the medians of runs of each side, made in turns.
     */
    static List<Ratio> medians(List<JsonNode> runs) {
        return medians(runs, BenchRatios::of);
    }

    /** The medians of the figures {@code measure} takes from each run (as {@link #of} or {@link #parts}). */
    static List<Ratio> medians(List<JsonNode> runs, Function<JsonNode, List<Ratio>> measure) {
        List<List<Ratio>> each = runs.stream().map(measure).toList();
        List<Ratio> medians = new ArrayList<>();
        for (int i = 0; i < each.get(0).size(); i++) {
            Ratio first = each.get(0).get(i);
            medians.add(new Ratio(first.name(), median(values(each, i)), first.unit(), first.atLeast(), first.target()));
        }
        return medians;
    }

    /**
     * How far the runs of one side are apart on each ratio: (largest − smallest) / median, what the same code
     * moves from one run to the next; NaN with fewer than two runs measuring it.
     */
    static double[] spreads(List<JsonNode> runs) {
        return spreads(runs, BenchRatios::of);
    }

    /** The spreads of the figures {@code measure} takes from each run. */
    static double[] spreads(List<JsonNode> runs, Function<JsonNode, List<Ratio>> measure) {
        List<List<Ratio>> each = runs.stream().map(measure).toList();
        double[] spreads = new double[each.get(0).size()];
        for (int i = 0; i < spreads.length; i++) {
            double[] v = values(each, i);
            spreads[i] = v.length < 2 ? Double.NaN : (v[v.length - 1] - v[0]) / median(v);
        }
        return spreads;
    }

    /** The i-th ratio's values over the runs that measured it, in increasing order. */
    private static double[] values(List<List<Ratio>> runs, int i) {
        return runs.stream().mapToDouble(r -> r.get(i).value()).filter(v -> !Double.isNaN(v)).sorted().toArray();
    }

    /** The median of sorted values (the mean of the middle two for an even count), NaN for none. */
    static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Each ratio of {@code now} against the same ratio of {@code before} (both in {@link #of}'s order). */
    static List<Comparison> compare(List<Ratio> now, List<Ratio> before) {
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < now.size(); i++) {
            Ratio r = now.get(i);
            double b = before.get(i).value();
            double cost = b == 0 ? Double.NaN : (r.atLeast() ? b - r.value() : r.value() - b) / b;
            comparisons.add(new Comparison(r.name(), r.value(), b, r.unit(), cost));
        }
        return comparisons;
    }

    /**
     * The median of the rounds' ratios where the run measured cached reads and health in alternating rounds
     * (each round's pair saw the same load), else the ratio of the two rates.
     */
    private static double cachedRatio(JsonNode reads) {
        JsonNode median = reads.at("/cachedRatio/median");
        return median.isNumber() ? median.asDouble() : div(reads.at("/cached/perSecond"), reads.at("/health/perSecond"));
    }

    private static double num(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static double div(JsonNode a, JsonNode b) {
        double d = num(b);
        return d == 0 ? Double.NaN : num(a) / d;
    }

    private static double max(JsonNode... values) {
        double max = Double.NaN;
        for (JsonNode v : values) {
            double x = num(v);
            if (Double.isNaN(x)) {
                return Double.NaN; // one figure missing: the target cannot be said to be met
            }
            max = Double.isNaN(max) ? x : Math.max(max, x);
        }
        return max;
    }
}
