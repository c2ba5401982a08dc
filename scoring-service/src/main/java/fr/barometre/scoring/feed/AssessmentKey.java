package fr.barometre.scoring.feed;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A feed item's key: the assessment version it holds, with the same field names as the fact itself
 * ({@link Fact}), so that a reader takes a key from either.
 */
@Schema(name = "AssessmentFeedKey", description = "The assessment version a feed item holds.")
public record AssessmentKey(@Schema(example = "2025") String campaign,
                            @Schema(example = "216901231") String siren,
                            @Schema(example = "3") int assessmentVersion) {
}
