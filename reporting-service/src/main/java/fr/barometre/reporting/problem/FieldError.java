package fr.barometre.reporting.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One problem in a request: either about a question of the questionnaire ({@code question}) or
 * about a field of the request body ({@code field}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(String question, String field, String message) {

    public static FieldError ofQuestion(String question, String message) {
        return new FieldError(question, null, message);
    }

    public static FieldError ofField(String field, String message) {
        return new FieldError(null, field, message);
    }
}
