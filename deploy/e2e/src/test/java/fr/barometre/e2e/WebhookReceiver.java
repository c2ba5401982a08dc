package fr.barometre.e2e;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A webhook receiver as a partner would run one, on 127.0.0.1 (a port of the system's choosing): it keeps
 * every request it is sent, headers and body byte for byte, and answers 204, or 503 on the paths it is told
 * to refuse for now (a receiver down for maintenance), so that a test sees each attempt of a delivery.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request received: the path, the three Standard Webhooks headers, the body's bytes, what was answered. */
    record Received(String path, String id, String timestamp, String signature, byte[] body, int answered, long atMillis) {

        String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Set<String> refused = ConcurrentHashMap.newKeySet();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                String path = exchange.getRequestURI().getPath();
                int status = refused.contains(path) ? 503 : 204;
                var headers = exchange.getRequestHeaders();
                received.add(new Received(path, headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
                        headers.getFirst("webhook-signature"), body, status, System.currentTimeMillis()));
                exchange.sendResponseHeaders(status, -1);
            }
        });
        server.start();
    }

    /** The URL of one of its paths, e.g. {@code url("/survey")}: http://127.0.0.1:port/survey. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers 503 to every request on {@code path} from now on. */
    void refuse(String path) {
        refused.add(path);
    }

    /** Answers 204 on {@code path} again. */
    void accept(String path) {
        refused.remove(path);
    }

    /** Every request received so far that {@code which} accepts, in the order received. */
    List<Received> received(Predicate<Received> which) {
        return received.stream().filter(which).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
