package fr.barometre.scoring.api;

import fr.barometre.scoring.problem.FieldError;
import fr.barometre.scoring.problem.ProblemException;

import java.util.Arrays;
import java.util.List;

/** Enumerated query parameters: an unknown value is a 400 naming the parameter and its values. */
public final class QueryEnums {
    private QueryEnums() {
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String value, String parameter) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim());
        } catch (IllegalArgumentException e) {
            String allowed = Arrays.toString(type.getEnumConstants());
            throw ProblemException.badRequest("Unknown " + parameter + " '" + value + "'",
                    List.of(FieldError.ofField(parameter, "must be one of " + allowed)));
        }
    }
}
