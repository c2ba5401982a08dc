package fr.barometre.scoring.feed;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * A feed item's key: the assessment version it holds, with the same field names as the fact itself
 * ({@link Fact}), so that a reader takes a key from either; and when it was assessed (which the fact does not
 * say), so that a reader can leave to deliveries what they are still bringing.
 */
@Schema(name = "AssessmentFeedKey", description = "The assessment version a feed item holds.")
public record AssessmentKey(@Schema(example = "2025") String campaign,
                            @Schema(example = "216901231") String siren,
                            @Schema(example = "3") int assessmentVersion,
                            Instant assessedAt) {
}
