package fr.barometre.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pages the launcher's summary points a person to, on the ports chosen. */
class LauncherSummaryTest {

    @Test
    void thePagesAndWhoSignsInAreListedOnThePortsChosen() {
        LauncherOptions options = LauncherOptions.parse(List.of("--survey-port", "9081", "--reporting-port", "9083"), Map.of(), Path.of("/repo"));
        String pages = Launcher.pages(options, true);
        assertTrue(pages.contains("http://localhost:9083/ "), pages);
        assertTrue(pages.contains("http://localhost:9083/editions/2025"), pages);
        assertTrue(pages.contains("http://localhost:9083/apercu/editions/2025   (sign in as analyst"), pages);
        assertTrue(pages.contains("http://localhost:9081/   (sign in as agent-rennes-metropole"), pages);
        assertTrue(pages.contains("http://localhost:9081/campagnes/2025/participation   (sign in as analyst"), pages);
    }

    @Test
    void withoutReportingServiceNoEditionPageIsListed() {
        String pages = Launcher.pages(LauncherOptions.parse(List.of(), Map.of(), Path.of("/repo")), false);
        assertFalse(pages.contains(":8083"), pages);
        assertTrue(pages.contains("http://localhost:8081/"), pages);
    }
}
