package fr.barometre.scoring.engine;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exact quotient theme scores and the index are kept in. */
class RatioTest {

    private static Ratio ratio(String numerator, String denominator) {
        return new Ratio(new BigDecimal(numerator), new BigDecimal(denominator));
    }

    @Test
    void aRatioNeedsAPositiveDenominator() {
        assertThrows(IllegalArgumentException.class, () -> ratio("1", "0"));
        assertThrows(IllegalArgumentException.class, () -> ratio("1", "-2"));
        assertEquals(new BigDecimal("0.50"), ratio("1", "2").rounded());
    }

    @Test
    void boundsAreComparedOnTheExactValue() {
        Ratio twoThirds = ratio("2", "3");
        assertTrue(twoThirds.atLeast(new BigDecimal("0.6666")));
        assertTrue(twoThirds.below(new BigDecimal("0.6667")));
        assertFalse(twoThirds.atMost(new BigDecimal("0.6666")));
        assertTrue(twoThirds.atMost(new BigDecimal("0.6667")));
        // on the bound itself: at least and at most, not below
        Ratio half = ratio("1", "2");
        assertTrue(half.atLeast(new BigDecimal("0.5")));
        assertTrue(half.atMost(new BigDecimal("0.5")));
        assertFalse(half.below(new BigDecimal("0.5")));
    }

    @Test
    void sumsAreExactWhetherTheDenominatorsAreEqualOrNot() {
        // same denominator: 1/3 + 1/3 = 2/3
        Ratio sameDenominator = ratio("1", "3").plus(ratio("1", "3"));
        assertEquals(0, sameDenominator.compareTo(ratio("2", "3")));
        assertEquals(new BigDecimal("0.67"), sameDenominator.rounded());
        // different denominators: 1/3 + 1/6 = 1/2
        Ratio different = ratio("1", "3").plus(ratio("1", "6"));
        assertEquals(0, different.compareTo(ratio("1", "2")));
    }

    @Test
    void comparisonIsByValueNotByRepresentation() {
        assertTrue(ratio("1", "3").compareTo(ratio("1", "2")) < 0);
        assertTrue(ratio("1", "2").compareTo(ratio("1", "3")) > 0);
        assertEquals(0, ratio("2", "4").compareTo(ratio("1", "2")));
    }

    @Test
    void timesAndDividedByScaleTheValue() {
        assertEquals(new BigDecimal("1.50"), ratio("1", "2").times(new BigDecimal("3")).rounded());
        assertEquals(new BigDecimal("0.17"), ratio("1", "2").dividedBy(new BigDecimal("3")).rounded());
        assertEquals(new BigDecimal("0.33"), Ratio.of(BigDecimal.ONE).dividedBy(new BigDecimal("3")).rounded());
    }

    @Test
    void roundingForDisplayIsHalfUpToTwoDecimals() {
        assertEquals(new BigDecimal("0.13"), ratio("1", "8").rounded());      // 0.125 → 0.13
        assertEquals(new BigDecimal("-0.13"), ratio("-1", "8").rounded());
    }
}
