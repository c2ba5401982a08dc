package fr.barometre.survey.response;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of PUT and PATCH: answers by question code. */
@Schema(name = "Answers", description = "Answers by question code. In a PATCH, an entry with only its question removes that answer.")
public record AnswersRequest(
        @Schema(type = SchemaType.ARRAY, implementation = Answer.class, required = true) JsonNode answers) {
}
