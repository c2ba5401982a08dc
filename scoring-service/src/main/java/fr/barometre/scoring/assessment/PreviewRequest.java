package fr.barometre.scoring.assessment;

import fr.barometre.scoring.engine.Answer;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "PreviewRequest", description = "Answers to score for a campaign, without storing anything.")
public record PreviewRequest(@Schema(required = true, example = "2025") String campaign,
                             @Schema(description = "Absent: the campaign's current model", example = "barometre-v1") String model,
                             @Schema(required = true) List<Answer> answers) {
}
