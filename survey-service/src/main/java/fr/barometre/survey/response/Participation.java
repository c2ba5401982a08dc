package fr.barometre.survey.response;

import fr.barometre.survey.registry.Stratum;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "Participation", description = "Responses against the campaign's audience. Authorities without a population count overall but in no stratum.")
public record Participation(
        @Schema(example = "2025") String campaign,
        Counts overall,
        List<StratumCounts> byStratum) {

    @Schema(name = "ParticipationCounts")
    public record Counts(
            @Schema(description = "Invited authorities", example = "1200") long audience,
            @Schema(example = "950") long notStarted,
            @Schema(description = "Responses being filled, reopened ones included", example = "100") long drafts,
            @Schema(example = "150") long submitted,
            @Schema(description = "submitted / audience", example = "0.125") double submittedRate) {

        static Counts of(long audience, long drafts, long submitted) {
            return new Counts(audience, audience - drafts - submitted, drafts, submitted,
                    audience == 0 ? 0 : (double) submitted / audience);
        }
    }

    @Schema(name = "StratumParticipation")
    public record StratumCounts(Stratum stratum, Counts counts) {
    }
}
