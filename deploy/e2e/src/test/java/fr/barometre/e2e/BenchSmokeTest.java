package fr.barometre.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.barometre.launcher.Bench;
import fr.barometre.launcher.BenchWorkload;
import fr.barometre.launcher.Stack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./barometre bench}'s workload at a small size against the stack the other scenarios use
 * (rather than a second suite): every figure is measured and written, and scoring and reporting hold
 * every response in the end. Nothing is asserted about time: the figures are printed, not judged.
 */
@ExtendWith(E2eStack.Extension.class)
@Order(10)
class BenchSmokeTest {

    static final int SIZE = 150;
    /** Single submissions: 20 (about 3 s of the run), 50 in the long run ({@code -Plong}). */
    static final int SINGLE = Boolean.getBoolean("tests.long") ? 50 : 20;

    /** Every figure the ratios and the README's tables use. */
    static final List<String> FIGURES = List.of(
            "/floors/perResponse/perSecond", "/floors/batched/perSecond",
            "/batch/perSecond", "/batch/seconds", "/batch/scoringDoneSeconds", "/batch/reportingDoneSeconds",
            "/single/perSecond", "/single/scoringDoneSeconds", "/single/reportingDoneSeconds",
            "/duringIngest/p50Ms", "/duringIngest/p99Ms",
            "/reads/health/perSecond", "/reads/cached/perSecond", "/reads/uncached/perSecond",
            "/reads/uncachedLatency/p50Ms", "/reads/uncachedLatency/p99Ms",
            "/reads/strataMs", "/reads/questionMs", "/reads/crossMs", "/reads/csvMs",
            "/rescoring/seconds", "/rescoring/floorSeconds", "/rescoring/reportingDoneSeconds",
            "/cpu/perThousand/survey-service", "/cpu/perThousand/scoring-service", "/cpu/perThousand/reporting-service",
            "/cpu/perThousand/postgresql", "/cpu/perThousand/total",
            "/rss/peakMb/survey-service", "/rss/peakMb/scoring-service", "/rss/peakMb/reporting-service");

    /** Single submissions in each of the four blocks with and without webhooks ({@code --webhooks-ab}). */
    static final int BLOCK = 5;

    @Test
    void theBenchsWorkloadMeasuresEveryFigureAndEverythingArrives() throws Exception {
        Stack stack = E2eStack.stack();
        ObjectNode report = new BenchWorkload(Bench.target(stack, E2eStack.options().root()),
                new BenchWorkload.Settings(SIZE, 2, SINGLE, 1, true, SINGLE, BLOCK)).run();
        System.out.println(report.toPrettyString());
        JsonNode f = report.path("figures");
        List<String> missing = new ArrayList<>();
        for (String figure : FIGURES) {
            JsonNode value = f.at(figure);
            if (!value.isNumber() || value.asDouble() < 0) {
                missing.add(figure + " = " + value);
            }
        }
        assertEquals(List.of(), missing, "figures not measured");
        assertTrue(f.at("/floors/perResponse/perSecond").asDouble() > 0 && f.at("/cpu/perThousand/postgresql").asDouble() > 0,
                "the floors wrote and PostgreSQL's processes were found");
        assertEquals(0, f.at("/batch/refused").asInt(), "every batch response taken");
        assertEquals(0, f.at("/single/failed").asInt(), "every single submission taken");
        assertEquals(SIZE, f.at("/end/batchAssessed").asInt(), "scoring holds every batch response");
        assertEquals(SIZE, f.at("/end/batchFacts").asInt(), "reporting holds every batch response");
        assertEquals(SINGLE, f.at("/single/warmUp").asInt(), "as many to warm up as measured, at this size");
        int singles = 2 * SINGLE + 4 * BLOCK;
        assertEquals(singles, f.at("/end/singleAssessed").asInt(), "scoring holds every single submission, the warm-up's and the blocks' too");
        assertEquals(singles, f.at("/end/singleFacts").asInt(), "reporting holds every single submission, the warm-up's and the blocks' too");
        List<Boolean> flowing = new ArrayList<>();
        f.at("/webhooksAb/blocks").forEach(block -> {
            flowing.add(block.path("webhooks").asBoolean());
            assertEquals(block.path("webhooks").asBoolean() ? BLOCK : 0, block.path("surveyEvents").asInt(),
                    "an event for each submission of a block with a subscription, none without");
            assertEquals(BLOCK, block.path("responses").asInt());
            assertEquals(0, block.path("failed").asInt());
            assertTrue(block.at("/cpu/perThousand/total").asDouble() > 0, "each block's CPU read");
        });
        assertEquals(List.of(true, false, false, true), flowing, "with webhooks, without, without, with");
        assertTrue(f.at("/webhooksAb/rateCost").isNumber() && f.at("/webhooksAb/cpuCost").isNumber(), "the webhooks' cost within the run");
        assertEquals("DONE", f.at("/rescoring/state").asText());
        assertEquals(SIZE, f.at("/rescoring/assessments").asInt());
        assertEquals(SIZE, f.at("/rescoring/floorRows").asInt(), "the floor rewrote every submission");
        for (String m : List.of("cores", "memoryMb", "java", "date", "loadAverageStart", "loadAverageEnd")) {
            assertTrue(report.path("machine").has(m), "machine " + m);
        }
    }
}
