package fr.barometre.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * CPU time and resident memory of processes, read from Linux's {@code /proc}: {@code /proc/<pid>/stat}
 * (utime, stime, and cutime, cstime for the children it has waited for) and {@code /proc/<pid>/status}
 * (VmRSS, VmHWM). Values are 0 where {@code /proc} is not there (another system).
 */
final class ProcStats {

    /** Clock ticks per second of {@code /proc/<pid>/stat}'s times: USER_HZ, 100 on Linux. */
    static final double TICKS_PER_SECOND = 100.0;

    private static final Path PROC = Path.of("/proc");

    private ProcStats() {
    }

    /** The fields of one {@code /proc/<pid>/stat} line that matter here. */
    record Stat(long pid, long ppid, long utime, long stime, long cutime, long cstime) {

        /** CPU seconds of the process itself. */
        double ownSeconds() {
            return (utime + stime) / TICKS_PER_SECOND;
        }

        /** CPU seconds of the process and of its children that ended (waited for). */
        double withEndedChildrenSeconds() {
            return (utime + stime + cutime + cstime) / TICKS_PER_SECOND;
        }
    }

    /**
     * Parses a {@code /proc/<pid>/stat} line. The command name (field 2) is in parentheses and may hold
     * spaces or parentheses itself, so the fields are counted from the last ')'.
     */
    static Stat parseStat(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("Not a /proc stat line: " + line);
        }
        long pid = Long.parseLong(line.substring(0, open).trim());
        String[] f = line.substring(close + 1).trim().split("\\s+");
        // f[0] state (field 3), f[1] ppid (4), ... f[11] utime (14), f[12] stime (15), f[13] cutime (16), f[14] cstime (17)
        return new Stat(pid, Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                Long.parseLong(f[13]), Long.parseLong(f[14]));
    }

    /** A {@code kB} field of {@code /proc/<pid>/status} (VmRSS, VmHWM) in bytes, or 0 when absent. */
    static long parseStatusKb(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return 0;
    }

    static OptionalStat stat(long pid) {
        try {
            return new OptionalStat(parseStat(Files.readString(PROC.resolve(String.valueOf(pid)).resolve("stat"))));
        } catch (IOException | RuntimeException e) {
            return new OptionalStat(null);
        }
    }

    record OptionalStat(Stat value) {
        double ownSeconds() {
            return value == null ? 0 : value.ownSeconds();
        }
    }

    /** CPU seconds used so far by one process (its own threads). */
    static double cpuSeconds(long pid) {
        return stat(pid).ownSeconds();
    }

    /**
     * CPU seconds used so far by a process and its whole family: itself, the children that ended
     * (cutime, cstime: PostgreSQL's postmaster waits for each backend it started) and the live children.
     */
    static double treeCpuSeconds(long pid) {
        OptionalStat root = stat(pid);
        if (root.value() == null) {
            return 0;
        }
        double seconds = root.value().withEndedChildrenSeconds();
        for (Stat child : children(pid)) {
            seconds += child.ownSeconds();
        }
        return seconds;
    }

    /** The live children of a process (by the ppid of every /proc/<pid>/stat). */
    static List<Stat> children(long pid) {
        List<Stat> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path entry : entries) {
                try {
                    Stat s = parseStat(Files.readString(entry.resolve("stat")));
                    if (s.ppid() == pid) {
                        children.add(s);
                    }
                } catch (IOException | RuntimeException e) {
                    // ended meanwhile
                }
            }
        } catch (IOException e) {
            // no /proc
        }
        return children;
    }

    /** A memory field of {@code /proc/<pid>/status} in bytes (VmRSS: now; VmHWM: the peak), or 0. */
    static long memory(long pid, String field) {
        try {
            return parseStatusKb(Files.readString(PROC.resolve(String.valueOf(pid)).resolve("status")), field);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** A field of a file like /proc/meminfo ({@code MemTotal}) in bytes, or empty. */
    static OptionalLong meminfo(String field) {
        try {
            long v = parseStatusKb(Files.readString(PROC.resolve("meminfo")), field);
            return v == 0 ? OptionalLong.empty() : OptionalLong.of(v);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The 1, 5 and 15 minute load averages, or an empty list. */
    static List<Double> loadAverage() {
        try {
            String[] f = Files.readString(PROC.resolve("loadavg")).trim().split("\\s+");
            return List.of(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
