package fr.barometre.reporting.figures;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/** An exact non-negative rational, so that shares compare and combine without rounding. */
public record Fraction(BigInteger numerator, BigInteger denominator) implements Comparable<Fraction> {

    public static final Fraction ZERO = new Fraction(BigInteger.ZERO, BigInteger.ONE);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public Fraction {
        if (denominator.signum() == 0) {
            throw new ArithmeticException("zero denominator");
        }
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger gcd = numerator.gcd(denominator);
        if (gcd.signum() != 0 && !gcd.equals(BigInteger.ONE)) {
            numerator = numerator.divide(gcd);
            denominator = denominator.divide(gcd);
        }
    }

    public static Fraction of(long numerator, long denominator) {
        return new Fraction(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    public Fraction plus(Fraction o) {
        return new Fraction(numerator.multiply(o.denominator).add(o.numerator.multiply(denominator)), denominator.multiply(o.denominator));
    }

    public Fraction minus(Fraction o) {
        return plus(new Fraction(o.numerator.negate(), o.denominator));
    }

    public Fraction times(Fraction o) {
        return new Fraction(numerator.multiply(o.numerator), denominator.multiply(o.denominator));
    }

    public Fraction dividedBy(long n) {
        return new Fraction(numerator, denominator.multiply(BigInteger.valueOf(n)));
    }

    /** Cross-multiplication: exact, whatever the denominators. */
    @Override
    public int compareTo(Fraction o) {
        return numerator.multiply(o.denominator).compareTo(o.numerator.multiply(denominator));
    }

    public BigDecimal decimal(int scale) {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), scale, RoundingMode.HALF_UP);
    }

    /** 100 × this ratio, in points, rounded to two decimals. */
    public BigDecimal points() {
        return new BigDecimal(numerator).multiply(HUNDRED).divide(new BigDecimal(denominator), 2, RoundingMode.HALF_UP);
    }

    /** The square root, to the scale asked (for standard deviations). */
    public BigDecimal sqrt(int scale) {
        BigDecimal value = new BigDecimal(numerator).divide(new BigDecimal(denominator), MathContext.DECIMAL128);
        return value.sqrt(MathContext.DECIMAL128).setScale(scale, RoundingMode.HALF_UP);
    }
}
