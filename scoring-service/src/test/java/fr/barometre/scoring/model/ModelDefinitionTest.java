package fr.barometre.scoring.model;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a model holds when a request leaves parts out. */
class ModelDefinitionTest {

    @Test
    void absentWeightsAndBandsAreEmptyAndEveryWeightIsThenOne() {
        ModelDefinition m = new ModelDefinition(null, null, null, 3);
        assertTrue(m.itemWeights().isEmpty());
        assertTrue(m.themeWeights().isEmpty());
        assertTrue(m.bands().isEmpty());
        assertEquals(BigDecimal.ONE, m.itemWeight("DIA-PLAN-FORMATION"));
        assertEquals(BigDecimal.ONE, m.themeWeight("CYBERSECURITE"));
    }

    @Test
    void aGivenWeightIsUsedOthersWeighOne() {
        ModelDefinition m = new ModelDefinition(Map.of("DIA-A", new BigDecimal("2")), Map.of("INCLUSION", new BigDecimal("0.5")), null, 3);
        assertEquals(new BigDecimal("2"), m.itemWeight("DIA-A"));
        assertEquals(BigDecimal.ONE, m.itemWeight("DIA-B"));
        assertEquals(new BigDecimal("0.5"), m.themeWeight("INCLUSION"));
        assertEquals(BigDecimal.ONE, m.themeWeight("CONFORMITE"));
    }
}
