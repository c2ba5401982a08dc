package fr.barometre.scoring.feed;

import com.fasterxml.jackson.databind.util.RawValue;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * A page of the feed as served. Each item is a fact as PostgreSQL gives the stored jsonb's text (the row's
 * trace context put in it), written into the page as it is: never parsed nor written again here.
 * PostgreSQL writes that text from a jsonb value, so each item is one whole, valid JSON value.
 */
@Schema(name = "AssessmentFeedPage", description = "Facts in feed order; pass nextCursor as since to read on.")
public record StoredFeedPage(@Schema(type = SchemaType.ARRAY, implementation = Fact.class) List<RawValue> items,
                             @Schema(example = "9120:77") String nextCursor) {
}
