package fr.barometre.scoring.rescoring;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "RescoringRequest")
public record RescoringRequest(@Schema(required = true, example = "barometre-v2") String model) {
}
