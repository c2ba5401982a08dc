package fr.barometre.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchOptionsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaultsAreANationalEditionOnTheBenchsOwnPortsAndFolder() {
        BenchOptions options = BenchOptions.parse(List.of(), Map.of(), ROOT);
        assertEquals(36_130, options.size());
        assertEquals(4, options.threads());
        assertEquals(9_000, options.single(), "several rounds of the catch-up in the measured phase of every run");
        assertEquals(Path.of("/repo/.barometre-bench"), options.dataDir());
        assertFalse(options.help());
        assertTrue(options.webhooks(), "webhooks flow unless asked not to");
        LauncherOptions suite = options.launcherOptions(ROOT);
        assertEquals(28180, suite.keycloakPort());
        assertEquals(List.of(28081, 28082, 28083), List.of(suite.surveyPort(), suite.scoringPort(), suite.reportingPort()));
        assertFalse(suite.demo(), "no demo data in the bench's suite");
        assertNotEquals(LauncherOptions.parse(List.of(), Map.of(), ROOT).dataDir(), suite.dataDir(), "not ./barometre's data folder");
    }

    @Test
    void optionsWithSpaceOrEquals() {
        BenchOptions options = BenchOptions.parse(List.of("--size", "3,000", "--threads=8", "--single", "500", "--data", "/tmp/b",
                "--read-seconds=3"), Map.of(), ROOT);
        assertEquals(3000, options.size());
        assertEquals(8, options.threads());
        assertEquals(500, options.single());
        assertEquals(Path.of("/tmp/b"), options.dataDir());
        assertEquals(3, options.readSeconds());
        assertTrue(options.webhooks());
    }

    @Test
    void noWebhooksIsAFlagWithoutValue() {
        BenchOptions options = BenchOptions.parse(List.of("--no-webhooks", "--size", "500"), Map.of(), ROOT);
        assertFalse(options.webhooks());
        assertEquals(500, options.size(), "the next option is not taken as its value");
        assertTrue(BenchOptions.USAGE.contains("--no-webhooks"));
    }

    @Test
    void compareNamesEarlierRunsReports() {
        assertEquals(List.of(), BenchOptions.parse(List.of(), Map.of(), ROOT).compare());
        assertEquals(List.of(Path.of("/data/bench/latest.json")),
                BenchOptions.parse(List.of("--compare", "/data/bench/latest.json"), Map.of(), ROOT).compare());
        assertEquals(List.of(Path.of("/data/a.json"), Path.of("/data/b.json")),
                BenchOptions.parse(List.of("--compare=/data/a.json, /data/b.json"), Map.of(), ROOT).compare());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--compare"), Map.of(), ROOT));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--compare", ","), Map.of(), ROOT));
    }

    @Test
    void runsAreComparedWithTheBaselinesWithoutRunningAndNeedThem() {
        BenchOptions options = BenchOptions.parse(List.of("--compare", "/data/a.json,/data/b.json", "--runs", "/data/c.json,/data/d.json"),
                Map.of(), ROOT);
        assertEquals(List.of(Path.of("/data/c.json"), Path.of("/data/d.json")), options.runs());
        assertEquals(List.of(), BenchOptions.parse(List.of(), Map.of(), ROOT).runs(), "no --runs: the bench runs");
        IllegalArgumentException alone = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(List.of("--runs", "/data/c.json"), Map.of(), ROOT));
        assertTrue(alone.getMessage().contains("--compare"), alone.getMessage());
        assertTrue(BenchOptions.USAGE.contains("--runs"));
    }

    @Test
    void blocksWithAndWithoutWebhooksOnlyWhenAskedWithWebhooksAndAtMostAQuarterOfWhatIsLeft() {
        assertEquals(0, BenchOptions.parse(List.of(), Map.of(), ROOT).webhooksAb());
        assertEquals(2000, BenchOptions.parse(List.of("--webhooks-ab", "2000"), Map.of(), ROOT).webhooksAb());
        assertEquals(25, BenchOptions.parse(List.of("--size", "700", "--single", "500", "--warm-up", "100", "--webhooks-ab=50"), Map.of(), ROOT)
                .webhooksAb(), "700 authorities: 600 taken, 100 left for four blocks");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--no-webhooks", "--webhooks-ab", "10"),
                Map.of(), ROOT)).getMessage().contains("--no-webhooks"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--webhooks-ab", "x"), Map.of(), ROOT));
        assertTrue(BenchOptions.USAGE.contains("--webhooks-ab"));
    }

    @Test
    void eightThousandSingleSubmissionsWarmUpByDefaultAtMostWhatTheSizeLeaves() {
        assertEquals(8000, BenchOptions.parse(List.of(), Map.of(), ROOT).warmUp());
        assertEquals(0, BenchOptions.parse(List.of("--warm-up", "0"), Map.of(), ROOT).warmUp());
        assertEquals(200, BenchOptions.parse(List.of("--warm-up=200"), Map.of(), ROOT).warmUp());
        assertEquals(100, BenchOptions.parse(List.of("--size", "600", "--single", "500"), Map.of(), ROOT).warmUp(),
                "600 authorities: 500 measured, 100 left to warm up");
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--warm-up", "-1"), Map.of(), ROOT));
        assertTrue(BenchOptions.USAGE.contains("--warm-up"));
    }

    @Test
    void singleSubmissionsNeverExceedTheSize() {
        assertEquals(150, BenchOptions.parse(List.of("--size", "150"), Map.of(), ROOT).single());
        assertEquals(150, BenchOptions.parse(List.of("--size", "150", "--single", "900"), Map.of(), ROOT).single());
    }

    @Test
    void badValuesAreRefusedWithTheirName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--size", "0"), Map.of(), ROOT))
                .getMessage().contains("--size"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--size", "40000"), Map.of(), ROOT))
                .getMessage().contains("36130"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--threads", "x"), Map.of(), ROOT))
                .getMessage().contains("--threads"));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--single"), Map.of(), ROOT));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--fresh"), Map.of(), ROOT));
        assertTrue(BenchOptions.parse(List.of("--help"), Map.of(), ROOT).help());
    }
}
