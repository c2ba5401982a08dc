package fr.barometre.survey.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.problem.StorableText;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.IOException;
import java.io.InputStream;

/**
 * Checks every JSON request body as a stream of tokens, whatever it is bound to (records, {@code JsonNode}
 * values, maps): each string and each object key must be storable ({@link StorableText}), and the nesting at
 * most {@value #MAX_DEPTH} deep. A body that fails is refused with a 400 problem, so nothing of it reaches the
 * service; a body that is not JSON fails here as it would in binding. The body is already bounded by
 * {@code quarkus.http.limits.max-body-size}.
 * <p>
 * The check reads the body as binding reads it, chunk by chunk ({@link CheckedBody}), rather than copying the
 * body into memory to read it twice: a batch of 16 MB is then held once, as what it is bound to, not also as
 * bytes (four batches at once were the largest part of survey-service's heap). Binding cannot get ahead of the
 * check: whatever binding does not read is read and checked before the bound value is handed to the service,
 * and when both binding and the check fail, the check's refusal is the answer, as when the check came first.
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
        InputStream wire = context.getInputStream();
        try (wire; JsonParser parser = json.getFactory().createNonBlockingByteArrayParser()) {
            CheckedBody body = new CheckedBody(wire, parser);
            context.setInputStream(body);
            Object bound;
            try {
                bound = context.proceed();
            } catch (IOException | RuntimeException bindingFailed) {
                body.readToEnd();
                throw bindingFailed;
            }
            body.readToEnd();
            return bound;
        }
    }

    /**
     * The body as binding reads it, each chunk checked as it passes. The first flaw found is thrown then, and again
     * from every later read (binding may wrap what a stream throws; {@link #readToEnd()} throws the flaw itself).
     * The interceptor closes the body and the parser once it is read to its end.
     */
    static final class CheckedBody extends InputStream {

        private final InputStream body;
        private final JsonParser parser;
        private final ByteArrayFeeder feeder;
        private final byte[] one = new byte[1];
        private int depth;
        private boolean ended;
        private IOException notJson;
        private ProblemException refusal;

        CheckedBody(InputStream body, JsonParser parser) {
            this.body = body;
            this.parser = parser;
            this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            failIfFlawed();
            int read = body.read(buffer, offset, length);
            if (read < 0) {
                end();
            } else if (read > 0) {
                check(buffer, offset, read);
            }
            failIfFlawed();
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] skipped = new byte[(int) Math.min(n, 8192)];
            int read = read(skipped, 0, skipped.length);
            return Math.max(read, 0);
        }

        @Override
        public int available() throws IOException {
            return body.available();
        }

        /** Reads and checks what binding left (a value's trailing text, or all after a binding failure). */
        void readToEnd() throws IOException {
            byte[] buffer = new byte[8192];
            while (read(buffer, 0, buffer.length) >= 0) {
                // checked as read
            }
        }

        /** Binding closes what it read when it is done or fails: the rest must still be read and checked. */
        @Override
        public void close() {
        }

        private void failIfFlawed() throws IOException {
            if (refusal != null) {
                throw refusal;
            }
            if (notJson != null) {
                throw notJson;
            }
        }

        private void check(byte[] buffer, int offset, int length) {
            if (notJson != null) {
                return;
            }
            try {
                feeder.feedInput(buffer, offset, offset + length);
                tokens();
            } catch (IOException e) {
                notJson = e;
            }
        }

        private void end() {
            if (ended || notJson != null) {
                return;
            }
            ended = true;
            feeder.endOfInput();
            try {
                tokens();
            } catch (IOException e) {
                notJson = e;
            }
        }

        private void tokens() throws IOException {
            for (JsonToken token = parser.nextToken(); token != null && token != JsonToken.NOT_AVAILABLE; token = parser.nextToken()) {
                try {
                    switch (token) {
                        case START_OBJECT, START_ARRAY -> {
                            if (++depth > MAX_DEPTH) {
                                throw ProblemException.badRequest("The request body is nested deeper than " + MAX_DEPTH + " levels.");
                            }
                        }
                        case END_OBJECT, END_ARRAY -> depth--;
                        // where the text sits is named only for a refusal: a pointer built for every name and value
                        // was most of what a batch's check allocated
                        case FIELD_NAME -> StorableText.require(parser.currentName(),
                                () -> "name of a field in " + pointer(parser.getParsingContext().getParent()));
                        case VALUE_STRING -> StorableText.require(parser.getText(), () -> "value at " + pointer(parser.getParsingContext()));
                        default -> {
                        }
                    }
                } catch (ProblemException e) {
                    refusal = e;
                    return;
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
