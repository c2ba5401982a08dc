package fr.barometre.survey.webhook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The webhooks' settings, the same keys in every service; only {@code event-types} differs between them. */
@ConfigMapping(prefix = "barometre.webhooks")
public interface WebhookConfig {

    /**
     * The event types this service emits, which a subscription may ask for (ping is sent on request, to one
     * subscription, and is not subscribed to). Set in each service's application.properties.
     */
    List<String> eventTypes();

    /**
     * URL prefixes allowed despite the rules against local and private targets (and plain HTTP), for a
     * suite run on one machine: {@code http://127.0.0.1,http://localhost}. A prefix matches a URL of the
     * same scheme and host, on any port when it names none (else that port), under its path if it has one.
     * Empty in production.
     */
    Optional<List<String>> allowLocal();

    /** Active subscriptions one client may have. */
    @WithDefault("10")
    int maxPerClient();

    /** Longest wait for a receiver's connection and answer, per attempt. */
    @WithDefault("5s")
    Duration timeout();

    /** Delay before the second attempt; doubled at each further failure. */
    @WithDefault("10s")
    Duration initialBackoff();

    /** The longest delay between two attempts. */
    @WithDefault("1h")
    Duration maxBackoff();

    /** A subscription every delivery to which has failed for this long is disabled. */
    @WithDefault("P3D")
    Duration disableAfter();

    /** How often the worker looks for due deliveries (read by its schedule). */
    @WithDefault("1s")
    Duration interval();

    /**
     * Deliveries claimed by one worker round. A round's calls are made all at once (at most this many
     * connections to one receiver) and its outcomes recorded together, so a round costs about one answer's
     * wait and two short transactions whatever its size: the larger, the faster a backlog drains.
     */
    @WithDefault("200")
    int batchSize();

    /** How long a partner's scope read from its source is trusted. */
    @WithDefault("30s")
    Duration scopeCache();
}
