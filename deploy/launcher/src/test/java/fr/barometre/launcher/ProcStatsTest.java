package fr.barometre.launcher;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcStatsTest {

    @Test
    void statFieldsAreCountedFromTheLastParenthesis() {
        // the command name may hold spaces and parentheses
        String line = "4242 (postgres: a (b) c) S 4200 4200 4200 0 -1 4194560 1000 20 0 0 1250 375 40 60 20 0 1 0 123 4567 89";
        ProcStats.Stat s = ProcStats.parseStat(line);
        assertEquals(4242, s.pid());
        assertEquals(4200, s.ppid());
        assertEquals(1250, s.utime());
        assertEquals(375, s.stime());
        assertEquals(40, s.cutime());
        assertEquals(60, s.cstime());
        assertEquals(16.25, s.ownSeconds(), 1e-9);
        assertEquals(17.25, s.withEndedChildrenSeconds(), 1e-9, "ended children (cutime, cstime) count for the postmaster");
    }

    @Test
    void memoryFieldsInBytes() {
        String status = "Name:\tjava\nVmPeak:\t 3000000 kB\nVmHWM:\t  262144 kB\nVmRSS:\t  131072 kB\nThreads:\t40\n";
        assertEquals(256L * 1024 * 1024, ProcStats.parseStatusKb(status, "VmHWM"));
        assertEquals(128L * 1024 * 1024, ProcStats.parseStatusKb(status, "VmRSS"));
        assertEquals(0, ProcStats.parseStatusKb(status, "VmSwap"));
    }

    @Test
    void thisProcessHasUsedSomeCpuAndMemory() {
        long self = ProcessHandle.current().pid();
        assertTrue(ProcStats.cpuSeconds(self) > 0);
        long resident = ProcStats.memory(self, "VmRSS");   // read first: the peak read after it covers it
        assertTrue(resident > 0);
        assertTrue(ProcStats.memory(self, "VmHWM") >= resident);
    }

    @Test
    void aParentCountsItsLiveChildren() throws Exception {
        long self = ProcessHandle.current().pid();
        Process child = new ProcessBuilder("sleep", "5").start();
        try {
            assertTrue(ProcStats.children(self).stream().anyMatch(s -> s.pid() == child.pid()));
            double own = ProcStats.cpuSeconds(self);
            assertTrue(ProcStats.treeCpuSeconds(self) >= own);
        } finally {
            child.destroy();
            child.waitFor();
        }
    }
}
