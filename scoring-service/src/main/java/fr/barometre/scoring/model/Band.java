package fr.barometre.scoring.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;

/** Theme scores from {@code from} (inclusive) to {@code to} (exclusive; the last band includes 100) have this level. */
@Schema(name = "Band")
public record Band(@Schema(example = "3") int level, @Schema(example = "62.5") BigDecimal from, @Schema(example = "87.5") BigDecimal to) {
}
