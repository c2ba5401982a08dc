package fr.barometre.scoring.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonParseException;
import fr.barometre.scoring.problem.ProblemException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check of JSON bodies (storable text, nesting) made as binding reads the body, with Jackson binding for
 * real behind it; the interceptor is called as the REST layer calls it, through its {@link ReaderInterceptorContext}.
 */
class StorableJsonBodiesTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void theBodyIsNotReadAheadOfBindingNorCopied() throws IOException {
        byte[] body = batch(2_000).getBytes(StandardCharsets.UTF_8);
        CountingStream wire = new CountingStream(body);
        Object bound = read(wire, stream -> {
            assertEquals(0, wire.read, "bytes taken from the wire before binding read any");
            try {
                return mapper.readTree(stream);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(2_000, ((JsonNode) bound).path("responses").size());
        assertEquals(body.length, wire.read, "the whole body read, once");
        assertTrue(wire.largestRead <= 64 * 1024, "read by chunks, not at once: " + wire.largestRead);
    }

    @Test
    void textTheDatabaseCannotKeepIsRefusedWhereverItIs() {
        Map<String, String> where = new LinkedHashMap<>();
        where.put("{\"a\":\"x\\u0000y\"}", "The value at /a contains the character U+0000");
        where.put("{\"x\\u0000\":1}", "The name of a field in / contains the character U+0000");
        where.put("[1,2,{\"b\":[\"\\u0000\"]}]", "The value at /2/b/0 contains the character U+0000");
        where.put("{\"a\":{\"b\\u0000\":1}}", "The name of a field in /a contains the character U+0000");
        where.put("{\"a\":[\"ok \\ud83d\\ude00\",\"x\\udc00\"]}", "The value at /a/1 contains an unpaired surrogate U+DC00");
        where.forEach((body, detail) -> {
            ProblemException refused = assertThrows(ProblemException.class, () -> read(body, this::tree), body);
            assertEquals(400, refused.status(), body);
            assertTrue(refused.detail().startsWith(detail), body + ": " + refused.detail());
        });
    }

    @Test
    void storableTextPassesWhateverItsPlace() throws IOException {
        String body = "{\"é 😀\":[\"\\ud83d\\ude00\",{\"k\":\"\\t\\u00e9\"}]}";
        assertEquals(mapper.readTree(body), read(body, this::tree));
    }

    @Test
    void whatBindingLeavesUnreadIsCheckedBeforeTheValueIsHandedOver() {
        // Jackson binds the first value and stops reading (it reads 8,000 bytes at a time): the rest must still be checked
        String gap = " ".repeat(20_000);
        ProblemException refused = assertThrows(ProblemException.class,
                () -> read("{\"a\":1}" + gap + "{\"b\":\"\\u0000\"}", this::tree));
        assertEquals(400, refused.status());
        assertThrows(JsonParseException.class, () -> read("{\"a\":1}" + gap + "]", this::tree));
    }

    @Test
    void theCheckIsTheAnswerWhenBindingFailsToo() {
        // binding fails on the first object (an array is no map); the flaw comes later in the body
        String body = "[{\"a\":1}," + " ".repeat(20_000) + "\"\\u0000\"]";
        ProblemException refused = assertThrows(ProblemException.class, () -> read(body, stream -> {
            try {
                return new ObjectMapper().readValue(stream, java.util.Map.class);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        assertEquals(400, refused.status());
    }

    @Test
    void nestingBeyondTheBoundIsRefused() throws IOException {
        String deepest = "[".repeat(StorableJsonBodies.MAX_DEPTH) + "]".repeat(StorableJsonBodies.MAX_DEPTH);
        assertTrue(((JsonNode) read(deepest, this::tree)).isArray());
        String deeper = "[" + deepest + "]";
        ProblemException refused = assertThrows(ProblemException.class, () -> read(deeper, this::tree));
        assertTrue(refused.getMessage().contains("deeper than " + StorableJsonBodies.MAX_DEPTH), refused.getMessage());
    }

    @Test
    void aBodyThatIsNotJsonFailsAsInBinding() {
        assertThrows(JsonParseException.class, () -> read("{\"a\": nope}", this::tree));
    }

    // --- the REST layer's side ------------------------------------------------------------------------------------------

    private Object tree(InputStream stream) {
        try {
            return mapper.readTree(stream);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Object read(String body, Function<InputStream, Object> binding) throws IOException {
        return read(new CountingStream(body.getBytes(StandardCharsets.UTF_8)), binding);
    }

    /** As the REST layer does: binding is the last of the interceptors; what it throws reaches the caller. */
    private Object read(InputStream wire, Function<InputStream, Object> binding) throws IOException {
        StorableJsonBodies interceptor = new StorableJsonBodies();
        interceptor.json = mapper;
        try {
            return interceptor.aroundReadFrom(new Context(wire, binding));
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String batch(int responses) {
        StringBuilder json = new StringBuilder("{\"responses\":[");
        for (int i = 0; i < responses; i++) {
            json.append(i == 0 ? "" : ",").append("{\"siren\":\"").append(200_000_000 + i)
                    .append("\",\"answers\":[{\"question\":\"DIA-PLAN-FORMATION\",\"level\":2},{\"question\":\"TXT\",\"value\":\"")
                    .append("é".repeat(200)).append("\"}]}");
        }
        return json.append("]}").toString();
    }

    /** The body as it comes from the wire, counting what is taken from it. */
    private static final class CountingStream extends ByteArrayInputStream {
        long read;
        int largestRead;

        CountingStream(byte[] body) {
            super(body);
        }

        @Override
        public synchronized int read() {
            int b = super.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            largestRead = Math.max(largestRead, n);
            return n;
        }

        @Override
        public byte[] readAllBytes() {
            byte[] all = super.readAllBytes();
            read += all.length;
            largestRead = Math.max(largestRead, all.length);
            return all;
        }
    }

    private static final class Context implements ReaderInterceptorContext {
        private InputStream stream;
        private final Function<InputStream, Object> binding;
        private final MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();

        Context(InputStream stream, Function<InputStream, Object> binding) {
            this.stream = stream;
            this.binding = binding;
        }

        @Override
        public Object proceed() {
            return binding.apply(stream);
        }

        @Override
        public InputStream getInputStream() {
            return stream;
        }

        @Override
        public void setInputStream(InputStream is) {
            stream = is;
        }

        @Override
        public MultivaluedMap<String, String> getHeaders() {
            return headers;
        }

        @Override
        public Object getProperty(String name) {
            return null;
        }

        @Override
        public Collection<String> getPropertyNames() {
            return List.of();
        }

        @Override
        public void setProperty(String name, Object object) {
        }

        @Override
        public void removeProperty(String name) {
        }

        @Override
        public Annotation[] getAnnotations() {
            return new Annotation[0];
        }

        @Override
        public void setAnnotations(Annotation[] annotations) {
        }

        @Override
        public Class<?> getType() {
            return Object.class;
        }

        @Override
        public void setType(Class<?> type) {
        }

        @Override
        public Type getGenericType() {
            return Object.class;
        }

        @Override
        public void setGenericType(Type genericType) {
        }

        @Override
        public MediaType getMediaType() {
            return MediaType.APPLICATION_JSON_TYPE;
        }

        @Override
        public void setMediaType(MediaType mediaType) {
        }
    }
}
