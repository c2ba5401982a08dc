package fr.barometre.e2e;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP receiver of spans ({@code POST /v1/traces}, protobuf): the services export to it
 * (their {@code OTEL_EXPORTER_OTLP_ENDPOINT}, set by this module's surefire configuration). It keeps
 * the spans of the traces a test watches, read from the export requests by their protobuf field
 * numbers (opentelemetry-proto's ExportTraceServiceRequest → ResourceSpans → ScopeSpans → Span).
 */
final class OtlpReceiver {

    /** One span as exported: the service (resource attribute service.name), its ids, name, kind, start. */
    record Span(String service, String traceId, String spanId, String parentSpanId, String name, int kind, long startNanos) {

        static final int SERVER = 2;
        static final int CLIENT = 3;
    }

    private static OtlpReceiver instance;

    private final HttpServer server;
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final List<Span> spans = new CopyOnWriteArrayList<>();

    private OtlpReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                byte[] bytes = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                        ? new GZIPInputStream(body).readAllBytes() : body.readAllBytes();
                read(bytes);
                exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, 0);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The receiver on the port the services export to (started once, before the services). */
    static synchronized OtlpReceiver start() throws IOException {
        if (instance == null) {
            instance = new OtlpReceiver(Integer.getInteger("e2e.otlp-port", 18190));
        }
        return instance;
    }

    static synchronized OtlpReceiver get() throws IOException {
        return start();
    }

    /** Keeps the spans of this trace from now on. */
    void watch(String traceId) {
        watched.add(traceId);
    }

    /** The spans of a watched trace received so far, in order of start. */
    List<Span> trace(String traceId) {
        List<Span> trace = new ArrayList<>(spans.stream().filter(s -> s.traceId().equals(traceId)).toList());
        trace.sort(java.util.Comparator.comparingLong(Span::startNanos));
        return trace;
    }

    private void read(byte[] request) throws IOException {
        for (ByteString resourceSpans : UnknownFieldSet.parseFrom(request).getField(1).getLengthDelimitedList()) {
            UnknownFieldSet rs = UnknownFieldSet.parseFrom(resourceSpans);
            String service = service(rs);
            for (ByteString scopeSpans : rs.getField(2).getLengthDelimitedList()) {
                for (ByteString span : UnknownFieldSet.parseFrom(scopeSpans).getField(2).getLengthDelimitedList()) {
                    UnknownFieldSet s = UnknownFieldSet.parseFrom(span);
                    String traceId = hex(s, 1);
                    if (watched.contains(traceId)) {
                        spans.add(new Span(service, traceId, hex(s, 2), hex(s, 4), text(s, 5),
                                s.getField(6).getVarintList().isEmpty() ? 0 : s.getField(6).getVarintList().get(0).intValue(),
                                s.getField(7).getFixed64List().isEmpty() ? 0 : s.getField(7).getFixed64List().get(0)));
                    }
                }
            }
        }
    }

    /** The resource's attribute service.name (Resource field 1: KeyValue{1 key, 2 AnyValue{1 string}}). */
    private static String service(UnknownFieldSet resourceSpans) throws IOException {
        for (ByteString resource : resourceSpans.getField(1).getLengthDelimitedList()) {
            for (ByteString kv : UnknownFieldSet.parseFrom(resource).getField(1).getLengthDelimitedList()) {
                UnknownFieldSet attribute = UnknownFieldSet.parseFrom(kv);
                if ("service.name".equals(text(attribute, 1))) {
                    return text(UnknownFieldSet.parseFrom(attribute.getField(2).getLengthDelimitedList().get(0)), 1);
                }
            }
        }
        return "";
    }

    private static String text(UnknownFieldSet fields, int number) {
        List<ByteString> values = fields.getField(number).getLengthDelimitedList();
        return values.isEmpty() ? "" : values.get(0).toStringUtf8();
    }

    private static String hex(UnknownFieldSet fields, int number) {
        List<ByteString> values = fields.getField(number).getLengthDelimitedList();
        return values.isEmpty() ? "" : HexFormat.of().formatHex(values.get(0).toByteArray());
    }
}
