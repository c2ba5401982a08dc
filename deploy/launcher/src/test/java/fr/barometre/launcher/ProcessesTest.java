package fr.barometre.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProcessesTest {

    @Test
    void progressLinesLoseTheirTimestampAndLogger() {
        assertEquals("Quarkus augmentation completed in 42133ms", Processes.shorten(
                "2026-11-28 13:46:53,290 INFO  [io.quarkus.deployment.QuarkusAugmentor] (main) Quarkus augmentation completed in 42133ms"));
        assertEquals("Updating the configuration", Processes.shorten("Updating the configuration"));
    }

    @Test
    void lastLineOfALog() throws Exception {
        Path log = Files.createTempFile("launcher", ".log");
        try {
            Files.writeString(log, "2026-11-28 13:46:53,290 INFO  [x] (main) first\n2026-11-28 13:46:54,290 WARN  [y] (main) second\n\n");
            assertEquals("second", Processes.lastLogLine(log));
        } finally {
            Files.delete(log);
        }
        assertNull(Processes.lastLogLine(log));
    }

    @Test
    void keycloakVersionComesFromTheBuild() {
        assertEquals(26, Integer.parseInt(KeycloakServer.version().split("\\.")[0]));
    }
}
