package fr.barometre.scoring.problem;

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
