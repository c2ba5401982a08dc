package fr.barometre.scoring.assessment;

import fr.barometre.scoring.feed.Fact;
import fr.barometre.scoring.feed.Profile;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

@Schema(name = "Assessment", description = "An authority's current assessment, with its explanation.")
public record AssessmentView(
        @Schema(example = "2025") String campaign,
        @Schema(example = "216901231") String siren,
        @Schema(example = "1") int revision,
        @Schema(example = "1") int assessmentVersion,
        @Schema(example = "barometre-v1") String model,
        @Schema(example = "2025.1") String questionnaireVersion,
        Instant assessedAt,
        Profile profile,
        @Schema(description = "Maturity index: weighted mean of the themes that have a score", example = "57.14") BigDecimal index,
        List<Fact.ThemeFact> themes,
        Explanation explanation) {
}
