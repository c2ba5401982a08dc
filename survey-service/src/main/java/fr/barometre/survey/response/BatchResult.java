package fr.barometre.survey.response;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.barometre.survey.problem.FieldError;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "BatchResult", description = "An outcome per SIREN, in the order of the request.")
public record BatchResult(@Schema(example = "998") int submitted, @Schema(example = "2") int failed, List<Outcome> results) {

    public enum Status {
        /** Validated and submitted. */
        SUBMITTED,
        /** The answers have problems, every one listed. */
        INVALID,
        /** A revision is submitted already. */
        CONFLICT,
        /** Not an authority the caller may answer for, or not invited. */
        NOT_FOUND,
        /** An unexpected failure: nothing stored; submit it again. */
        FAILED
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @Schema(name = "BatchOutcome")
    public record Outcome(@Schema(example = "216901231") String siren, Status status, Integer revision, String detail,
                          List<FieldError> errors) {
    }
}
