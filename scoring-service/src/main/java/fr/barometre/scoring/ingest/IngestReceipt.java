package fr.barometre.scoring.ingest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The answer to a delivered submission; a redelivery gets the same. */
@Schema(name = "IngestReceipt")
public record IngestReceipt(@Schema(example = "2025") String campaign, @Schema(example = "216901231") String siren,
                            @Schema(example = "1") int revision,
                            @Schema(description = "The assessment made of this revision; absent when superseded", example = "1") Integer assessmentVersion,
                            @Schema(description = "A newer revision was received before: this one is kept but not assessed") boolean superseded) {
}
