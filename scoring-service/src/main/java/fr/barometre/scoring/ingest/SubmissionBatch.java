package fr.barometre.scoring.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * Many submission messages in one delivery ({@code POST /internal/assessments/batch}), each exactly the
 * body of {@code POST /internal/assessments}. The messages are bound one by one, so that a message that is
 * not a submission message is refused alone, in its own result.
 */
@Schema(name = "SubmissionBatch")
public record SubmissionBatch(
        @Schema(type = SchemaType.ARRAY, implementation = SubmissionMessage.class, required = true, minItems = 1,
                maxItems = SubmissionIngest.BATCH_MAX, description = "1 to 500 submission messages")
        List<JsonNode> messages) {
}
