package fr.barometre.survey.response;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One answer: a maturity {@code level} (0–4) or an {@code abstention} ({@code NSP}, {@code NA}) for a
 * MATURITY question, a {@code value} for the others.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Answer", description = "A maturity level 0–4 or an abstention NSP/NA for MATURITY questions; a value for the others (a choice code, a list of codes, a number, a boolean or a text).")
public record Answer(
        @Schema(required = true, example = "DIA-PLAN-FORMATION") String question,
        @Schema(minimum = "0", maximum = "4", example = "2") Integer level,
        @Schema(enumeration = {"NSP", "NA"}) String abstention,
        @Schema(description = "A choice code, a list of choice codes, a number, a boolean or a text", example = "ORGANISE") JsonNode value) {
}
