package fr.barometre.scoring.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The catch-up's lag, read from the database at each scrape of {@code /q/metrics}:
 * {@code catchup_cursor_age_seconds}, the time since the catch-up's cursor in survey-service's submission feed last moved
 * (NaN before the first page). It grows when the catch-up cannot pull (the neighbour down, a
 * refused token) and also while the upstream has nothing new: read it beside the neighbour's
 * outbox backlog.
 */
@Startup
@ApplicationScoped
public class CatchUpMetrics {

    @Inject
    MetricsStore store;

    @Inject
    MeterRegistry registry;

    @PostConstruct
    void register() {
        Gauge.builder("catchup.cursor.age", store, s -> s.cursorAgeSeconds().orElse(Double.NaN))
                .description("Seconds since the catch-up's cursor last moved (NaN before its first page)")
                .baseUnit("seconds").register(registry);
    }
}
