package fr.barometre.scoring.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.List;

/**
 * A failure the caller can act on, turned into an RFC 9457 problem by {@link ProblemMapper}.
 * Services throw the factories below; resources never build error bodies by hand.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String type, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public int status() { return status; }
    public String type() { return type; }
    public String title() { return title; }
    public String detail() { return getMessage(); }
    public List<FieldError> errors() { return errors; }

    /** The RFC 9457 document of this problem, about {@code instance} (a request path). */
    public Problem problem(String instance) {
        return new Problem(type, title, status, getMessage(), instance, errors);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, ProblemTypes.NOT_FOUND, "Not found", detail, null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, ProblemTypes.CONFLICT, "Conflict", detail, null);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, ProblemTypes.BAD_REQUEST, "Bad request", detail, null);
    }

    public static ProblemException badRequest(String detail, List<FieldError> errors) {
        return new ProblemException(400, ProblemTypes.BAD_REQUEST, "Bad request", detail, errors);
    }

    /**
     * A body (or one message of a batch) that JSON binding refused: 400, naming the field at fault
     * (unknown, of the wrong type or format) when there is one.
     */
    public static ProblemException malformed(JsonProcessingException e) {
        String detail;
        List<FieldError> errors = null;
        if (e instanceof UnrecognizedPropertyException u) {
            detail = "Unknown field '" + u.getPropertyName() + "'.";
            errors = List.of(FieldError.ofField(JsonPaths.of(u), "unknown field"));
        } else if (e instanceof InvalidFormatException f) {
            detail = "Field '" + JsonPaths.of(f) + "' has a value of the wrong type or format.";
            errors = List.of(FieldError.ofField(JsonPaths.of(f), "wrong type or format: " + f.getValue()));
        } else if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            detail = "Field '" + JsonPaths.of(m) + "' has a value of the wrong type.";
            errors = List.of(FieldError.ofField(JsonPaths.of(m), "wrong type"));
        } else {
            detail = "The request body is not valid JSON: " + e.getOriginalMessage();
        }
        return new ProblemException(400, ProblemTypes.MALFORMED, "Malformed request body", detail, errors);
    }

    public static ProblemException invalid(String detail, List<FieldError> errors) {
        return new ProblemException(422, ProblemTypes.VALIDATION, "Validation failed", detail, errors);
    }

    public static ProblemException invalid(FieldError error) {
        return invalid(error.message(), List.of(error));
    }

    public static ProblemException preconditionFailed(String detail) {
        return new ProblemException(412, ProblemTypes.PRECONDITION_FAILED, "Precondition failed", detail, null);
    }

    public static ProblemException preconditionRequired(String detail) {
        return new ProblemException(428, ProblemTypes.PRECONDITION_REQUIRED, "Precondition required", detail, null);
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, ProblemTypes.UNAVAILABLE, "Service unavailable", detail, null);
    }

    public static ProblemException tooLarge(String detail) {
        return new ProblemException(413, ProblemTypes.TOO_LARGE, "Request too large", detail, null);
    }
}
