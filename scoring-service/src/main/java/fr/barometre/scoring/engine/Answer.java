package fr.barometre.scoring.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Set;

/** One answer of a submission, as survey-service sends it: a level, an abstention, or a value. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Answer")
public record Answer(@NotNull(message = "is required") @Schema(example = "DIA-PLAN-FORMATION") String question,
                     @Min(value = 0, message = LEVELS) @Max(value = Scorer.MAX_LEVEL, message = LEVELS)
                     @Schema(minimum = "0", maximum = "4", example = "2") Integer level,
                     @jakarta.validation.constraints.Pattern(regexp = "NSP|NA", message = "abstention must be NSP or NA")
                     @Schema(enumeration = {"NSP", "NA"}) String abstention,
                     JsonNode value) {

    /** "Don't know" and "not applicable": left out of every score. */
    public static final Set<String> ABSTENTIONS = Set.of("NSP", "NA");

    private static final String LEVELS = "level must be 0 to " + Scorer.MAX_LEVEL;

    /** An answer is a level or an abstention, never both. */
    @JsonIgnore
    @Schema(hidden = true)
    @AssertTrue(message = "a level or an abstention, not both")
    public boolean isLevelOrAbstention() {
        return level == null || abstention == null;
    }
}
