package fr.barometre.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceProcessTest {

    private static long megabytes(List<String> options, String prefix) {
        String value = options.stream().filter(o -> o.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError(prefix + " missing from " + options)).substring(prefix.length());
        assertTrue(value.endsWith("m"), value);
        return Long.parseLong(value.substring(0, value.length() - 1));
    }

    @Test
    void everyServiceStartsSmallWithABoundedHeapThatGivesMemoryBack() {
        for (String service : List.of(Stack.SURVEY, Stack.SCORING, Stack.REPORTING)) {
            List<String> options = ServiceProcess.jvmOptions(service);
            assertTrue(megabytes(options, "-Xms") <= 32, service + ": not 1/64 of the machine's memory to begin with");
            assertTrue(megabytes(options, "-Xmx") <= 256, service + ": a heap within the 250 MB budget's reach");
            assertTrue(options.contains("-XX:MaxHeapFreeRatio=30"), service + ": a peak's heap given back");
            assertTrue(options.contains("-XX:+UseSerialGC"), service);
            assertTrue(options.contains("-XX:+ExitOnOutOfMemoryError"), service + ": as in production");
        }
        assertEquals(256, megabytes(ServiceProcess.jvmOptions(Stack.SURVEY), "-Xmx"), "four batches of 1,000 responses at once");
        assertEquals("2", ServiceProcess.NATIVE_ENVIRONMENT.get("MALLOC_ARENA_MAX"));
    }
}
