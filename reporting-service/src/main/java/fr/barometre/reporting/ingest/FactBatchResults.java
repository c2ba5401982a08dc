package fr.barometre.reporting.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.barometre.reporting.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The answer to a batch of facts: exactly one result per fact, in the order of the messages. */
@Schema(name = "FactBatchResults")
public record FactBatchResults(@Schema(required = true) List<Result> results) {

    /**
     * A fact's outcome: 200 taken (kept now, kept before, or superseded by a newer fact), 422 refused
     * for good (the single endpoint's problem, errors at the same paths), 503 not now (its
     * questionnaire cannot be read from survey-service: retry it later).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "FactBatchResult")
    public record Result(@Schema(required = true, enumeration = {"200", "422", "503"}, example = "200") int status,
                         @Schema(description = "Why the fact was not taken (RFC 9457), for 422 and 503") Problem problem) {

        static final Result TAKEN = new Result(200, null);
    }
}
