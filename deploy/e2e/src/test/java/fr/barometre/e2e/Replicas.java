package fr.barometre.e2e;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A caller of one service that runs as several replicas, behaving as a client behind a load
 * balancer would: a refused or broken connection moves the call to the next replica (it is not an
 * answer of the service); a 503 with {@code Retry-After} is waited out and retried; any other 5xx
 * (or a 503 without {@code Retry-After}) is recorded as a fault of the service, then retried so
 * that the scenario goes on and reports every one. Every answer is tallied.
 */
final class Replicas {

    /** Calls that had no answer for this long are given up (the scenario fails then). */
    private static final Duration GIVE_UP = Duration.ofMinutes(3);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    record Answer(int status, Map<String, List<String>> headers, String body) {

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst();
        }
    }

    /** What the callers of a scenario saw, all replicas together. */
    static final class Tally {
        final AtomicLong calls = new AtomicLong();
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final AtomicLong unavailableWithRetryAfter = new AtomicLong();
        final AtomicLong movedToOtherReplica = new AtomicLong();
        final AtomicLong timeouts = new AtomicLong();
        final AtomicLong maxLatencyMillis = new AtomicLong();
        final AtomicLong waitedMillis = new AtomicLong();
        /** 5xx other than a 503 with Retry-After: must stay empty. */
        final List<String> serverErrors = java.util.Collections.synchronizedList(new ArrayList<>());

        long status(int status) {
            AtomicLong n = statuses.get(status);
            return n == null ? 0 : n.get();
        }

        long serverErrorCount() {
            return serverErrors.size();
        }
    }

    private final String service;
    private final List<String> bases;
    private final Tally tally;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    Replicas(String service, List<String> bases, Tally tally) {
        this.service = service;
        this.bases = List.copyOf(bases);
        this.tally = tally;
    }

    /**
     * Sends one request, starting with replica {@code preferred} (modulo their count), until an
     * answer that is not a 5xx; the token is asked for on each attempt (it may have been renewed).
     */
    Answer send(int preferred, String method, String path, Supplier<String> token, String json, Map<String, String> headers)
            throws InterruptedException {
        int replica = Math.floorMod(preferred, bases.size());
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        int failuresInARow = 0;
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(service + ": no answer to " + method + " " + path + " for " + GIVE_UP.toMinutes() + " min");
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bases.get(replica) + path))
                    .timeout(REQUEST_TIMEOUT)
                    .header("Accept", "application/json, application/problem+json")
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            String bearer = token == null ? null : token.get();
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            headers.forEach(request::header);
            long started = System.nanoTime();
            HttpResponse<String> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                tally.timeouts.incrementAndGet();
                record(started);
                replica = (replica + 1) % bases.size();
                continue;
            } catch (IOException e) {
                // refused (a killed replica) or cut (killed while answering): a load balancer moves on
                tally.movedToOtherReplica.incrementAndGet();
                replica = (replica + 1) % bases.size();
                if (++failuresInARow >= bases.size()) {
                    Thread.sleep(500);
                    failuresInARow = 0;
                }
                continue;
            }
            failuresInARow = 0;
            record(started);
            int status = response.statusCode();
            tally.calls.incrementAndGet();
            tally.statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
            Answer answer = new Answer(status, response.headers().map(), response.body());
            if (status < 500) {
                return answer;
            }
            Optional<String> retryAfter = answer.header("Retry-After");
            long waitSeconds;
            if (status == 503 && retryAfter.isPresent()) {
                tally.unavailableWithRetryAfter.incrementAndGet();
                waitSeconds = Math.max(1, Math.min(10, seconds(retryAfter.get())));
            } else {
                tally.serverErrors.add(service + " " + bases.get(replica) + " " + method + " " + path + " → " + status
                        + (status == 503 ? " without Retry-After" : "") + ": " + abbreviate(answer.body()));
                waitSeconds = 1;
            }
            tally.waitedMillis.addAndGet(waitSeconds * 1000);
            Thread.sleep(waitSeconds * 1000);
        }
    }

    private void record(long startedNanos) {
        tally.maxLatencyMillis.accumulateAndGet((System.nanoTime() - startedNanos) / 1_000_000, Math::max);
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 1;   // an HTTP date: wait a little
        }
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.replaceAll("\\s+", " ");
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
