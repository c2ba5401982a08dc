package fr.barometre.reporting.api;

import fr.barometre.reporting.problem.FieldError;
import fr.barometre.reporting.problem.ProblemException;

import java.util.ArrayList;
import java.util.List;

/** Checks of the {@code page} and {@code size} query parameters shared by every list. */
public final class Paging {
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 500;

    private Paging() {
    }

    public static void check(int page, int size) {
        List<FieldError> errors = new ArrayList<>();
        if (page < 0) {
            errors.add(FieldError.ofField("page", "must be 0 or more"));
        }
        if (size < 1 || size > MAX_SIZE) {
            errors.add(FieldError.ofField("size", "must be between 1 and " + MAX_SIZE));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Invalid paging parameters", errors);
        }
    }
}
