package fr.barometre.survey.response;

import fr.barometre.survey.problem.ProblemException;

import java.util.Arrays;

/** The conditional-request rules of responses: If-Match on every change after the first, If-None-Match: * on creation. */
final class Preconditions {

    private Preconditions() {
    }

    /** A first PUT creates the draft: nothing to match; {@code If-None-Match: *} is welcome. */
    static void forCreation(String ifMatch) {
        if (ifMatch != null) {
            throw ProblemException.preconditionFailed("If-Match was sent but there is no response yet");
        }
    }

    /** Every later change names the state it applies to. */
    static void forChange(SurveyResponse current, String ifMatch, String ifNoneMatch) {
        if ("*".equals(trim(ifNoneMatch))) {
            throw ProblemException.preconditionFailed("If-None-Match: * was sent but the response exists; its ETag is " + current.etag());
        }
        if (ifMatch == null || ifMatch.isBlank()) {
            throw ProblemException.preconditionRequired("If-Match is required to change an existing response: send its current ETag " + current.etag());
        }
        checkMatch(current, ifMatch);
    }

    /** An If-Match sent where it is optional is still honoured. */
    static void ifPresent(SurveyResponse current, String ifMatch) {
        if (ifMatch != null && !ifMatch.isBlank()) {
            checkMatch(current, ifMatch);
        }
    }

    private static void checkMatch(SurveyResponse current, String ifMatch) {
        String etag = current.etag();
        boolean matches = Arrays.stream(ifMatch.split(","))
                .map(Preconditions::trim)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
        if (!matches) {
            throw ProblemException.preconditionFailed("The response has changed: its ETag is now " + etag + ", not " + ifMatch.trim());
        }
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }
}
