package fr.barometre.scoring.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact quotient of two decimals: scores are weighted means, and their level is decided on the
 * exact value, never on a rounded one.
 */
public record Ratio(BigDecimal numerator, BigDecimal denominator) implements Comparable<Ratio> {

    public Ratio {
        if (denominator.signum() <= 0) {
            throw new IllegalArgumentException("A ratio needs a positive denominator");
        }
    }

    public static Ratio of(BigDecimal value) {
        return new Ratio(value, BigDecimal.ONE);
    }

    /** Whether this value is at least the bound, decided without division. */
    public boolean atLeast(BigDecimal bound) {
        return numerator.compareTo(bound.multiply(denominator)) >= 0;
    }

    public boolean below(BigDecimal bound) {
        return !atLeast(bound);
    }

    public boolean atMost(BigDecimal bound) {
        return numerator.compareTo(bound.multiply(denominator)) <= 0;
    }

    public Ratio times(BigDecimal factor) {
        return new Ratio(numerator.multiply(factor), denominator);
    }

    public Ratio plus(Ratio other) {
        if (denominator.compareTo(other.denominator) == 0) {
            return new Ratio(numerator.add(other.numerator), denominator);
        }
        return new Ratio(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    public Ratio dividedBy(BigDecimal divisor) {
        return new Ratio(numerator, denominator.multiply(divisor));
    }

    /** For display: two decimals, half up. */
    public BigDecimal rounded() {
        return numerator.divide(denominator, 2, RoundingMode.HALF_UP);
    }

    @Override
    public int compareTo(Ratio other) {
        return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
    }
}
