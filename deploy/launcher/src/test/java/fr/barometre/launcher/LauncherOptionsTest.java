package fr.barometre.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherOptionsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaults() {
        LauncherOptions options = LauncherOptions.parse(List.of(), Map.of(), ROOT);
        assertEquals(8081, options.surveyPort());
        assertEquals(8082, options.scoringPort());
        assertEquals(8083, options.reportingPort());
        assertEquals(8180, options.keycloakPort());
        assertEquals(0, options.postgresPort());
        assertEquals(Path.of("/repo/.barometre"), options.dataDir());
        assertFalse(options.fresh());
        assertTrue(options.demo());
        assertEquals("http://localhost:8180", options.keycloakUrl());
    }

    @Test
    void environmentThenArguments() {
        Map<String, String> env = Map.of("SURVEY_PORT", "9081", "KEYCLOAK_PORT", "9180", "BAROMETRE_DATA", "/tmp/b");
        LauncherOptions options = LauncherOptions.parse(
                List.of("--keycloak-port", "7180", "--scoring-port=7082", "--fresh", "--no-demo"), env, ROOT);
        assertEquals(9081, options.surveyPort());
        assertEquals(7082, options.scoringPort());
        assertEquals(7180, options.keycloakPort());
        assertEquals(Path.of("/tmp/b"), options.dataDir());
        assertTrue(options.fresh());
        assertFalse(options.demo());
    }

    @Test
    void refusals() {
        assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(List.of("--bogus"), Map.of(), ROOT));
        assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(List.of("--survey-port"), Map.of(), ROOT));
        assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(List.of("--survey-port", "x"), Map.of(), ROOT));
        assertThrows(IllegalArgumentException.class, () -> LauncherOptions.parse(List.of(), Map.of("SCORING_PORT", "70000"), ROOT));
    }
}
