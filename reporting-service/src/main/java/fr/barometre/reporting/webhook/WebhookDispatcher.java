package fr.barometre.reporting.webhook;

import fr.barometre.reporting.audit.Journal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Delivers the pending webhook deliveries: a round claims up to {@code batch-size} due ones in a short
 * transaction (each left alone by every other worker, thread or replica, for a lease), then makes each
 * outside any transaction, and records each outcome in a short transaction of its own.
 * <p>
 * A delivery whose subscription was disabled is FAILED; one about an authority its client's scope no
 * longer covers is OUT_OF_SCOPE (a scope that cannot be read now puts it off: never sent unchecked);
 * otherwise the stored payload's text is posted as it is, signed (Standard Webhooks headers), to the
 * address its URL's host resolves to now, if that address may be a target (connecting to that very
 * address, the Host header and TLS name being the URL's host). A 2xx delivers it; anything else
 * (another status, no answer in {@code timeout}, no connection, an address refused) is tried again after
 * {@code initial-backoff}·2^(attempts−1), at most {@code max-backoff}, and marks the subscription failing;
 * failing for {@code disable-after}, it is disabled and the journal says so. Redirects are not followed.
 */
@Startup
@ApplicationScoped
public class WebhookDispatcher {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";

    /** Beyond the call's own timeout, the time a round may spend on one delivery (scope and name look-ups). */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    @Inject
    WebhookRepository deliveries;

    @Inject
    WebhookTargets targets;

    @Inject
    SubscriberScopes scopes;

    @Inject
    WebhookConfig config;

    @Inject
    Journal journal;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    private HttpClient http;
    private Counter delivered;
    private Counter failed;
    private Counter outOfScope;

    @PostConstruct
    void start() {
        http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false).setVerifyHost(true)
                .setMaxPoolSize(Math.max(1, config.batchSize())));
        delivered = registry.counter("webhook.delivered");
        failed = registry.counter("webhook.failed");
        outOfScope = registry.counter("webhook.out_of_scope");
    }

    @PreDestroy
    void stop() {
        http.close();
    }

    @Scheduled(every = "${barometre.webhooks.interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        deliverDue();
    }

    /** Makes every due delivery, a round at a time; returns how many were claimed. */
    public int deliverDue() {
        int claimed = 0;
        List<WebhookRepository.Claimed> round;
        do {
            round = QuarkusTransaction.requiringNew().call(() -> deliveries.claim(Math.max(1, config.batchSize()), lease()));
            for (WebhookRepository.Claimed delivery : round) {
                deliver(delivery);
            }
            claimed += round.size();
        } while (round.size() == Math.max(1, config.batchSize()));
        return claimed;
    }

    private Duration lease() {
        return config.timeout().multipliedBy(2).plus(LEASE_MARGIN);
    }

    /** One claimed delivery, made and recorded; never throws (a failure is the delivery's, recorded). */
    void deliver(WebhookRepository.Claimed d) {
        try {
            if (d.disabled()) {
                QuarkusTransaction.requiringNew().run(() ->
                        deliveries.finish(d, "FAILED", null, "the subscription is disabled", false));
                return;
            }
            if (d.siren() != null) {
                boolean covered;
                try {
                    covered = scopes.covers(d.clientId(), d.siren(), d.networks());
                } catch (SubscriberScopes.ScopeUnknown e) {
                    QuarkusTransaction.requiringNew().run(() -> deliveries.postpone(d, clock.instant().plus(config.initialBackoff()),
                            null, "the scope of " + d.clientId() + " cannot be read now: " + e.getMessage(), false));
                    return;
                }
                if (!covered) {
                    QuarkusTransaction.requiringNew().run(() -> deliveries.finish(d, "OUT_OF_SCOPE", null,
                            "the authority " + d.siren() + " is outside the scope of " + d.clientId(), false));
                    outOfScope.increment();
                    return;
                }
            }
            Outcome outcome = post(d);
            if (outcome.status() >= 200 && outcome.status() < 300) {
                QuarkusTransaction.requiringNew().run(() -> {
                    if (deliveries.finish(d, "DELIVERED", outcome.status(), null, true)) {
                        deliveries.succeeded(d.subscriptionId());
                    }
                });
                delivered.increment();
            } else {
                failedAttempt(d, outcome);
            }
        } catch (RuntimeException e) {
            Log.errorf(e, "Webhook delivery %s could not be recorded; it is claimed again once its lease ends", d.id());
        }
    }

    private void failedAttempt(WebhookRepository.Claimed d, Outcome outcome) {
        failed.increment();
        Instant next = clock.instant().plus(backoff(d.attempts() + 1));
        String suffix = " (" + words(config.disableAfter()) + ")";
        QuarkusTransaction.requiringNew().run(() -> {
            if (!deliveries.postpone(d, next, outcome.status() == 0 ? null : outcome.status(), outcome.error(), true)) {
                return;
            }
            Instant failingSince = deliveries.failed(d.subscriptionId(), config.disableAfter(), suffix);
            if (failingSince != null) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("clientId", d.clientId());
                detail.put("failingSince", failingSince.toString());
                detail.put("lastError", outcome.error());
                journal.recordBySystem("failing for " + words(config.disableAfter()), "webhook.disabled",
                        WebhookService.target(d.subscriptionId()), null, detail);
                Log.warnf("Webhook subscription %s of %s disabled: failing since %s", d.subscriptionId(), d.clientId(), failingSince);
            }
        });
    }

    /** The status of the receiver's answer, or 0 and why there was none. */
    record Outcome(int status, String error) {
    }

    /** Posts the payload to the checked address; no transaction is open here. */
    Outcome post(WebhookRepository.Claimed d) {
        WebhookTargets.Target target;
        try {
            target = targets.check(d.url());
        } catch (WebhookTargets.Refused e) {
            return new Outcome(0, "not sent: " + e.getMessage());
        }
        try {
            return post(d, target);
        } catch (RuntimeException e) {
            // a request the client would not even make: the delivery's failure, recorded as any other
            return new Outcome(0, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Outcome post(WebhookRepository.Claimed d, WebhookTargets.Target target) {
        long timestamp = clock.instant().getEpochSecond();
        long timeout = config.timeout().toMillis();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.tls())
                .setURI(target.requestUri())
                .setFollowRedirects(false)
                .setConnectTimeout(timeout)
                .setIdleTimeout(timeout)
                .putHeader("Content-Type", "application/json")
                .putHeader("User-Agent", "barometre-webhooks")
                .putHeader(ID, d.eventId().toString())
                .putHeader(TIMESTAMP, Long.toString(timestamp))
                .putHeader(SIGNATURE, WebhookSignature.sign(d.secret(), d.eventId().toString(), timestamp, d.payload()));
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        Future<Integer> answer = http.request(options).compose(request -> {
            sent.set(request);
            return request.send(Buffer.buffer(d.payload().getBytes(StandardCharsets.UTF_8)))
                    .compose(response -> response.end().map(ended -> response.statusCode()));
        });
        try {
            int status = answer.toCompletionStage().toCompletableFuture().get(timeout, TimeUnit.MILLISECONDS);
            return new Outcome(status, status >= 200 && status < 300 ? null : "HTTP " + status);
        } catch (TimeoutException e) {
            HttpClientRequest request = sent.get();
            if (request != null) {
                request.reset();
            }
            return new Outcome(0, "no answer within " + config.timeout().toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Outcome(0, cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(0, "interrupted");
        }
    }

    /** initial × 2^(attempts−1), at most the configured maximum. */
    Duration backoff(int attempts) {
        Duration delay = config.initialBackoff();
        for (int i = 1; i < attempts && delay.compareTo(config.maxBackoff()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(config.maxBackoff()) > 0 ? config.maxBackoff() : delay;
    }

    /** A duration as a reader says it: "3 days", "12 hours", "90 seconds". */
    static String words(Duration d) {
        if (!d.isZero() && d.toSeconds() % 86_400 == 0) {
            return plural(d.toDays(), "day");
        }
        if (!d.isZero() && d.toSeconds() % 3_600 == 0) {
            return plural(d.toHours(), "hour");
        }
        if (!d.isZero() && d.toSeconds() % 60 == 0 && d.toMillis() % 1000 == 0) {
            return plural(d.toMinutes(), "minute");
        }
        return d.toMillis() % 1000 == 0 ? plural(d.toSeconds(), "second") : plural(d.toMillis(), "millisecond");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
