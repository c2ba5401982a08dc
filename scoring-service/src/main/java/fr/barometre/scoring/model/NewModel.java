package fr.barometre.scoring.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

@Schema(name = "NewModel", description = "A new model version. Absent weights default to 1; absent bands and engaged level take barometre-v1's.")
public record NewModel(
        @Schema(required = true, example = "barometre-v2") String id,
        @Schema(example = "{\"DIA-PLAN-FORMATION\": 2}") Map<String, BigDecimal> itemWeights,
        @Schema(example = "{\"CYBERSECURITE\": 2}") Map<String, BigDecimal> themeWeights,
        List<Band> bands,
        @Schema(example = "3") Integer engagedLevel) {
}
