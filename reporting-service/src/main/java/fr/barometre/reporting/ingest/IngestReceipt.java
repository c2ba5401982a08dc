package fr.barometre.reporting.ingest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a delivered fact; a redelivery gets the same. */
@Schema(name = "FactReceipt")
public record IngestReceipt(@Schema(example = "2025") String campaign, @Schema(example = "216901231") String siren,
                            @Schema(description = "The delivered fact's version", example = "2") int assessmentVersion,
                            @Schema(description = "The version the read model holds for this authority now", example = "2") int currentAssessmentVersion,
                            @Schema(description = "A newer fact was received before: this one changed nothing") boolean superseded) {
}
