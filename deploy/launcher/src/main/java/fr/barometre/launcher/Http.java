package fr.barometre.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** A small JSON-over-HTTP client (java.net.http) for readiness checks, tokens and demo data. */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** A response: its status and body. */
    public record Reply(int status, String body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Not JSON: " + body, e);
            }
        }

        /** This reply, or an exception naming the request when its status is not 2xx. */
        public Reply expectOk(String what) {
            if (!ok()) {
                throw new IllegalStateException(what + " answered " + status + ": " + body);
            }
            return this;
        }
    }

    /** The status of a GET, or -1 when nothing answers. */
    public int status(String url) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url)).GET(), null).status();
        } catch (IOException e) {
            return -1;
        }
    }

    public Reply get(String url, String token) throws IOException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
    }

    public Reply post(String url, String token, Object body) throws IOException {
        return send(json(HttpRequest.newBuilder(URI.create(url)), body, "POST"), token);
    }

    public Reply patch(String url, String token, Object body) throws IOException {
        return send(json(HttpRequest.newBuilder(URI.create(url)), body, "PATCH"), token);
    }

    public Reply postForm(String url, Map<String, String> form) throws IOException {
        String encoded = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded)), null);
    }

    private static HttpRequest.Builder json(HttpRequest.Builder request, Object body, String method) {
        String text;
        try {
            text = body == null ? "" : body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(text));
    }

    private Reply send(HttpRequest.Builder request, String token) throws IOException {
        request.timeout(Duration.ofSeconds(60)).header("Accept", "application/json, application/problem+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }
}
