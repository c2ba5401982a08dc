package fr.barometre.launcher;

import java.util.Arrays;
import java.util.Collection;

/** Percentiles of measured durations, by the nearest-rank method (a value that was measured, never an interpolation). */
final class Percentiles {

    private Percentiles() {
    }

    /**
     * The {@code p}-th percentile (0 &lt; p ≤ 100) of the values: the smallest value such that at
     * least p % of them are at most it. NaN when there is none.
     */
    static double of(Collection<? extends Number> values, double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile " + p);
        }
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Number::doubleValue).toArray();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
