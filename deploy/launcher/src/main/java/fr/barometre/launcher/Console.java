package fr.barometre.launcher;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** The launcher's output: a CLI, so plain lines on standard output. */
final class Console {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Console() {
    }

    static void info(String message) {
        System.out.println(LocalTime.now().format(TIME) + "  " + message);
        System.out.flush();
    }

    static void warn(String message) {
        System.out.println(LocalTime.now().format(TIME) + "  WARNING: " + message);
        System.out.flush();
    }
}
