package fr.barometre.scoring.catchup;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The time a feed page's key carries (when its item was written upstream), as the catch-up's grace reads it. */
final class KeyTimes {

    private KeyTimes() {
    }

    /** Whether the key's {@code field} says its item was written after the instant; a key that does not say (no such field, not a time) is not. */
    static boolean writtenAfter(JsonNode key, String field, Instant instant) {
        JsonNode at = key.path(field);
        if (!at.isTextual()) {
            return false;
        }
        try {
            return Instant.parse(at.asText()).isAfter(instant);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
