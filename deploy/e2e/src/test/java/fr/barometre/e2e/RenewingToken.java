package fr.barometre.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.launcher.Http;
import fr.barometre.launcher.Tokens;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A user's access token as a real client keeps it: obtained by a password grant, renewed ahead of
 * its expiry. While Keycloak does not answer (each try bounded by a few seconds), the client waits
 * and tries again; the time spent waiting is counted.
 */
final class RenewingToken implements Supplier<String> {

    /** Renewed when less than this is left. */
    private static final Duration AHEAD = Duration.ofSeconds(60);
    private static final Duration TRY_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration GIVE_UP = Duration.ofMinutes(5);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();
    private final String tokenUrl;
    private final String user;
    private final String password;
    private final AtomicLong waitedMillis;
    private String token;
    private long renewAtNanos;

    RenewingToken(String keycloakUrl, String user, String password, AtomicLong waitedMillis) {
        this.tokenUrl = keycloakUrl + "/realms/barometre/protocol/openid-connect/token";
        this.user = user;
        this.password = password;
        this.waitedMillis = waitedMillis;
    }

    /** The current token, renewed first when it is about to expire (waiting while Keycloak cannot answer). */
    @Override
    public synchronized String get() {
        if (token == null || System.nanoTime() >= renewAtNanos) {
            renew();
        }
        return token;
    }

    /** Renews now (a client about to be busy for a while does so), waiting while Keycloak cannot answer. */
    synchronized void renew() {
        long started = System.nanoTime();
        long deadline = started + GIVE_UP.toNanos();
        String form = "grant_type=password&client_id=" + Tokens.PUBLIC_CLIENT
                + "&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        String failure = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(TRY_TIMEOUT)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    JsonNode body = Http.JSON.readTree(response.body());
                    token = body.get("access_token").asText();
                    long lifetime = body.path("expires_in").asLong(300);
                    renewAtNanos = System.nanoTime() + Duration.ofSeconds(lifetime).minus(AHEAD).toNanos();
                    if (failure != null) {
                        waitedMillis.addAndGet((System.nanoTime() - started) / 1_000_000);
                    }
                    return;
                }
                failure = "HTTP " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                failure = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while renewing the token of " + user, e);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while renewing the token of " + user, e);
            }
        }
        throw new IllegalStateException("No token for " + user + " after " + GIVE_UP.toMinutes() + " min: " + failure);
    }
}
