package fr.barometre.survey.response;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "BatchRequest", description = "Up to 1,000 complete responses, each validated and submitted on its own.")
public record BatchRequest(@Schema(required = true, maxItems = 1000) List<Item> responses) {

    @Schema(name = "BatchItem")
    public record Item(@Schema(required = true, example = "216901231") String siren,
                       @Schema(type = SchemaType.ARRAY, implementation = Answer.class, required = true) JsonNode answers) {
    }
}
