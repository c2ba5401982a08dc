package fr.barometre.reporting.figures;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** How the themes' shares combine: competition ranking and dispersion, on exact fractions. */
public final class Ranking {

    private Ranking() {
    }

    /** Competition ranking, highest share first: equal shares share a rank and the next rank skips (1, 1, 3). */
    public static <K> Map<K, Integer> competition(Map<K, Fraction> shares) {
        Map<K, Integer> ranks = new LinkedHashMap<>();
        shares.forEach((key, share) -> {
            int above = 0;
            for (Fraction other : shares.values()) {
                if (other.compareTo(share) > 0) {
                    above++;
                }
            }
            ranks.put(key, above + 1);
        });
        return ranks;
    }

    /** max − min of the shares, in points; null without shares. */
    public static BigDecimal rangePoints(Collection<Fraction> shares) {
        if (shares.isEmpty()) {
            return null;
        }
        Fraction max = shares.stream().max(Fraction::compareTo).orElseThrow();
        Fraction min = shares.stream().min(Fraction::compareTo).orElseThrow();
        return max.minus(min).points();
    }

    /** Population standard deviation of the shares, in points (two decimals); null without shares. */
    public static BigDecimal standardDeviationPoints(Collection<Fraction> shares) {
        if (shares.isEmpty()) {
            return null;
        }
        Fraction sum = Fraction.ZERO;
        for (Fraction s : shares) {
            sum = sum.plus(s);
        }
        Fraction mean = sum.dividedBy(shares.size());
        Fraction squares = Fraction.ZERO;
        for (Fraction s : shares) {
            Fraction d = s.minus(mean);
            squares = squares.plus(d.times(d));
        }
        Fraction variancePoints = squares.dividedBy(shares.size()).times(Fraction.of(10_000, 1));
        return variancePoints.sqrt(2);
    }
}
