package fr.barometre.survey.registry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StratumTest {

    @ParameterizedTest(name = "{0} inhabitants → {1}")
    @CsvSource({
            "0, S1", "3499, S1",
            "3500, S2", "19999, S2",
            "20000, S3", "49999, S3",
            "50000, S4", "99999, S4",
            "100000, S5", "199999, S5",
            "200000, S6", "2145906, S6"})
    void eachBoundIsInclusiveBelowAndExclusiveAbove(int population, Stratum expected) {
        assertEquals(expected, Stratum.of(population).orElseThrow());
    }

    @Test
    void noPopulationMeansNoStratum() {
        assertTrue(Stratum.of(null).isEmpty());
        assertTrue(Stratum.of(-1).isEmpty());
    }

    @Test
    void theLowerBoundsAreTheInseeThresholds() {
        assertEquals(List.of(0, 3_500, 20_000, 50_000, 100_000, 200_000),
                Arrays.stream(Stratum.values()).map(Stratum::lowerBound).toList());
    }
}
