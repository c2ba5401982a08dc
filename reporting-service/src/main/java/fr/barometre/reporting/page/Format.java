package fr.barometre.reporting.page;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Numbers and dates written the French way: "35,0 %", "+5,0 points", "36 130", "30 novembre 2026". */
final class Format {

    static final String NBSP = "\u00a0";
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' HH'h'mm", Locale.FRENCH);

    private Format() {
    }

    /** A ratio 0–1 as a percentage with one decimal. */
    static String percent(BigDecimal ratio) {
        if (ratio == null) {
            return "—";
        }
        return decimal(ratio.movePointRight(2), 1) + NBSP + "%";
    }

    /** A difference in points, signed. */
    static String points(BigDecimal points) {
        if (points == null) {
            return "—";
        }
        String sign = points.signum() > 0 ? "+" : points.signum() < 0 ? "\u2212" : "";
        return sign + decimal(points.abs(), 1) + NBSP + "pt" + (points.abs().compareTo(BigDecimal.valueOf(2)) >= 0 ? "s" : "");
    }

    static String decimal(BigDecimal value, int scale) {
        return value.setScale(scale, RoundingMode.HALF_UP).toPlainString().replace('.', ',');
    }

    static String integer(Long value) {
        if (value == null) {
            return "—";
        }
        String digits = Long.toString(Math.abs(value));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                out.append(NBSP);
            }
            out.append(digits.charAt(i));
        }
        return (value < 0 ? "\u2212" : "") + out;
    }

    static String date(Instant instant) {
        return instant == null ? "—" : DATE.format(instant.atZone(PARIS));
    }

    static String dateTime(Instant instant) {
        return instant == null ? "—" : DATE_TIME.format(instant.atZone(PARIS));
    }

    /** A rank change written out: "+2 places", "−1 place", "=". */
    static String rankChange(Integer change) {
        if (change == null) {
            return "—";
        }
        if (change == 0) {
            return "=";
        }
        return (change > 0 ? "+" : "\u2212") + Math.abs(change) + NBSP + "place" + (Math.abs(change) > 1 ? "s" : "");
    }
}
