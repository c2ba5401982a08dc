package fr.barometre.reporting.problem;

import com.fasterxml.jackson.databind.JsonMappingException;

/** The path of a JSON mapping failure, as {@code themes[2].questions[0].type}. */
public final class JsonPaths {
    private JsonPaths() {
    }

    public static String of(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
