package fr.barometre.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchRatiosTest {

    /** Figures of a run, as {@link BenchWorkload} writes them. */
    static final String FIGURES = """
            {"floors": {"perResponse": {"perSecond": 2000}, "batched": {"perSecond": 10000}},
             "batch": {"responses": 36130, "perSecond": 4000, "seconds": 100, "scoringDoneSeconds": 110, "reportingDoneSeconds": 140},
             "single": {"responses": 3000, "perSecond": 400},
             "duringIngest": {"p50Ms": 40, "p99Ms": 600},
             "reads": {"health": {"perSecond": 5000}, "cached": {"perSecond": 2600}, "uncached": {"perSecond": 40},
                       "uncachedLatency": {"p50Ms": 30, "p99Ms": 90},
                       "strataMs": 120, "questionMs": 301, "crossMs": 50, "csvMs": 200},
             "rescoring": {"seconds": 9, "floorSeconds": 3},
             "cpu": {"perThousand": {"survey-service": 1, "scoring-service": 1, "reporting-service": 1, "postgresql": 2.5, "total": 5.5}},
             "rss": {"peakMb": {"survey-service": 250, "scoring-service": 180, "reporting-service": 251}}}
            """;

    private static Map<String, BenchRatios.Ratio> ratios(String json) throws Exception {
        return BenchRatios.of(Http.JSON.readTree(json)).stream().collect(Collectors.toMap(BenchRatios.Ratio::name, Function.identity()));
    }

    @Test
    void eachRatioIsComputedAndComparedWithItsTarget() throws Exception {
        Map<String, BenchRatios.Ratio> r = ratios(FIGURES);
        assertEquals(0.4, r.get("batch intake / batched floor").value(), 1e-9);
        assertFalse(r.get("batch intake / batched floor").pass(), "0.4 < 0.5");
        assertEquals(0.2, r.get("single submissions / per-response floor").value(), 1e-9);
        assertFalse(r.get("single submissions / per-response floor").pass());
        assertEquals(1.4, r.get("reporting holds all / intake time").value(), 1e-9);
        assertFalse(r.get("reporting holds all / intake time").pass(), "1.4 > 1.3");
        assertFalse(r.get("CPU-s per 1,000 submissions, pipeline").pass(), "5.5 > 5");
        assertTrue(r.get("GET /barometers uncached, p99").pass(), "90 ≤ 100");
        assertEquals(301, r.get("strata, questions, cross, CSV: slowest").value(), 1e-9, "the slowest of the four");
        assertFalse(r.get("strata, questions, cross, CSV: slowest").pass());
        assertFalse(r.get("GET /barometers p99 during the ingest").pass(), "600 > 500");
        assertEquals(0.52, r.get("cached reads/s / health reads/s").value(), 1e-9);
        assertTrue(r.get("cached reads/s / health reads/s").pass());
        assertEquals(3.0, r.get("rescoring / rescoring floor").value(), 1e-9);
        assertTrue(r.get("rescoring / rescoring floor").pass(), "3 × is still within 3 ×");
        assertTrue(r.get("survey-service peak RSS").pass(), "250 MB is within 250 MB");
        assertTrue(r.get("scoring-service peak RSS").pass());
        assertFalse(r.get("reporting-service peak RSS").pass());
        assertEquals(12, r.size());
    }

    @Test
    void theSingleRatioIsAgainstTheFloorMeasuredAroundThePhaseWhenTheRunDidIt() throws Exception {
        String around = FIGURES.replace("\"batched\": {\"perSecond\": 10000}}",
                "\"batched\": {\"perSecond\": 10000}, \"aroundSingle\": {\"perSecond\": 1600, \"secondsBefore\": 1.9, \"secondsAfter\": 1.85}}");
        BenchRatios.Ratio single = ratios(around).get("single submissions / per-response floor");
        assertEquals(0.25, single.value(), 1e-9, "400 / 1600, not 400 / 2000");
        assertTrue(single.pass());
        assertEquals(0.2, BenchRatios.singleToEarlyFloor(Http.JSON.readTree(around)), 1e-9, "the earlier measure, still printed");
        String text = BenchReport.text(Http.JSON.readTree("{\"figures\": " + around + "}"));
        assertTrue(text.contains("per-response floor around them") && text.contains("1.9 s and 1.85 s"), text);
        assertEquals(0.2, ratios(FIGURES).get("single submissions / per-response floor").value(), 1e-9,
                "a run without the floor around the phase: the one before the batch phase");
    }

    @Test
    void theCachedReadRatioIsTheMedianOfItsAlternatingRoundsWhenTheRunMeasuredThem() throws Exception {
        String rounds = FIGURES.replace("\"uncached\": {\"perSecond\": 40},",
                "\"uncached\": {\"perSecond\": 40}, \"cachedRatio\": {\"median\": 0.45, \"perRound\": [0.5, 0.45, 0.4]},");
        assertEquals(0.45, ratios(rounds).get("cached reads/s / health reads/s").value(), 1e-9, "the rounds' median, not 2600 / 5000");
        assertFalse(ratios(rounds).get("cached reads/s / health reads/s").pass());
    }

    @Test
    void aFigureNotMeasuredIsAMissNotAFailure() throws Exception {
        Map<String, BenchRatios.Ratio> r = ratios("{\"batch\": {\"perSecond\": 100, \"seconds\": null}, \"floors\": {\"batched\": {\"perSecond\": 0}}}");
        BenchRatios.Ratio intake = r.get("batch intake / batched floor");
        assertTrue(Double.isNaN(intake.value()), "a floor of 0 gives no ratio");
        assertFalse(intake.pass());
        assertEquals("n/a", intake.valueText());
        assertFalse(r.get("reporting holds all / intake time").pass());
        assertFalse(r.get("strata, questions, cross, CSV: slowest").pass(), "one of the four missing");
    }

    @Test
    void theReportIsWrittenAsJsonWithALatestCopyAndPrintedWithTheRatiosLast(@TempDir Path data) throws Exception {
        JsonNode report = Http.JSON.readTree("{\"machine\": {\"cores\": 2}, \"figures\": " + FIGURES + "}");
        Path file = BenchReport.write(data, report, ZonedDateTime.of(2026, 12, 1, 0, 35, 7, 0, ZoneOffset.UTC));
        assertEquals(data.resolve("bench/20261201-003507.json"), file);
        assertEquals(report, Http.JSON.readTree(Files.readString(file)));
        assertEquals(Files.readString(file), Files.readString(data.resolve("bench/latest.json")));
        String text = BenchReport.text(report);
        assertTrue(text.indexOf("Ratios") > text.indexOf("Figures"));
        assertTrue(text.contains("batch intake / batched floor") && text.contains("MISS") && text.contains("pass"));
        assertTrue(text.strip().endsWith("5 of 12 targets met"), text);
        List<String> ratioLines = text.lines().filter(l -> l.endsWith("pass") || l.endsWith("MISS")).toList();
        assertEquals(12, ratioLines.size());
    }

    /** The webhook figures of a run (a subscription refused by scoring), and the rows of each database, as the workload writes them. */
    static final String WEBHOOKS = """
            "webhooks": {"enabled": true,
              "afterBatch": {"lastReceivedSeconds": 2.5, "drainedSeconds": 3.1, "pendingLeft": 0},
              "afterSingle": {"lastReceivedSeconds": 0.75, "drainedSeconds": null, "pendingLeft": 12},
              "received": {"campaign.opened": {"requests": 2, "distinct": 2}, "response.submitted": {"requests": 1503, "distinct": 1500}},
              "requests": 1505, "distinct": 1502, "duplicates": 3, "withoutId": 0, "badSignatures": 0,
              "subscriptions": {"survey-service": "made", "scoring-service": "POST /webhooks answered 404: this service has no webhooks",
                                "reporting-service": "made"}},
            "rows": {"webhookDelivery": {"survey-service": {"PENDING": 12, "DELIVERED": 1502, "OUT_OF_SCOPE": 34618, "FAILED": 0}},
                     "webhookEvent": {"survey-service": 36132},
                     "auditEntry": {"survey-service": 39135, "scoring-service": 4, "reporting-service": 0}},
            """;

    @Test
    void theReportShowsWhatTheReceiverTookAndTheRowsOfEachDatabase() throws Exception {
        JsonNode report = Http.JSON.readTree("{\"figures\": " + FIGURES.replaceFirst("\\{", "{" + WEBHOOKS) + "}");
        String text = BenchReport.text(report);
        List<String> lines = text.lines().map(String::strip).map(l -> l.replaceAll(" {2,}", "  ")).toList();
        for (String expected : List.of(
                "subscription to survey-service  made",
                "subscription to scoring-service  POST /webhooks answered 404: this service has no webhooks",
                "received campaign.opened  2 requests, 2 distinct webhook-ids",
                "received response.submitted  1,503 requests, 1,500 distinct webhook-ids",
                "received in all  1,505 requests, 1,502 distinct webhook-ids",
                "duplicates (requests − distinct ids)  3",
                "signature not verified  0",
                "last delivery after the batch intake  2.50 s after its end; none pending after 3.10 s",
                "last delivery after the single submissions  0.75 s after its end; none pending after n/a, 12 left",
                "webhook_delivery, survey-service  PENDING 12, DELIVERED 1,502, OUT_OF_SCOPE 34,618, FAILED 0",
                "webhook_event, survey-service  36,132",
                "audit_entry, survey-service  39,135",
                "audit_entry, reporting-service  0")) {
            assertTrue(lines.contains(expected), expected + " in\n" + text);
        }
        assertTrue(text.indexOf("Webhooks") < text.indexOf("Ratios"), "with the figures, before the ratios");
        assertTrue(text.strip().endsWith("5 of 12 targets met"), "the ratios unchanged by the webhook figures");
    }

    @Test
    void aRunWithoutWebhooksSaysSoAndARunFromBeforeThemShowsNothingOfThem() throws Exception {
        String off = BenchReport.text(Http.JSON.readTree("{\"figures\": " + FIGURES.replaceFirst("\\{", "{\"webhooks\": {\"enabled\": false},") + "}"));
        assertTrue(off.contains("Webhooks: none subscribed (--no-webhooks)"), off);
        assertFalse(off.contains("received in all"));
        String before = BenchReport.text(Http.JSON.readTree("{\"figures\": " + FIGURES + "}"));
        assertFalse(before.contains("Webhooks") || before.contains("webhook_delivery"), before);
    }

    @Test
    void eachRatioCostsAgainstABaselineTheFractionItIsWorseByAndTenPercentIsTheMost() throws Exception {
        JsonNode baseline = Http.JSON.readTree(FIGURES);
        // batch intake 4000/s → 3700/s (7.5 % slower), reporting 140 → 155 s (×1.55 of 100 s intake: 10.7 % worse),
        // CPU 5.5 → 5.0 (better), the uncached p99 not measured now
        JsonNode now = Http.JSON.readTree(FIGURES.replace("\"perSecond\": 4000", "\"perSecond\": 3700")
                .replace("\"reportingDoneSeconds\": 140", "\"reportingDoneSeconds\": 155").replace("\"total\": 5.5", "\"total\": 5.0")
                .replace("\"p99Ms\": 90", "\"p99Ms\": null"));
        Map<String, BenchRatios.Comparison> c = BenchRatios.compare(now, baseline).stream()
                .collect(Collectors.toMap(BenchRatios.Comparison::name, Function.identity()));
        assertEquals(12, c.size(), "every ratio");
        assertEquals(0.075, c.get("batch intake / batched floor").cost(), 1e-9, "a rate: lower is worse");
        assertTrue(c.get("batch intake / batched floor").within());
        assertEquals(15.0 / 140, c.get("reporting holds all / intake time").cost(), 1e-9, "a time: higher is worse");
        assertFalse(c.get("reporting holds all / intake time").within(), "10.7 % > 10 %");
        assertEquals(-0.5 / 5.5, c.get("CPU-s per 1,000 submissions, pipeline").cost(), 1e-9, "better: a negative cost");
        assertTrue(c.get("CPU-s per 1,000 submissions, pipeline").within());
        assertTrue(Double.isNaN(c.get("GET /barometers uncached, p99").cost()));
        assertFalse(c.get("GET /barometers uncached, p99").within(), "not measured: not shown to be within");
        assertEquals(0.0, c.get("survey-service peak RSS").cost(), 1e-9);
        assertTrue(c.get("survey-service peak RSS").within());
        assertTrue(new BenchRatios.Comparison("x", 1.1, 1, "", 0.10).within(), "10 % is still within 10 %");
    }

    @Test
    void theReportComparedWithABaselineShowsEachRatiosCostAndHowManyAreWithin() throws Exception {
        JsonNode baseline = Http.JSON.readTree("{\"machine\": {\"date\": \"2026-11-30T20:00:00Z\"}, \"figures\": " + FIGURES + "}");
        com.fasterxml.jackson.databind.node.ObjectNode report = (com.fasterxml.jackson.databind.node.ObjectNode) Http.JSON.readTree(
                "{\"figures\": " + FIGURES.replace("\"reportingDoneSeconds\": 140", "\"reportingDoneSeconds\": 155") + "}");
        report.set("comparison", BenchReport.comparison(report, baseline, "/data/bench/20261130-200000.json"));
        assertEquals(11, report.at("/comparison/within").asInt());
        String text = BenchReport.text(report);
        List<String> lines = text.lines().map(String::strip).map(l -> l.replaceAll(" {2,}", "  ")).toList();
        assertTrue(lines.contains("Against /data/bench/20261130-200000.json (the run of 2026-11-30T20:00:00Z): what this run costs each ratio,"
                + " at most 10.00 %"), text);
        assertTrue(lines.contains("reporting holds all / intake time  1.55  was 1.40  cost  10.71 %  OVER"), text);
        assertTrue(lines.contains("GET /barometers uncached, p99  90.00 ms  was 90.00 ms  cost  0.00 %  within"), text);
        assertTrue(lines.contains("11 of 12 ratios within 10.00 % of the baseline's"), text);
        assertTrue(lines.contains("batch intake  4,000 /s  was 4,000 /s  cost  0.00 %"), "the figures the ratios are made of follow: " + text);
        assertEquals("rescoring floor  3.00 s  was 3.00 s  cost  0.00 %", lines.get(lines.size() - 1), text);
    }

    @Test
    void severalRunsOfEachSideAreComparedByTheirMediansAndEachSideSaysItsSpread() throws Exception {
        // two runs before the change: batch intake 4000/s and 3000/s (median 3500, spread 1000/3500);
        // three after: 3600, 3000, 3900/s (median 3600: better, a negative cost, whatever the slowest run)
        List<JsonNode> before = List.of(report(FIGURES), report(FIGURES.replace("\"perSecond\": 4000", "\"perSecond\": 3000")));
        List<JsonNode> after = List.of(report(FIGURES.replace("\"perSecond\": 4000", "\"perSecond\": 3600")),
                report(FIGURES.replace("\"perSecond\": 4000", "\"perSecond\": 3000")),
                report(FIGURES.replace("\"perSecond\": 4000", "\"perSecond\": 3900").replace("\"total\": 5.5", "\"total\": 6.6")));
        var c = BenchReport.comparison(after, before, "a.json, b.json");
        JsonNode batch = c.at("/ratios/0");
        assertEquals("batch intake / batched floor", batch.path("name").asText());
        assertEquals(0.36, batch.path("value").asDouble(), 1e-9);
        assertEquals(0.35, batch.path("baseline").asDouble(), 1e-9);
        assertEquals(-0.01 / 0.35, batch.path("cost").asDouble(), 1e-4);
        assertEquals(round4(0.09 / 0.36), batch.path("spread").asDouble(), 1e-9, "(0.39 − 0.30) / 0.36");
        assertEquals(round4(0.1 / 0.35), batch.path("baselineSpread").asDouble(), 1e-9);
        JsonNode cpu = c.at("/ratios/3");
        assertEquals(5.5, cpu.path("value").asDouble(), 1e-9, "the median of 5.5, 5.5 and 6.6, not the worst run");
        assertEquals(0.0, cpu.path("cost").asDouble(), 1e-9);
        String text = BenchReport.comparisonText(c);
        assertTrue(text.contains("The median of 3 runs against the median of 2 (a.json, b.json)"), text);
        List<String> lines = text.lines().map(String::strip).map(l -> l.replaceAll(" {2,}", "  ")).toList();
        assertTrue(lines.contains("batch intake / batched floor  0.36  was 0.35  cost  -2.86 %  within  spread 25.00 %  baseline's 28.57 %"), text);
        assertEquals(0.5, BenchRatios.median(new double[] {0, 1}), 1e-9);
        assertEquals(1, BenchRatios.median(new double[] {0, 1, 5}), 1e-9);
        assertTrue(Double.isNaN(BenchRatios.median(new double[0])));
    }

    @Test
    void theComparisonShowsTheSuitesFiguresApartFromTheFloorsWhichMoveOnlyWithTheMachine() throws Exception {
        // the same intake (4000/s) against a batched floor measured 20 % lower: the ratio costs 25 %, the intake nothing
        JsonNode before = report(FIGURES);
        JsonNode after = report(FIGURES.replace("\"perSecond\": 10000", "\"perSecond\": 8000"));
        var c = BenchReport.comparison(after, before, "b.json");
        assertEquals(-0.25, c.at("/ratios/0/cost").asDouble(), 1e-9, "0.5 against 0.4: the ratio better by a quarter");
        Map<String, JsonNode> parts = new java.util.HashMap<>();
        c.path("parts").forEach(p -> parts.put(p.path("name").asText(), p));
        assertEquals(0.0, parts.get("batch intake").path("cost").asDouble(), 1e-9);
        assertEquals(0.2, parts.get("batched floor").path("cost").asDouble(), 1e-9);
        assertEquals(9.0, parts.get("rescoring").path("value").asDouble(), 1e-9);
        assertTrue(parts.get("single: CPU-s per 1,000, pipeline").path("value").isNull(), "not measured by these figures");
        assertEquals(12, c.path("within").asInt(), "every ratio within; the parts are not counted among them");
        assertEquals(7, c.path("parts").size());
        String text = BenchReport.comparisonText(c);
        List<String> lines = text.lines().map(String::strip).map(l -> l.replaceAll(" {2,}", "  ")).toList();
        assertTrue(lines.contains("batch intake  4,000 /s  was 4,000 /s  cost  0.00 %"), text);
        assertTrue(lines.contains("batched floor  8,000 /s  was 10,000 /s  cost  20.00 %"), text);
    }

    @Test
    void theReportShowsTheBlocksWithAndWithoutWebhooksAndWhatTheyCost() throws Exception {
        JsonNode report = report(FIGURES.replaceFirst("\\{", """
                {"webhooksAb": {"blockSize": 4000, "blocks": [
                    {"webhooks": true, "perSecond": 120, "cpu": {"perThousand": {"total": 13.5}}},
                    {"webhooks": false, "perSecond": 130, "cpu": {"perThousand": {"total": 12.5}}},
                    {"webhooks": false, "perSecond": 126, "cpu": {"perThousand": {"total": 12.7}}},
                    {"webhooks": true, "perSecond": 118, "cpu": {"perThousand": {"total": 13.1}}}],
                  "perSecondWith": 119, "perSecondWithout": 128, "rateCost": 0.0703,
                  "cpuPerThousandWith": 13.3, "cpuPerThousandWithout": 12.6, "cpuCost": 0.0556},
                """));
        String text = BenchReport.text(report);
        List<String> lines = text.lines().map(String::strip).map(l -> l.replaceAll(" {2,}", "  ")).toList();
        assertTrue(lines.contains("The webhooks' cost within the run: blocks of 4000 single submissions"), text);
        assertTrue(lines.contains("block 2, no webhooks  130 responses/s  12.50 CPU-s per 1,000"), text);
        assertTrue(lines.contains("block 4, webhooks flowing  118 responses/s  13.10 CPU-s per 1,000"), text);
        assertTrue(lines.contains("with 119/s, without 128/s: the webhooks cost 7.03 % of the rate; CPU-s per 1,000 13.30 against 12.60: 5.56 %"), text);
        assertFalse(BenchReport.text(report(FIGURES)).contains("within the run"), "nothing of it in a run without blocks");
    }

    private static JsonNode report(String figures) throws Exception {
        return Http.JSON.readTree("{\"figures\": " + figures + "}");
    }

    private static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    @Test
    void figuresNotMeasuredAreWrittenAsNull() throws Exception {
        var node = Http.JSON.createObjectNode();
        node.putObject("a").put("b", Double.NaN).put("c", 1.5);
        BenchWorkload.nanToNull(node);
        assertTrue(node.at("/a/b").isNull());
        assertEquals(1.5, node.at("/a/c").asDouble());
    }
}
