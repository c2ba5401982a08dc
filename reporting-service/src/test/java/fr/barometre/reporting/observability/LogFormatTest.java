package fr.barometre.reporting.observability;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logs are JSON lines in production (with the trace and span ids Quarkus puts in each record's MDC),
 * and readable lines under the local (the launcher's), dev and test profiles. Read from the
 * service's own application.properties as each profile sees it; quarkus-logging-json writes JSON
 * unless told otherwise.
 */
class LogFormatTest {

    private static boolean jsonUnder(String profile) throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withProfile(profile)
                .withSources(new PropertiesConfigSource(LogFormatTest.class.getResource("/application.properties"), 250))
                .build();
        return config.getOptionalValue("quarkus.log.console.json.enabled", Boolean.class).orElse(true);
    }

    @Test
    void jsonLinesInProductionReadableLinesLocallyInDevAndInTests() throws IOException {
        assertTrue(jsonUnder("prod"), "production");
        assertFalse(jsonUnder("local"), "the launcher's profile");
        assertFalse(jsonUnder("dev"), "dev");
        assertFalse(jsonUnder("test"), "tests");
    }
}
