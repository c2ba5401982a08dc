package fr.barometre.reporting.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** An RFC 9457 problem document, served as {@code application/problem+json}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@Schema(name = "Problem", description = "RFC 9457 problem details.")
public record Problem(
        @Schema(description = "URI identifying the kind of problem", example = "https://barometre.github.io/problems/validation") String type,
        @Schema(example = "Validation failed") String title,
        @Schema(example = "422") int status,
        @Schema(example = "The response has 2 problems") String detail,
        @Schema(description = "Path of the request") String instance,
        @Schema(description = "Every problem found, for validation failures") List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
