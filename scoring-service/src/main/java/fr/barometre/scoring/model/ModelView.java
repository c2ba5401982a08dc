package fr.barometre.scoring.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

@Schema(name = "Model", description = "A scoring model: weights, level bands, engaged threshold. Immutable.")
public record ModelView(
        @Schema(example = "barometre-v1") String id,
        Map<String, BigDecimal> itemWeights,
        Map<String, BigDecimal> themeWeights,
        List<Band> bands,
        @Schema(example = "3") int engagedLevel,
        Instant createdAt) {
}
