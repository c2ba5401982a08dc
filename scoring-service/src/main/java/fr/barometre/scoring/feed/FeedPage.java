package fr.barometre.scoring.feed;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "AssessmentFeedPage", description = "Facts in feed order; pass nextCursor as since to read on.")
public record FeedPage(@Schema(type = SchemaType.ARRAY, implementation = Fact.class) List<JsonNode> items,
                       @Schema(example = "9120:77") String nextCursor) {
}
