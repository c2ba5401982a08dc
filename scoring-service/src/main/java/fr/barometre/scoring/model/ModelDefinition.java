package fr.barometre.scoring.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * What a scoring model holds. Weights default to 1: a weight for an item the questionnaire lacks
 * has no effect.
 */
@Schema(name = "ModelDefinition")
public record ModelDefinition(
        @Schema(description = "Item weights by question code; default 1", example = "{\"DIA-PLAN-FORMATION\": 2}") Map<String, BigDecimal> itemWeights,
        @Schema(description = "Theme weights by theme code, for the maturity index; default 1", example = "{\"CYBERSECURITE\": 1.5}") Map<String, BigDecimal> themeWeights,
        @Schema(description = "The five level bands over 0–100, contiguous") List<Band> bands,
        @Schema(description = "A theme is engaged when its level is at least this", example = "3") int engagedLevel) {

    public ModelDefinition {
        itemWeights = itemWeights == null ? Map.of() : Map.copyOf(itemWeights);
        themeWeights = themeWeights == null ? Map.of() : Map.copyOf(themeWeights);
        bands = bands == null ? List.of() : List.copyOf(bands);
    }

    public BigDecimal itemWeight(String question) {
        return itemWeights.getOrDefault(question, BigDecimal.ONE);
    }

    public BigDecimal themeWeight(String theme) {
        return themeWeights.getOrDefault(theme, BigDecimal.ONE);
    }
}
