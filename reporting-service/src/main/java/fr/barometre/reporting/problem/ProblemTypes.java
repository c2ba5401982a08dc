package fr.barometre.reporting.problem;

/** The problem types this service answers with (RFC 9457 {@code type} URIs). */
public final class ProblemTypes {
    private static final String BASE = "https://barometre.github.io/problems/";

    public static final String NOT_FOUND = BASE + "not-found";
    public static final String CONFLICT = BASE + "conflict";
    public static final String BAD_REQUEST = BASE + "bad-request";
    public static final String MALFORMED = BASE + "malformed-request";
    public static final String VALIDATION = BASE + "validation";
    public static final String PRECONDITION_FAILED = BASE + "precondition-failed";
    public static final String PRECONDITION_REQUIRED = BASE + "precondition-required";
    public static final String TOO_LARGE = BASE + "request-too-large";
    public static final String UNAUTHORIZED = BASE + "unauthorized";
    public static final String FORBIDDEN = BASE + "forbidden";
    public static final String UNAVAILABLE = BASE + "service-unavailable";
    public static final String INTERNAL = BASE + "internal-error";
    /** Errors of plain HTTP meaning (405, 406, 415...): the status says it all. */
    public static final String HTTP = "about:blank";

    private ProblemTypes() {
    }
}
