package fr.barometre.scoring.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One answer of a submission, as survey-service sends it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Answer")
public record Answer(@Schema(example = "DIA-PLAN-FORMATION") String question,
                     @Schema(minimum = "0", maximum = "4", example = "2") Integer level,
                     @Schema(enumeration = {"NSP", "NA"}) String abstention,
                     JsonNode value) {
}
