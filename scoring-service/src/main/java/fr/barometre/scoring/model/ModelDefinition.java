package fr.barometre.scoring.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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
        // Copies that keep null entries (Map.copyOf and List.copyOf throw on them): a request's
        // {"DIA-A": null} or [null, ...] must reach ModelRules, which refuses it by name.
        itemWeights = itemWeights == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(itemWeights));
        themeWeights = themeWeights == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(themeWeights));
        bands = bands == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(bands));
    }

    public BigDecimal itemWeight(String question) {
        return itemWeights.getOrDefault(question, BigDecimal.ONE);
    }

    public BigDecimal themeWeight(String theme) {
        return themeWeights.getOrDefault(theme, BigDecimal.ONE);
    }
}
