package fr.barometre.scoring.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.function.ToDoubleFunction;

/**
 * Rescoring progress, read from the database at each scrape of {@code /q/metrics} (every replica
 * reports the same): {@code rescoring_jobs_running}, and over those jobs {@code rescoring_items_done}
 * of {@code rescoring_items_total}.
 */
@Startup
@ApplicationScoped
public class RescoringMetrics {

    @Inject
    MetricsStore store;

    @Inject
    MeterRegistry registry;

    @PostConstruct
    void register() {
        gauge("rescoring.jobs.running", "Rescoring jobs running", r -> r.running());
        gauge("rescoring.items.done", "Assessments redone by the running rescoring jobs", r -> r.done());
        gauge("rescoring.items.total", "Assessments the running rescoring jobs have to redo", r -> r.total());
    }

    private void gauge(String name, String description, ToDoubleFunction<MetricsStore.Rescoring> value) {
        Gauge.builder(name, store, s -> value.applyAsDouble(s.rescoring())).description(description).register(registry);
    }
}
