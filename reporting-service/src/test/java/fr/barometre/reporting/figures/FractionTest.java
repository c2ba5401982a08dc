package fr.barometre.reporting.figures;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact rationals shares are computed in. */
class FractionTest {

    private static void assertTerms(long numerator, long denominator, Fraction f) {
        assertEquals(BigInteger.valueOf(numerator), f.numerator(), "numerator of " + f);
        assertEquals(BigInteger.valueOf(denominator), f.denominator(), "denominator of " + f);
    }

    @Test
    void aFractionNeedsANonZeroDenominator() {
        assertThrows(ArithmeticException.class, () -> Fraction.of(1, 0));
    }

    @Test
    void fractionsAreKeptInLowestTermsWithAPositiveDenominator() {
        assertTerms(1, 2, Fraction.of(2, 4));
        assertTerms(-1, 2, Fraction.of(3, -6));
        assertTerms(1, 2, Fraction.of(-5, -10));
        assertTerms(0, 1, Fraction.of(0, 7));
        assertTerms(3, 7, Fraction.of(3, 7));
        assertEquals(Fraction.of(1, 3), Fraction.of(5, 15));
    }

    @Test
    void arithmeticIsExact() {
        assertTerms(5, 6, Fraction.of(1, 2).plus(Fraction.of(1, 3)));
        assertTerms(1, 6, Fraction.of(1, 2).minus(Fraction.of(1, 3)));
        assertTerms(-1, 6, Fraction.of(1, 3).minus(Fraction.of(1, 2)));
        assertTerms(1, 6, Fraction.of(1, 2).times(Fraction.of(1, 3)));
        assertTerms(1, 6, Fraction.of(1, 2).dividedBy(3));
        assertTerms(1, 3, Fraction.ZERO.plus(Fraction.of(2, 6)));
    }

    @Test
    void comparisonIsExactWhateverTheDenominators() {
        assertTrue(Fraction.of(1, 3).compareTo(Fraction.of(3333, 10000)) > 0);
        assertTrue(Fraction.of(3333, 10000).compareTo(Fraction.of(1, 3)) < 0);
        assertEquals(0, Fraction.of(2, 6).compareTo(Fraction.of(5, 15)));
    }

    @Test
    void decimalsAreRoundedHalfUpToTheScaleAsked() {
        assertEquals(new BigDecimal("0.6667"), Fraction.of(2, 3).decimal(4));
        assertEquals(new BigDecimal("0.13"), Fraction.of(1, 8).decimal(2));          // 0.125 → 0.13
        assertEquals(new BigDecimal("0.1"), Fraction.of(1, 8).decimal(1));
        assertEquals(new BigDecimal("12.50"), Fraction.of(1, 8).points());
        assertEquals(new BigDecimal("66.67"), Fraction.of(2, 3).points());
        assertEquals(new BigDecimal("0.00"), Fraction.of(1, 16000).decimal(2));       // 0.0000625 → 0.00
    }

    @Test
    void squareRootsAreRoundedToTheScaleAsked() {
        assertEquals(new BigDecimal("1.41"), Fraction.of(2, 1).sqrt(2));
        assertEquals(new BigDecimal("0.50"), Fraction.of(1, 4).sqrt(2));
        assertEquals(new BigDecimal("0.816"), Fraction.of(2, 3).sqrt(3));          // 0.81649…
        assertEquals(new BigDecimal("0.00"), Fraction.ZERO.sqrt(2));
    }
}
