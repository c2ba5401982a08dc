package fr.barometre.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
    void aFrozenTreeStaysStoppedUntilContinued() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c", "sleep 60 & wait").start();
        try {
            List<ProcessHandle> tree = awaitTree(shell);
            assertEquals(2, tree.size(), "the shell and its child");
            assertEquals(tree.stream().map(ProcessHandle::pid).toList(), Processes.signal(tree, "STOP"));
            for (ProcessHandle p : tree) {
                assertEquals('T', awaitState(p.pid(), 'T'), "stopped: " + p.pid());
            }
            Processes.signal(tree, "CONT");
            for (ProcessHandle p : tree) {
                assertEquals('S', awaitState(p.pid(), 'S'), "running again: " + p.pid());
            }
        } finally {
            Processes.killTree(shell);
        }
    }

    @Test
    void aKilledTreeEndsAtOnceChildrenIncluded() throws Exception {
        // the shell ignores SIGTERM: only SIGKILL ends it, and killTree does not wait for a grace period
        Process shell = new ProcessBuilder("sh", "-c", "trap '' TERM; sleep 60 & wait").start();
        List<ProcessHandle> tree = awaitTree(shell);
        long started = System.nanoTime();
        Processes.killTree(shell);
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "no grace period");
        tree.forEach(p -> assertFalse(p.isAlive(), "ended: " + p.pid()));
        assertEquals(137, shell.exitValue(), "128 + SIGKILL");
    }

    private static List<ProcessHandle> awaitTree(Process process) throws InterruptedException {
        for (int i = 0; i < 50 && process.descendants().findAny().isEmpty(); i++) {
            Thread.sleep(100);
        }
        return Processes.tree(process);
    }

    /** The state letter of /proc/PID/stat, polled until it is {@code expected} (or 5 s have passed). */
    private static char awaitState(long pid, char expected) throws Exception {
        char state = '?';
        for (int i = 0; i < 50; i++) {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            state = stat.charAt(stat.lastIndexOf(')') + 2);
            if (state == expected) {
                return state;
            }
            Thread.sleep(100);
        }
        return state;
    }

    @Test
    void keycloakVersionComesFromTheBuild() {
        assertEquals(26, Integer.parseInt(KeycloakServer.version().split("\\.")[0]));
    }
}
