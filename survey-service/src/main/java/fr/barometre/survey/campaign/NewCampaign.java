package fr.barometre.survey.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

@Schema(name = "NewCampaign")
public record NewCampaign(
        @Schema(required = true, description = "The edition's code: letters, digits, '-' or '_'", example = "2025") String code,
        @Schema(example = "Baromètre 2025") String title,
        @Schema(description = "Optional closing date, in the future") Instant closesAt,
        @Schema(description = "Absent: every authority of the registry") Audience audience,
        @Schema(implementation = fr.barometre.survey.questionnaire.Questionnaire.class,
                description = "Absent: the default barometer questionnaire") JsonNode questionnaire) {
}
