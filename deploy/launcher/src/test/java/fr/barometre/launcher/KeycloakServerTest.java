package fr.barometre.launcher;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KeycloakServerTest {

    @Test
    void progressLinesLoseTheirTimestampAndLogger() {
        assertEquals("Quarkus augmentation completed in 42133ms", KeycloakServer.shorten(
                "2026-11-28 13:46:53,290 INFO  [io.quarkus.deployment.QuarkusAugmentor] (main) Quarkus augmentation completed in 42133ms"));
        assertEquals("Updating the configuration", KeycloakServer.shorten("Updating the configuration"));
    }

    @Test
    void versionComesFromTheBuild() {
        assertEquals(26, Integer.parseInt(KeycloakServer.version().split("\\.")[0]));
    }
}
