package fr.barometre.survey.page;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Figures as a French reader expects them: decimal comma, digits grouped by a no-break space, "12,5 %". */
final class FrenchFormat {

    private static final char NO_BREAK_SPACE = '\u00a0';

    private FrenchFormat() {
    }

    /** A count: "1 200". */
    static String count(long n) {
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.FRANCE);
        symbols.setGroupingSeparator(NO_BREAK_SPACE);
        return new DecimalFormat("#,##0", symbols).format(n);
    }

    /** A decimal with this many decimals, rounded half up: "62,50". */
    static String decimal(BigDecimal value, int decimals) {
        return value.setScale(decimals, RoundingMode.HALF_UP).toPlainString().replace('.', ',');
    }

    /** A ratio 0–1 as a percentage with this many decimals: "12,5 %". */
    static String percent(BigDecimal ratio, int decimals) {
        return decimal(ratio.movePointRight(2), decimals) + NO_BREAK_SPACE + "%";
    }
}
