package fr.barometre.scoring.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * What an operator watches of the outbox, per destination, read from the database at each scrape of
 * {@code /q/metrics} (so every replica reports the same backlog): the messages waiting
 * ({@code outbox_pending}), the age of the oldest of them ({@code outbox_oldest_pending_age_seconds},
 * 0 when none waits) and the dead letters parked for admins ({@code outbox_dead_parked}).
 */
@Startup
@ApplicationScoped
public class OutboxMetrics {

    @Inject
    OutboxRepository messages;

    @Inject
    Receiver receiver;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    @PostConstruct
    void register() {
        String destination = receiver.name();
        gauge("outbox.pending", "Outbox messages waiting for delivery (the backlog)",
                m -> m.messages.count(destination, OutboxMessage.Status.PENDING));
        Gauge.builder("outbox.oldest.pending.age", this, read(m -> m.messages.oldestPending(destination)
                        .map(oldest -> Duration.between(oldest, m.clock.instant()).toMillis() / 1000.0)
                        .orElse(0.0)))
                .description("Age of the oldest outbox message waiting for delivery, 0 when none waits")
                .baseUnit("seconds").tags(Tags.of("destination", destination)).register(registry);
        gauge("outbox.dead.parked", "Outbox messages parked as dead (refused for good), listed for admins",
                m -> m.messages.count(destination, OutboxMessage.Status.DEAD));
    }

    private void gauge(String name, String description, ToDoubleFunction<OutboxMetrics> value) {
        Gauge.builder(name, this, read(value)).description(description)
                .tags(Tags.of("destination", receiver.name())).register(registry);
    }

    /** A reading in its own transaction: a scrape happens outside any request. */
    private static ToDoubleFunction<OutboxMetrics> read(ToDoubleFunction<OutboxMetrics> value) {
        return m -> QuarkusTransaction.requiringNew().call(() -> value.applyAsDouble(m));
    }
}
