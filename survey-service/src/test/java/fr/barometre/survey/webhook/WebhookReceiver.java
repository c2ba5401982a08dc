package fr.barometre.survey.webhook;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * A real HTTP receiver of webhooks on 127.0.0.1 (allowed by the tests' {@code allow-local}): it keeps every
 * request it gets, answers each with the status set (after the delay set), 204 by default.
 */
final class WebhookReceiver implements AutoCloseable {

    /**
     * One request received: its headers (lower-cased names), its body's exact bytes as text, and the sender's
     * port (one per connection the sender opened).
     */
    record Received(String path, Map<String, String> headers, String body, int senderPort) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 204;
    private volatile Duration delay = Duration.ZERO;
    private volatile String location;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
            received.add(new Received(exchange.getRequestURI().toString(), headers, new String(body, StandardCharsets.UTF_8),
                    exchange.getRemoteAddress().getPort()));
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (location != null) {
                exchange.getResponseHeaders().add("Location", location);
            }
            try {
                exchange.sendResponseHeaders(status, -1);
            } catch (IOException gone) {
                // the sender gave up waiting
            }
            exchange.close();
        });
        server.start();
    }

    /** The URL of a path on this receiver. */
    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    WebhookReceiver answering(int value) {
        status = value;
        return this;
    }

    WebhookReceiver after(Duration value) {
        delay = value;
        return this;
    }

    WebhookReceiver redirectingTo(String value) {
        location = value;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits (at most 10 s) until the condition holds. */
    static void await(BooleanSupplier condition, Runnable between) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not so within 10 s");
            }
            between.run();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
