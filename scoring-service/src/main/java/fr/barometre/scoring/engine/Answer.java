package fr.barometre.scoring.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Optional;
import java.util.Set;

/** One answer of a submission, as survey-service sends it: a level, an abstention, or a value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Answer")
public record Answer(@NotNull(message = "is required") @Schema(example = "DIA-PLAN-FORMATION") String question,
                     @Schema(minimum = "0", maximum = "4", example = "2") Integer level,
                     @Schema(enumeration = {"NSP", "NA"}) String abstention,
                     JsonNode value) {

    /** "Don't know" and "not applicable": left out of every score. */
    private static final Set<String> ABSTENTIONS = Set.of("NSP", "NA");

    /**
     * What breaks the maturity scale's rules in this answer, if anything: a level and an abstention
     * both given, a level off the scale, an abstention other than NSP or NA.
     */
    public Optional<String> problem() {
        if (level != null && abstention != null) {
            return Optional.of("a level or an abstention, not both");
        }
        if (level != null && (level < 0 || level > Scorer.MAX_LEVEL)) {
            return Optional.of("level must be 0 to " + Scorer.MAX_LEVEL);
        }
        if (abstention != null && !ABSTENTIONS.contains(abstention)) {
            return Optional.of("abstention must be NSP or NA");
        }
        return Optional.empty();
    }
}
