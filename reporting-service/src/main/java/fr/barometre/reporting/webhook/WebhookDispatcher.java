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
import io.vertx.core.tracing.TracingPolicy;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Delivers the pending webhook deliveries: a round claims up to {@code batch-size} due ones in a short
 * transaction (each left alone by every other worker, thread or replica, for a lease); settles those that
 * need no call (FAILED, OUT_OF_SCOPE, put off) in one short transaction; makes the others' calls all at
 * once, outside any transaction, and records their outcomes in one short transaction. Every outcome is
 * recorded only if the delivery was not taken over by another worker since it was claimed (its attempts
 * unchanged), set-based, one statement per status.
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

    /** Beyond its calls' timeouts, the time a round may spend on its scope and name look-ups and its records. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    /**
     * The calls a round has on their way at once: more drain a backlog no faster once each wave costs about one
     * answer's wait, and would open as many connections at once to one receiver.
     */
    static final int IN_FLIGHT = 32;

    /**
     * How long a connection to a receiver is kept once idle, for the next deliveries to the same checked address:
     * connections are pooled per address connected to and per URL host (Vert.x's endpoint key), so a host that
     * resolves elsewhere at a later round gets a connection of its own to the new address, checked like the first.
     * Shorter than the idle timeouts receivers commonly keep (5 s and more), so that this side closes first.
     */
    static final int KEEP_ALIVE_SECONDS = 2;

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
        // not traced: a delivery is a row of its own (attempts, last status, error), and a span started for each
        // call, with no request to belong to, cost about as much as the call itself
        http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(KEEP_ALIVE_SECONDS)
                .setVerifyHost(true).setMaxPoolSize(IN_FLIGHT).setTracingPolicy(TracingPolicy.IGNORE));
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
        int batch = Math.max(1, config.batchSize());
        int claimed = 0;
        List<WebhookRepository.Claimed> round;
        do {
            round = QuarkusTransaction.requiringNew().call(() -> deliveries.claim(batch, lease()));
            deliver(round);
            claimed += round.size();
        } while (round.size() == batch);
        return claimed;
    }

    /** Long enough for a whole round: its waves of calls, each waiting {@code timeout} at most, and a margin. */
    private Duration lease() {
        int waves = (Math.max(1, config.batchSize()) + IN_FLIGHT - 1) / IN_FLIGHT;
        return config.timeout().multipliedBy(waves + 1L).plus(LEASE_MARGIN);
    }

    /**
     * One round's claimed deliveries, made and recorded; never throws (a failure to record leaves the
     * deliveries claimed until their lease ends, when they are claimed again: at least once).
     */
    void deliver(List<WebhookRepository.Claimed> round) {
        List<WebhookRepository.Settled> disabled = new ArrayList<>();
        List<WebhookRepository.Settled> outside = new ArrayList<>();
        List<WebhookRepository.Settled> unknown = new ArrayList<>();
        List<WebhookRepository.Claimed> toSend = new ArrayList<>();
        for (WebhookRepository.Claimed d : round) {
            try {
                if (d.disabled()) {
                    disabled.add(new WebhookRepository.Settled(d, null, "the subscription is disabled", null));
                } else if (d.siren() != null && !scopes.covers(d.clientId(), d.siren(), d.networks())) {
                    outside.add(new WebhookRepository.Settled(d, null,
                            "the authority " + d.siren() + " is outside the scope of " + d.clientId(), null));
                } else {
                    toSend.add(d);
                }
            } catch (SubscriberScopes.ScopeUnknown e) {
                unknown.add(new WebhookRepository.Settled(d, null, "the scope of " + d.clientId() + " cannot be read now: "
                        + e.getMessage(), clock.instant().plus(config.initialBackoff())));
            } catch (RuntimeException e) {
                Log.errorf(e, "Webhook delivery %s could not be made; it is claimed again once its lease ends", d.id());
            }
        }
        if (!disabled.isEmpty() || !outside.isEmpty() || !unknown.isEmpty()) {
            record(() -> {
                deliveries.settle("FAILED", false, disabled);
                outOfScope.increment(deliveries.settle("OUT_OF_SCOPE", false, outside).size());
                deliveries.settle("PENDING", false, unknown);
            });
        }
        if (!toSend.isEmpty()) {
            Map<WebhookRepository.Claimed, Outcome> outcomes = post(toSend);
            record(() -> recordAttempts(outcomes));
        }
    }

    private void record(Runnable outcomes) {
        try {
            QuarkusTransaction.requiringNew().run(outcomes);
        } catch (RuntimeException e) {
            Log.errorf(e, "Webhook deliveries could not be recorded; they are claimed again once their lease ends");
        }
    }

    /** The round's attempts: successes end their failing, failures are tried again later and may disable. */
    private void recordAttempts(Map<WebhookRepository.Claimed, Outcome> outcomes) {
        List<WebhookRepository.Settled> succeeded = new ArrayList<>();
        List<WebhookRepository.Settled> failures = new ArrayList<>();
        outcomes.forEach((d, outcome) -> {
            if (outcome.status() >= 200 && outcome.status() < 300) {
                succeeded.add(new WebhookRepository.Settled(d, outcome.status(), null, null));
            } else {
                failures.add(new WebhookRepository.Settled(d, outcome.status() == 0 ? null : outcome.status(), outcome.error(),
                        clock.instant().plus(backoff(d.attempts() + 1))));
            }
        });
        Set<UUID> delivered = deliveries.settle("DELIVERED", true, succeeded);
        deliveries.succeeded(succeeded.stream().filter(o -> delivered.contains(o.delivery().id()))
                .map(o -> o.delivery().subscriptionId()).collect(Collectors.toCollection(LinkedHashSet::new)));
        this.delivered.increment(delivered.size());
        Set<UUID> postponed = deliveries.settle("PENDING", true, failures);
        failed.increment(postponed.size());
        // one failure per subscription is enough to mark it failing (and to disable it, journaled once)
        Map<UUID, WebhookRepository.Settled> failing = new LinkedHashMap<>();
        failures.stream().filter(o -> postponed.contains(o.delivery().id()))
                .forEach(o -> failing.putIfAbsent(o.delivery().subscriptionId(), o));
        String suffix = " (" + words(config.disableAfter()) + ")";
        failing.forEach((subscription, o) -> {
            Instant failingSince = deliveries.failed(subscription, config.disableAfter(), suffix);
            if (failingSince != null) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("clientId", o.delivery().clientId());
                detail.put("failingSince", failingSince.toString());
                detail.put("lastError", o.error());
                journal.recordBySystem("failing for " + words(config.disableAfter()), "webhook.disabled",
                        WebhookService.target(subscription), null, detail);
                Log.warnf("Webhook subscription %s of %s disabled: failing since %s", subscription, o.delivery().clientId(), failingSince);
            }
        });
    }

    /** The status of the receiver's answer, or 0 and why there was none. */
    record Outcome(int status, String error) {
    }

    /** A request on its way, or the outcome already known when none could be made. */
    private record Sending(Future<Integer> answer, AtomicReference<HttpClientRequest> request, Outcome known) {
    }

    /**
     * Posts each delivery's payload to its checked address, {@link #IN_FLIGHT} at once: a wave's calls are all
     * sent, then their answers awaited, each for {@code timeout} at most from when the wave was sent; no
     * transaction is open here.
     */
    Map<WebhookRepository.Claimed, Outcome> post(List<WebhookRepository.Claimed> round) {
        Map<String, Object> checked = new HashMap<>();
        Map<WebhookRepository.Claimed, Outcome> outcomes = new LinkedHashMap<>();
        for (int from = 0; from < round.size(); from += IN_FLIGHT) {
            Map<WebhookRepository.Claimed, Sending> wave = new LinkedHashMap<>();
            for (WebhookRepository.Claimed d : round.subList(from, Math.min(round.size(), from + IN_FLIGHT))) {
                // the URL's host resolved now, once a round, and that very address connected to
                Object target = checked.computeIfAbsent(d.url(), url -> {
                    try {
                        return targets.check(url);
                    } catch (WebhookTargets.Refused e) {
                        return new Outcome(0, "not sent: " + e.getMessage());
                    }
                });
                wave.put(d, target instanceof WebhookTargets.Target t ? send(d, t) : new Sending(null, null, (Outcome) target));
            }
            long deadline = System.nanoTime() + config.timeout().toNanos();
            wave.forEach((d, s) -> outcomes.put(d, s.known() != null ? s.known() : await(s, deadline)));
        }
        return outcomes;
    }

    private Sending send(WebhookRepository.Claimed d, WebhookTargets.Target target) {
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        try {
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
            Future<Integer> answer = http.request(options).compose(request -> {
                sent.set(request);
                return request.send(Buffer.buffer(d.payload().getBytes(StandardCharsets.UTF_8)))
                        .compose(response -> response.end().map(ended -> response.statusCode()));
            });
            return new Sending(answer, sent, null);
        } catch (RuntimeException e) {
            // a request the client would not even make: the delivery's failure, recorded as any other
            return new Sending(null, sent, new Outcome(0, e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private Outcome await(Sending s, long deadline) {
        try {
            long left = Math.max(0, deadline - System.nanoTime());
            int status = s.answer().toCompletionStage().toCompletableFuture().get(left, TimeUnit.NANOSECONDS);
            return new Outcome(status, status >= 200 && status < 300 ? null : "HTTP " + status);
        } catch (TimeoutException e) {
            HttpClientRequest request = s.request().get();
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
