package fr.barometre.reporting.figures;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Competition ranking and dispersion on exact fractions. */
class RankingTest {

    @Test
    void equalSharesShareARankAndTheNextRankSkips() {
        Map<String, Fraction> shares = new LinkedHashMap<>();
        shares.put("A", Fraction.of(1, 2));
        shares.put("B", Fraction.of(2, 4));
        shares.put("C", Fraction.of(1, 3));
        shares.put("D", Fraction.of(3, 4));
        assertEquals(Map.of("D", 1, "A", 2, "B", 2, "C", 4), Ranking.competition(shares));
    }

    @Test
    void sharesThatRoundAlikeAreStillRankedExactly() {
        Map<String, Fraction> shares = new LinkedHashMap<>();
        shares.put("third", Fraction.of(1, 3));
        shares.put("almost", Fraction.of(3333, 10000));
        assertEquals(shares.get("third").decimal(4), shares.get("almost").decimal(4));
        assertEquals(Map.of("third", 1, "almost", 2), Ranking.competition(shares));
    }

    @Test
    void sharesOfDifferentDenominatorsThatAreEqualTie() {
        Map<String, Fraction> shares = new LinkedHashMap<>();
        shares.put("A", Fraction.of(2, 6));
        shares.put("B", Fraction.of(5, 15));
        shares.put("C", Fraction.of(1, 1));
        assertEquals(Map.of("C", 1, "A", 2, "B", 2), Ranking.competition(shares));
    }

    @Test
    void rangeAndPopulationStandardDeviationInPoints() {
        List<Fraction> shares = List.of(Fraction.of(1, 4), Fraction.of(3, 4));
        assertEquals(new BigDecimal("50.00"), Ranking.rangePoints(shares));
        assertEquals(new BigDecimal("25.00"), Ranking.standardDeviationPoints(shares));   // population, not sample (35.36)
        assertEquals(new BigDecimal("0.00"), Ranking.standardDeviationPoints(List.of(Fraction.of(1, 3), Fraction.of(2, 6))));
        assertNull(Ranking.rangePoints(List.of()));
    }

    @Test
    void pointsAreAHundredTimesTheRatioRoundedToTwoDecimals() {
        assertEquals(new BigDecimal("26.67"), Fraction.of(2, 3).minus(Fraction.of(2, 5)).points());
        assertEquals(new BigDecimal("-20.00"), Fraction.of(3, 5).minus(Fraction.of(4, 5)).points());
    }

    @Test
    void withoutSharesThereIsNoDispersionAndOneShareHasNone() {
        assertNull(Ranking.rangePoints(List.of()));
        assertNull(Ranking.standardDeviationPoints(List.of()));
        assertEquals(new BigDecimal("0.00"), Ranking.rangePoints(List.of(Fraction.of(2, 3))));
        assertEquals(new BigDecimal("0.00"), Ranking.standardDeviationPoints(List.of(Fraction.of(2, 3))));
    }

    @Test
    void theStandardDeviationIsOverAllTheShares() {
        // 0, 1/2, 1: mean 1/2, variance (1/4 + 0 + 1/4) / 3 = 1/6 → 40.82 points
        assertEquals(new BigDecimal("40.82"), Ranking.standardDeviationPoints(List.of(Fraction.of(0, 1), Fraction.of(1, 2), Fraction.of(1, 1))));
        assertEquals(new BigDecimal("100.00"), Ranking.rangePoints(List.of(Fraction.of(1, 2), Fraction.of(0, 1), Fraction.of(1, 1))));
    }
}
