package fr.barometre.survey.feed;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * A feed item's key: the submitted revision it holds, and when it was submitted (so that a reader can leave
 * to deliveries what they are still bringing), with the same field names as the item itself
 * ({@link SubmissionMessage}), so that a reader takes a key from either.
 */
@Schema(name = "SubmissionFeedKey", description = "The submitted revision a feed item holds.")
public record SubmissionKey(@Schema(example = "2025") String campaign,
                            @Schema(example = "216901231") String siren,
                            @Schema(example = "2") int revision,
                            Instant submittedAt) {
}
