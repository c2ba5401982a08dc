package fr.barometre.scoring.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import fr.barometre.scoring.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The answer to a batch: one result per message, in the order of the messages. */
@Schema(name = "BatchResults")
public record BatchResults(List<Result> results) {

    /**
     * A message's outcome: 200 taken (now, before, or superseded by a newer revision: as the single
     * endpoint answers), 400 or 422 refused for good with its problem, 503 not now (survey-service cannot
     * answer for its questionnaire: send it again later).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "BatchResult")
    public record Result(@Schema(example = "200", enumeration = {"200", "400", "422", "503"}) int status,
                         @Schema(description = "Why the message was not taken (absent when taken)") Problem problem) {
    }
}
