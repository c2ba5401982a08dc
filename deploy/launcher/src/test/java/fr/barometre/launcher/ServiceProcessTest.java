package fr.barometre.launcher;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceProcessTest {

    private static final List<String> SERVICES = List.of(Stack.SURVEY, Stack.SCORING, Stack.REPORTING);

    private static long megabytes(List<String> options, String prefix) {
        String value = options.stream().filter(o -> o.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError(prefix + " missing from " + options)).substring(prefix.length());
        assertTrue(value.endsWith("m"), value);
        return Long.parseLong(value.substring(0, value.length() - 1));
    }

    @Test
    void everyServiceStartsSmallWithABoundedHeapThatGivesMemoryBack() {
        for (String service : SERVICES) {
            List<String> options = ServiceProcess.jvmOptions(service);
            assertTrue(megabytes(options, "-Xms") <= 32, service + ": not 1/64 of the machine's memory to begin with");
            assertTrue(options.contains("-XX:MaxHeapFreeRatio=30"), service + ": a peak's heap given back");
            assertTrue(options.contains("-XX:+UseSerialGC"), service);
            assertTrue(options.contains("-XX:+ExitOnOutOfMemoryError"), service + ": as in production");
        }
        assertEquals("2", ServiceProcess.NATIVE_ENVIRONMENT.get("MALLOC_ARENA_MAX"));
    }

    @Test
    void aServiceOutOfMemoryLeavesItsHeapInTheLogsFolder() {
        List<String> options = ServiceProcess.heapDumpOptions(Path.of("/data/logs"), "survey-service-2");
        assertTrue(options.contains("-XX:+HeapDumpOnOutOfMemoryError"), options.toString());
        assertTrue(options.contains("-XX:HeapDumpPath=/data/logs/survey-service-2-oom.hprof"), options.toString());
    }

    /**
     * ≈ 190 MB of a service is not its heap (measured at the bench's peak, see {@link ServiceProcess#jvmOptions}):
     * the heap a load may take is what is left of the 250 MB, and survey-service's two batches at once need the most.
     */
    @Test
    void theHeapsFitTheirLoadWithinTheResidentBudget() {
        assertEquals(160, megabytes(ServiceProcess.jvmOptions(Stack.SURVEY), "-Xmx"), "two batches of 1,000 responses at once (survey-service admits no more)");
        assertEquals(128, megabytes(ServiceProcess.jvmOptions(Stack.SCORING), "-Xmx"), "batches of 500 messages");
        assertEquals(128, megabytes(ServiceProcess.jvmOptions(Stack.REPORTING), "-Xmx"), "batches of 500 facts");
    }

    @Test
    void compiledCodeIsBoundedAndFreedNativeMemoryGivenBack() {
        for (String service : SERVICES) {
            List<String> options = ServiceProcess.jvmOptions(service);
            assertTrue(megabytes(options, "-XX:ReservedCodeCacheSize=") <= 64, service + ": 240 MB of code cache by default");
            long trim = options.stream().filter(o -> o.startsWith("-XX:TrimNativeHeapInterval=")).findFirst()
                    .map(o -> Long.parseLong(o.substring(o.indexOf('=') + 1))).orElse(0L);
            assertTrue(trim > 0 && trim <= 10_000, service + ": the JIT's freed arenas given back to the system, " + trim + " ms");
        }
    }

    /** The options are the JVM's own: an option this Java does not know would stop every service at its start. */
    @Test
    void theJavaThatRunsTheServicesTakesEveryOption() throws IOException, InterruptedException {
        for (String service : SERVICES) {
            List<String> command = new ArrayList<>(List.of(Processes.javaBinary()));
            command.addAll(ServiceProcess.jvmOptions(service));
            command.add("-version");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(ServiceProcess.NATIVE_ENVIRONMENT);
            Process java = builder.start();
            String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(java.waitFor(60, TimeUnit.SECONDS), service);
            assertEquals(0, java.exitValue(), service + ": " + output);
        }
    }
}
