package fr.barometre.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Hostile requests for every operation of a service's OpenAPI document: hostile values for each path,
 * query and header parameter, hostile bodies for each operation that takes one. Sent over a plain socket,
 * so that any octet can be put in the request line, a header or a body; each reply is checked as it comes:
 * no 5xx, every 4xx an RFC 9457 problem document, and the status a rule fixes where one does.
 * <p>
 * Bodies beyond the body limit: each operation that takes a body gets two, just beyond it (a padded one announced by
 * its Content-Length, the same in chunks), from the admin alone, the limit being checked before anything else, whoever
 * asks. The long run ({@code -Plong}, {@link LongRun}) sends every role those and a long array besides.
 */
public final class HostileRequests {

    /**
     * A value for a request line, already percent-encoded where it should be (raw octets are ISO-8859-1 chars).
     * {@code notHttp}: a request carrying it is not HTTP (a target that is not a URI, a request line beyond its
     * limit), refused by the HTTP layer before any code of the service with a bare 4xx.
     */
    public record Value(String label, String raw, int expected, boolean notHttp) {
        Value(String label, String raw, int expected) {
            this(label, raw, expected, false);
        }
    }

    /** A request body, with the status it must get (0: any non-5xx); sent with a Content-Length, or in chunks. */
    public record Body(String label, byte[] bytes, int expected, boolean chunked) {
        Body(String label, byte[] bytes, int expected) {
            this(label, bytes, expected, false);
        }
    }

    public record Reply(int status, Map<String, String> headers, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int ANY = 0;
    private static final byte[] CRLF = {'\r', '\n'};

    /** Hostile path, query and header values; those the database cannot keep must be refused with 400. */
    public static final List<Value> VALUES = List.of(
            new Value("NUL, percent-encoded", "%00", 400),
            new Value("NUL inside a value", "2025%00x", 400),
            new Value("NUL, raw octet", "a\u0000b", 400, true),
            new Value("NUL at the end", "216901231%00", 400),
            new Value("unpaired high surrogate as CESU-8", "%ED%A0%80", 400),
            new Value("unpaired low surrogate as CESU-8", "x%ED%B0%80", 400),
            new Value("invalid UTF-8", "%C3%28", 400),
            new Value("lone continuation octet", "%80", 400),
            new Value("octet 0xFF", "%FF", 400),
            new Value("overlong UTF-8 of '/'", "%C0%AF", 400),
            new Value("raw Latin-1 octet", "\u00e9t\u00e9", 400),
            new Value("control character SOH", "%01", ANY),
            new Value("escape sequence", "%1B%5B31m", ANY),
            new Value("DEL", "%7F", ANY),
            new Value("line feed", "a%0Ab", ANY),
            new Value("CR LF", "a%0D%0Ab", ANY),
            new Value("tab", "%09", ANY),
            new Value("empty", "", ANY),
            new Value("space", "%20", ANY),
            new Value("plus", "+", ANY),
            new Value("overlong, 3000 characters", "a".repeat(3000), ANY),
            new Value("overlong, beyond the request line limit", "b".repeat(9000), 414, true),
            new Value("overlong number", "9".repeat(400), ANY),
            new Value("negative number", "-1", ANY),
            new Value("zero", "0", ANY),
            new Value("huge integer", "99999999999999999999", ANY),
            new Value("decimal", "1.5", ANY),
            new Value("exponent", "1e309", ANY),
            new Value("boolean", "true", ANY),
            new Value("letters for a number", "abc", ANY),
            new Value("right-to-left override", encode("\u202Eabc"), ANY),
            new Value("emoji", encode("\uD83D\uDE00\uD83C\uDDEB\uD83C\uDDF7"), ANY),
            new Value("combining marks", encode("e\u0301\u0301\u0301\u0301"), ANY),
            new Value("zero width and BOM", encode("\u200B\uFEFF216901231"), ANY),
            new Value("full-width digits", encode("\uFF12\uFF11\uFF16\uFF19\uFF10\uFF11\uFF12\uFF13\uFF11"), ANY),
            new Value("SQL injection, quote", encode("' OR '1'='1"), ANY),
            new Value("SQL injection, statement", encode("1; DROP TABLE campaign; --"), ANY),
            new Value("SQL injection, union", encode("x' UNION SELECT null, version() --"), ANY),
            new Value("SQL wildcard", encode("%_%"), ANY),
            new Value("path traversal", "..%2F..%2Fetc%2Fpasswd", ANY),
            new Value("path traversal, raw", "../../etc/passwd", ANY),
            new Value("path traversal, dot segment", "..", ANY),
            new Value("path traversal, encoded dots", "%2e%2e%2f%2e%2e%2f", ANY),
            new Value("backslashes", encode("..\\..\\windows"), ANY),
            new Value("bad percent escape", "%zz", 400, true),
            new Value("lone percent", "%", 400, true),
            new Value("template injection", encode("${jndi:ldap://x/a}{{7*7}}"), ANY),
            new Value("markup", encode("<script>alert(1)</script>"), ANY),
            new Value("JSON", encode("{\"a\":[1]}"), ANY));

    private final int port;
    private final long bodyLimit;
    private final Function<String, String> plausible;
    private final Map<String, String> tokens;
    private final List<String> failures = new ArrayList<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private int sent;
    private int refusedByHttpLayer;
    private final List<String> accepted = new ArrayList<>();
    /** Time spent sending, by kind of request (hostile parameters, bodies, oversized bodies), in nanoseconds. */
    private final Map<String, Long> nanos = new TreeMap<>();
    /** The long run: every role sends every oversized body. */
    private final boolean everyOversized = LongRun.enabled();

    /**
     * @param plausible a valid-looking value for a path or query parameter, by name (raw, encoded), so that a
     *                  request with one hostile parameter gets as far as it can; null when there is none
     * @param tokens    bearer tokens by role (empty: no token); the first is an admin's, which gets every request
     */
    public HostileRequests(int port, long bodyLimit, Function<String, String> plausible, Map<String, String> tokens) {
        this.port = port;
        this.bodyLimit = bodyLimit;
        this.plausible = plausible;
        this.tokens = tokens;
    }

    public int sent() {
        return sent;
    }

    /** Requests refused by the HTTP layer with a bare 4xx before any code of the service (see {@link #send}). */
    public int refusedByHttpLayer() {
        return refusedByHttpLayer;
    }

    public Map<Integer, Integer> statuses() {
        return statuses;
    }

    /** Writes that were accepted (2xx): none of them may have added or removed a row. */
    public List<String> accepted() {
        return accepted;
    }

    public List<String> failures() {
        return failures;
    }

    /** Seconds spent sending each kind of request (parameters, bodies, oversized bodies). */
    public Map<String, String> seconds() {
        Map<String, String> seconds = new TreeMap<>();
        nanos.forEach((kind, n) -> seconds.put(kind, String.format("%.1f", n / 1e9)));
        return seconds;
    }

    /** Sends the hostile requests of every operation of the document. */
    public void sweep(JsonNode openApi) {
        Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields();
        while (paths.hasNext()) {
            var path = paths.next();
            var methods = path.getValue().fields();
            while (methods.hasNext()) {
                var method = methods.next();
                if (List.of("get", "put", "post", "patch", "delete").contains(method.getKey())) {
                    sweep(method.getKey().toUpperCase(), path.getKey(), method.getValue(), openApi);
                }
            }
        }
    }

    private void sweep(String method, String template, JsonNode operation, JsonNode openApi) {
        List<JsonNode> parameters = new ArrayList<>();
        operation.path("parameters").forEach(parameters::add);
        String admin = tokens.keySet().iterator().next();
        for (JsonNode parameter : parameters) {
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            for (int i = 0; i < VALUES.size(); i++) {
                Value value = VALUES.get(i);
                // text the database cannot keep is refused before anything else, whoever asks
                // in a header, a value is text as it is (no percent-decoding): only the raw NUL cannot be kept
                int expected = !"header".equals(in) ? value.expected() : value.raw().indexOf('\u0000') >= 0 ? 400 : ANY;
                for (String role : tokens.keySet()) {
                    if (role.equals(admin) || i % 5 == 0) {
                        send(method, template, parameters, in, name, value, role, null, null, expected);
                    }
                }
            }
        }
        JsonNode content = operation.path("requestBody").path("content");
        content.fieldNames().forEachRemaining(mediaType -> {
            int reached = 0;
            for (Body body : bodies(mediaType, content.get(mediaType), openApi)) {
                boolean oversized = body.expected() == 413;
                for (String role : tokens.keySet()) {
                    // every role gets the bodies a rule decides, the admin gets them all; the oversized ones go to the
                    // admin alone, but in the long run (the size is checked before anything else, whoever asks)
                    if (oversized ? everyOversized || role.equals(admin) : role.equals(admin) || body.expected() != ANY) {
                        Reply reply = send(method, template, parameters, null, null, null, role, mediaType, body, body.expected());
                        reached += reply != null && reply.status() != 401 && reply.status() != 403 ? 1 : 0;
                    }
                }
            }
            if (reached == 0) {
                failures.add(method + " " + template + " (" + mediaType + "): no role got past the access check to its body");
            }
        });
    }

    private Reply send(String method, String template, List<JsonNode> parameters, String hostileIn, String hostileName,
                      Value hostile, String role, String mediaType, Body body, int expected) {
        StringBuilder target = new StringBuilder(template);
        StringBuilder query = new StringBuilder();
        Map<String, String> headers = new LinkedHashMap<>();
        if (!tokens.get(role).isEmpty()) {
            headers.put("Authorization", "Bearer " + tokens.get(role));
        }
        headers.put("Accept", "application/json");
        for (JsonNode parameter : parameters) {
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            boolean isHostile = name.equals(hostileName) && in.equals(hostileIn);
            String value = isHostile ? hostile.raw() : plausible.apply(name);
            if (value == null) {
                value = "header".equals(in) ? null : sample(parameter.path("schema"));
            }
            if (value == null) {
                continue;
            }
            switch (in) {
                case "path" -> {
                    int at = target.indexOf("{" + name + "}");
                    target.replace(at, at + name.length() + 2, value);
                }
                case "query" -> {
                    if (isHostile || parameter.path("required").asBoolean()) {
                        query.append(query.isEmpty() ? '?' : '&').append(name).append('=').append(value);
                    }
                }
                case "header" -> {
                    if (isHostile) {
                        headers.put(name, value);
                    }
                }
                default -> {
                }
            }
        }
        byte[] payload = null;
        if (body != null) {
            if (mediaType.startsWith("multipart/")) {
                String boundary = "hostile-boundary-7d1f";
                headers.put("Content-Type", "multipart/form-data; boundary=" + boundary);
                payload = multipart(boundary, body.bytes());
            } else {
                headers.put("Content-Type", mediaType);
                payload = body.bytes();
            }
        }
        String what = method + " " + target + query + (hostile != null ? " [" + hostileIn + " " + hostileName + ": " + hostile.label() + "]"
                : " [body: " + body.label() + "]") + " as " + role;
        Reply reply;
        long started = System.nanoTime();
        try {
            reply = exchange(method, target + query.toString(), headers, payload, body != null && body.chunked());
        } catch (IOException e) {
            failures.add(abbreviate(what) + ": no reply (" + e + ")");
            return null;
        } finally {
            nanos.merge(body == null ? "parameters" : body.expected() == 413 ? "oversized bodies" : "bodies",
                    System.nanoTime() - started, Long::sum);
        }
        sent++;
        statuses.merge(reply.status(), 1, Integer::sum);
        if (reply.status() < 300 && !"GET".equals(method)) {
            accepted.add(abbreviate(what) + ": " + reply.status());
        }
        // a bare 4xx is allowed from the HTTP layer for what is not HTTP, and for an upload in chunks beyond the
        // limit, which Quarkus' multipart reader refuses with a bare 413 (a JSON body in chunks gets a problem)
        boolean bare = hostile != null ? hostile.notHttp() : body.chunked() && mediaType.startsWith("multipart/");
        if (reply.status() == 401 && !tokens.get(role).isEmpty()) {
            failures.add(abbreviate(what) + ": 401 with a valid token: the request never reached the checks");
        }
        // a body is read after the access check: a caller the operation refuses never gets to the rules on bodies
        boolean refusedCaller = body != null && (reply.status() == 401 || reply.status() == 403);
        check(abbreviate(what), reply, refusedCaller ? ANY : expected, bare);
        return reply;
    }

    private void check(String what, Reply reply, int expected, boolean bareAllowed) {
        int status = reply.status();
        if (bareAllowed && status >= 400 && status < 500 && !reply.headers().containsKey("content-type")) {
            refusedByHttpLayer++;
            if (expected != ANY && status != expected) {
                failures.add(what + ": " + status + " where " + expected + " was expected");
            }
            return;
        }
        if (status >= 500) {
            failures.add(what + ": " + status + " " + abbreviate(reply.body()));
            return;
        }
        if (expected != ANY && status != expected) {
            failures.add(what + ": " + status + " where " + expected + " was expected " + abbreviate(reply.body()));
        }
        if (status >= 400) {
            String type = reply.headers().getOrDefault("content-type", "");
            if (!type.startsWith("application/problem+json")) {
                failures.add(what + ": " + status + " as '" + type + "', not application/problem+json");
                return;
            }
            try {
                JsonNode problem = JSON.readTree(reply.body());
                if (!problem.path("type").isTextual() || !problem.path("title").isTextual()
                        || problem.path("status").asInt() != status || !problem.path("detail").isTextual()) {
                    failures.add(what + ": " + status + " problem lacks type, title, status or detail: " + abbreviate(reply.body()));
                }
            } catch (IOException e) {
                failures.add(what + ": " + status + " body is not JSON: " + abbreviate(reply.body()));
            }
        }
    }

    /** Hostile bodies built from the operation's own example (or a sample of its schema). */
    private List<Body> bodies(String mediaType, JsonNode media, JsonNode openApi) {
        JsonNode base = example(media);
        if (base == null) {
            base = sample(resolve(media.path("schema"), openApi), openApi, 0);
        }
        boolean files = mediaType.startsWith("multipart/");
        if (files) {
            // the file parts of an upload: an array of objects (a SIREN failing its checksum, so that nothing is kept)
            base = NODES.arrayNode().add(NODES.objectNode().put("code", "69123").put("nom", "Lyon")
                    .put("type", "commune-actuelle").put("siren", "216901230"));
        }
        String text = base.toString();
        List<Body> bodies = new ArrayList<>();
        bodies.add(new Body("truncated in the middle", utf8(text.substring(0, text.length() / 2)), 400));
        bodies.add(new Body("truncated by one character", utf8(text.substring(0, text.length() - 1)), 400));
        bodies.add(new Body("not JSON", utf8("<answers><a>1</a></answers>"), 400));
        bodies.add(new Body("empty", new byte[0], ANY));
        bodies.add(new Body("null", utf8("null"), ANY));
        bodies.add(new Body("a number", utf8("42"), ANY));
        bodies.add(new Body("a string", utf8("\"x\""), ANY));
        bodies.add(new Body("an array for an object", utf8("[" + text + "]"), ANY));
        bodies.add(new Body("raw NUL octet inside a string", utf8("{\"a\": \"x\u0000y\"}"), 400));
        bodies.add(new Body("invalid UTF-8 inside a string", concat(utf8("{\"a\": \""), new byte[]{(byte) 0xC3, 0x28}, utf8("\"}")), 400));
        bodies.add(new Body("NUL in a key", utf8("{\"a\\u0000b\": 1}"), 400));
        bodies.add(new Body("unpaired surrogate in a key", utf8("{\"\\udc00\": 1}"), 400));
        bodies.add(new Body("nested 100,000 deep", utf8("{\"a\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}"), 400));
        bodies.add(new Body("nested 40 deep", utf8("[".repeat(40) + "]".repeat(40)), 400));
        // just beyond the limit: the announced one refused before it is read, the one in chunks read up to the limit
        bodies.add(new Body("oversized, padded string", padded(base), 413));
        bodies.add(new Body("oversized, chunked", padded(base), 413, true));
        if (everyOversized) {
            bodies.add(new Body("oversized, long array", utf8("[" + "1,".repeat((int) (bodyLimit / 2 + 1024)) + "1]"), 413));
        }
        if (base.isContainerNode()) {
            ObjectNode withKey = base.isObject() ? base.deepCopy() : NODES.objectNode();
            withKey.put("k\u0000", "v");
            bodies.add(new Body("NUL in an added key", utf8(withKey.toString()), 400));
        }
        List<String> leaves = new ArrayList<>();
        leaves(base, "", leaves);
        for (String leaf : leaves.subList(0, Math.min(leaves.size(), 25))) {
            JsonNode value = base.at(leaf);
            String string = value.isTextual() ? value.asText() : "x";
            bodies.add(new Body("NUL in " + leaf, utf8(replaced(base, leaf, new TextNode(string + "\u0000")).toString()), 400));
            bodies.add(new Body("escaped NUL alone in " + leaf, utf8(replaced(base, leaf, new TextNode("\u0000")).toString()), 400));
            bodies.add(new Body("unpaired surrogate in " + leaf,
                    utf8(replaced(base, leaf, NODES.textNode("@")).toString().replace("\"@\"", "\"" + string.replace("\"", "") + "\\ud800\"")), 400));
            bodies.add(new Body("object for " + leaf, utf8(replaced(base, leaf, NODES.objectNode().put("x", 1)).toString()), ANY));
            bodies.add(new Body("array for " + leaf, utf8(replaced(base, leaf, NODES.arrayNode().add("x")).toString()), ANY));
            if (!value.isTextual()) {
                bodies.add(new Body("text for " + leaf, utf8(replaced(base, leaf, NODES.textNode("not a number")).toString()), ANY));
            }
            bodies.add(new Body("huge number for " + leaf, utf8(replaced(base, leaf, NODES.numberNode(new java.math.BigInteger("9".repeat(300)))).toString()), ANY));
            bodies.add(new Body("nested 40 deep in " + leaf, utf8(replaced(base, leaf, nested(40)).toString()), 400));
        }
        if (files) {
            // files are not request bodies: what their content may be is the operation's own rule (a 422 problem)
            return bodies.stream().map(b -> b.expected() == 413 ? b : new Body(b.label(), b.bytes(), ANY, b.chunked())).toList();
        }
        return bodies;
    }

    private byte[] padded(JsonNode base) {
        String padding = "x".repeat((int) bodyLimit + 1024);
        if (base.isObject()) {
            ObjectNode copy = base.deepCopy();
            copy.put("padding", padding);
            return utf8(copy.toString());
        }
        return utf8("[\"" + padding + "\"]");
    }

    private static JsonNode nested(int depth) {
        ArrayNode root = NODES.arrayNode();
        ArrayNode current = root;
        for (int i = 1; i < depth; i++) {
            current = current.addArray();
        }
        return root;
    }

    private static JsonNode example(JsonNode media) {
        if (media.has("example")) {
            return media.get("example");
        }
        var examples = media.path("examples").elements();
        return examples.hasNext() ? examples.next().path("value") : null;
    }

    private static JsonNode resolve(JsonNode schema, JsonNode openApi) {
        int guard = 0;
        while (schema.has("$ref") && guard++ < 10) {
            schema = openApi.at(schema.get("$ref").asText().substring(1));
        }
        return schema;
    }

    /** A value of the schema's shape (objects with every property), for operations without an example. */
    private static JsonNode sample(JsonNode schema, JsonNode openApi, int depth) {
        schema = resolve(schema, openApi);
        if (schema.has("example")) {
            return schema.get("example");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        String type = schema.path("type").isArray() ? schema.path("type").path(0).asText() : schema.path("type").asText();
        if (depth > 6) {
            return NODES.nullNode();
        }
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                schema.path("properties").fields().forEachRemaining(p -> object.set(p.getKey(), sample(p.getValue(), openApi, depth + 1)));
                yield object;
            }
            case "array" -> NODES.arrayNode().add(sample(schema.path("items"), openApi, depth + 1));
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(1.5);
            case "boolean" -> NODES.booleanNode(true);
            default -> NODES.textNode("x");
        };
    }

    private static String sample(JsonNode schema) {
        if (schema.has("example")) {
            return encode(schema.get("example").asText());
        }
        if (schema.has("enum")) {
            return encode(schema.get("enum").get(0).asText());
        }
        return "integer".equals(schema.path("type").asText()) ? "1" : "x";
    }

    private static void leaves(JsonNode node, String pointer, List<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> leaves(f.getValue(), pointer + "/" + f.getKey(), into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                leaves(node.get(i), pointer + "/" + i, into);
            }
        } else {
            into.add(pointer);
        }
    }

    private static JsonNode replaced(JsonNode base, String pointer, JsonNode value) {
        if (pointer.isEmpty()) {
            return value;
        }
        JsonNode copy = base.deepCopy();
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = slash == 0 ? copy : copy.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        }
        return copy;
    }

    private static byte[] multipart(String boundary, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : List.of("communes", "epci")) {
            out.writeBytes(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part + "\"; filename=\""
                    + part + ".json\"\r\nContent-Type: application/json\r\n\r\n"));
            out.writeBytes(file);
            out.writeBytes(utf8("\r\n"));
        }
        out.writeBytes(utf8("--" + boundary + "--\r\n"));
        return out.toByteArray();
    }

    /** One HTTP/1.1 exchange on its own connection; the request line and headers go out as ISO-8859-1 octets. */
    public Reply exchange(String method, String target, Map<String, String> headers, byte[] body, boolean chunked) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\nConnection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append(chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null && chunked) {
                    for (int at = 0; at < body.length; at += 65_536) {
                        int size = Math.min(65_536, body.length - at);
                        out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(body, at, size);
                        out.write(CRLF);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } else if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException refusedEarly) {
                // the server may answer (413) and close before reading the whole body: read its reply
            }
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static Reply parse(byte[] raw) throws IOException {
        String all = new String(raw, StandardCharsets.ISO_8859_1);
        int end = all.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("incomplete reply: " + abbreviate(all));
        }
        String[] lines = all.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(), lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = indexOf(chunked, at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    public static JsonNode read(InputStream in) {
        try {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
