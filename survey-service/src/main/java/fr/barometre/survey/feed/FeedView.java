package fr.barometre.survey.feed;

import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.problem.ProblemException;

import java.util.List;

/** What a feed page gives of its items: the items themselves, or their keys only. */
enum FeedView {
    FULL, KEYS;

    /** {@code full} or {@code keys}; anything else is refused with a 400 naming the parameter. */
    static FeedView of(String view) {
        return switch (view) {
            case "full" -> FULL;
            case "keys" -> KEYS;
            default -> throw ProblemException.badRequest("view must be full or keys",
                    List.of(FieldError.ofField("view", "neither full nor keys")));
        };
    }
}
