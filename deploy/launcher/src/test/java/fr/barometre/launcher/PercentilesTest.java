package fr.barometre.launcher;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PercentilesTest {

    @Test
    void nearestRankOfAHundredValues() {
        List<Integer> values = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            values.add(i); // unsorted on purpose
        }
        assertEquals(50, Percentiles.of(values, 50));
        assertEquals(99, Percentiles.of(values, 99));
        assertEquals(100, Percentiles.of(values, 100));
        assertEquals(1, Percentiles.of(values, 1));
    }

    @Test
    void aFewValuesGiveAValueThatWasMeasured() {
        List<Double> values = List.of(10.0, 300.0, 20.0);
        assertEquals(20.0, Percentiles.of(values, 50));
        assertEquals(300.0, Percentiles.of(values, 99), "p99 of three values is the slowest");
        assertEquals(10.0, Percentiles.of(values, 33));
    }

    @Test
    void noValueIsNotANumber() {
        assertTrue(Double.isNaN(Percentiles.of(List.of(), 50)));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.of(List.of(1), 0));
    }
}
