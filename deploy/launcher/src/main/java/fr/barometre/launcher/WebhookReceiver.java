package fr.barometre.launcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench's webhook receiver on 127.0.0.1: answers every delivery 204 at once and counts, per event type,
 * the requests and their distinct {@code webhook-id}s (a delivery made twice shows as a duplicate), the
 * requests without an id, and those with one whose {@code webhook-signature} does not verify with the secret
 * of the subscription they came for. Each service's subscription has its own path ({@link #url(String)}): the
 * path names the secret. Nothing else is checked: a receiver's work should weigh nothing in the figures.
 */
final class WebhookReceiver implements AutoCloseable {

    static final String ID = "webhook-id";
    static final String TIMESTAMP = "webhook-timestamp";
    static final String SIGNATURE = "webhook-signature";
    private static final String SECRET_PREFIX = "whsec_";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> ids = new ConcurrentHashMap<>();
    private final AtomicLong withoutId = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong();

    private WebhookReceiver(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a receiver on a free port of 127.0.0.1. */
    static WebhookReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "bench-webhook-receiver");
            thread.setDaemon(true);
            return thread;
        });
        WebhookReceiver receiver = new WebhookReceiver(server, executor);
        server.createContext("/", receiver::handle);
        server.setExecutor(executor);
        server.start();
        return receiver;
    }

    /** The address to subscribe for {@code source} (a path of its own). */
    String url(String source) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + source;
    }

    /** The signing secret of {@code source}'s subscription ({@code whsec_} + base64), as its creation answered it. */
    void secret(String source, String secret) {
        if (secret != null && secret.startsWith(SECRET_PREFIX)) {
            keys.put(source, Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())));
        }
    }

    /** {@link System#nanoTime()} of the last request received, 0 before the first. */
    long lastReceivedNanos() {
        return lastNanos.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String source = exchange.getRequestURI().getPath().substring(1);
            String type = type(body);
            String id = exchange.getRequestHeaders().getFirst(ID);
            requests.computeIfAbsent(type, t -> new AtomicLong()).incrementAndGet();
            if (id == null || id.isBlank()) {
                withoutId.incrementAndGet();
            } else {
                ids.computeIfAbsent(type, t -> ConcurrentHashMap.newKeySet()).add(id);
                if (!verifies(keys.get(source), id, exchange.getRequestHeaders().getFirst(TIMESTAMP), body,
                        exchange.getRequestHeaders().getFirst(SIGNATURE))) {
                    badSignatures.incrementAndGet();
                }
            }
            lastNanos.set(System.nanoTime());
            exchange.sendResponseHeaders(204, -1);
        }
    }

    /** The payload's {@code type}, "unreadable" when it has none. */
    private static String type(byte[] body) {
        try {
            String type = Http.JSON.readTree(body).path("type").asText("");
            return type.isEmpty() ? "unreadable" : type;
        } catch (IOException e) {
            return "unreadable";
        }
    }

    /** Standard Webhooks: one of the header's {@code v1,} signatures is base64(HMAC-SHA256(key, id.timestamp.body)). */
    static boolean verifies(byte[] key, String id, String timestamp, byte[] body, String header) {
        if (key == null || id == null || timestamp == null || header == null) {
            return false;
        }
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            expected = mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
        for (String signature : header.trim().split(" +")) {
            if (signature.startsWith("v1,")) {
                try {
                    if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(3)))) {
                        return true;
                    }
                } catch (IllegalArgumentException notBase64) {
                    // another signature may follow
                }
            }
        }
        return false;
    }

    /**
     * What was received so far: {@code received} (per type: requests, distinct ids), the totals, the
     * duplicates (requests with an id − distinct ids), the requests without an id and with a bad signature.
     */
    ObjectNode figures() {
        ObjectNode out = Http.JSON.createObjectNode();
        ObjectNode received = out.putObject("received");
        long total = 0;
        long distinct = 0;
        for (Map.Entry<String, AtomicLong> e : new TreeMap<>(requests).entrySet()) {
            long n = e.getValue().get();
            long d = ids.getOrDefault(e.getKey(), Set.of()).size();
            received.putObject(e.getKey()).put("requests", n).put("distinct", d);
            total += n;
            distinct += d;
        }
        out.put("requests", total).put("distinct", distinct).put("duplicates", total - withoutId.get() - distinct)
                .put("withoutId", withoutId.get()).put("badSignatures", badSignatures.get());
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
