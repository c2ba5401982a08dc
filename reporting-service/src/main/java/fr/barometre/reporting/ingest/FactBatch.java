package fr.barometre.reporting.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The body of {@code POST /internal/facts/batch}: 1 to {@value FactBatchResource#BATCH_MAX} facts, each
 * exactly the body of {@code POST /internal/facts}. The messages are read one by one (JSON here), so
 * that one that is not a fact is refused alone, with the single endpoint's 422.
 */
@Schema(name = "FactBatch")
public record FactBatch(
        @Schema(required = true, type = SchemaType.ARRAY, implementation = Fact.class, minItems = 1, maxItems = FactBatchResource.BATCH_MAX,
                description = "The facts, each as POST /internal/facts takes it")
        List<JsonNode> messages) {
}
