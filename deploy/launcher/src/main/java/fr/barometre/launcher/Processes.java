package fr.barometre.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Stopping a child process and everything it started. */
final class Processes {

    private Processes() {
    }

    /** The java binary of this JVM, so that children run on the same Java. */
    static String javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }

    /** The last non-empty line of a log, without timestamp, level and logger, at most 160 characters; or null. */
    static String lastLogLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = shorten(lines.get(i));
                if (!line.isEmpty()) {
                    return line.length() > 160 ? line.substring(0, 160) + "…" : line;
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // no log yet, or not text
        }
        return null;
    }

    /** A Quarkus log line without its prefix: {@code 2026-… INFO  [logger] (thread) text} → {@code text}. */
    static String shorten(String line) {
        return line.strip().replaceFirst("^\\d{4}-\\d\\d-\\d\\d [\\d:,.]+\\s+\\w+\\s+\\[[^\\]]*\\]\\s+\\([^)]*\\)\\s*", "");
    }

    /** The process and its descendants, the process first; empty when there is none. */
    static List<ProcessHandle> tree(Process process) {
        if (process == null) {
            return List.of();
        }
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        return tree;
    }

    /**
     * Sends a signal ({@code STOP}, {@code CONT}, …) to each process with {@code kill -SIGNAL pid…};
     * returns the pids signalled. Throws when {@code kill} fails.
     */
    static List<Long> signal(List<ProcessHandle> processes, String signal) {
        List<Long> pids = processes.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
        if (pids.isEmpty()) {
            return pids;
        }
        List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(pid -> command.add(String.valueOf(pid)));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending " + signal, e);
        }
        return pids;
    }

    /** Kills a process tree at once (SIGKILL, no grace) and returns once nothing of it runs. */
    static void killTree(Process process) {
        List<ProcessHandle> tree = tree(process);
        tree.forEach(ProcessHandle::destroyForcibly);
        tree.forEach(Processes::awaitExit);
    }

    private static void awaitExit(ProcessHandle handle) {
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            Console.warn("process " + handle.pid() + " did not end");
        }
    }

    /**
     * Stops a process tree: SIGTERM to the process and its descendants, up to {@code graceSeconds}
     * for them to end, then SIGKILL to whatever is left. Returns once nothing of the tree runs.
     */
    static void stopTree(Process process, long graceSeconds) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = tree(process);
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(graceSeconds);
        for (ProcessHandle handle : tree) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    handle.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception e) {
                // still running: killed below
            }
        }
        for (ProcessHandle handle : tree) {
            if (handle.isAlive()) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
                awaitExit(handle);
            }
        }
    }
}
