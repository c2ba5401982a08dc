package fr.barometre.reporting.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.reporting.problem.ProblemException;
import fr.barometre.reporting.problem.StorableText;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Reads every JSON request body once as a stream of tokens before it is bound, whatever it is bound
 * to (records, {@code JsonNode} values, maps): each string and each object key must be storable
 * ({@link StorableText}), and the nesting at most {@value #MAX_DEPTH} deep. A body that fails is
 * refused with a 400 problem, so nothing of it reaches the service; a body that is not JSON fails
 * here as it would in binding. The body is already bounded by {@code quarkus.http.limits.max-body-size}.
 */
@Provider
public class StorableJsonBodies implements ReaderInterceptor {

    /** Far deeper than any legitimate body of the API (the deepest, a questionnaire document, nests 8 levels). */
    public static final int MAX_DEPTH = 32;

    @Inject
    ObjectMapper json;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (!isJson(context.getMediaType())) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        check(body);
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    private void check(byte[] body) throws IOException {
        try (JsonParser parser = json.getFactory().createParser(body)) {
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > MAX_DEPTH) {
                            throw ProblemException.badRequest("The request body is nested deeper than " + MAX_DEPTH + " levels.");
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME -> StorableText.require(parser.currentName(), "name of a field in " + pointer(parser.getParsingContext().getParent()));
                    case VALUE_STRING -> StorableText.require(parser.getText(), "value at " + pointer(parser.getParsingContext()));
                    default -> {
                    }
                }
            }
        }
    }

    /** Where a value sits, as a JSON pointer: names already checked, so the problem never echoes bad text. */
    private static String pointer(JsonStreamContext context) {
        String pointer = context == null ? "" : context.pathAsPointer().toString();
        return pointer.isEmpty() ? "/" : pointer;
    }

    private static boolean isJson(MediaType type) {
        return type != null && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
    }
}
