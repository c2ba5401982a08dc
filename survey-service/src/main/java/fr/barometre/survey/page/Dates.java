package fr.barometre.survey.page;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates as the pages write them (Paris time). */
final class Dates {

    private static final DateTimeFormatter FRENCH = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH'h'mm", Locale.FRENCH)
            .withZone(ZoneId.of("Europe/Paris"));

    private Dates() {
    }

    static String french(Instant instant) {
        return FRENCH.format(instant);
    }
}
