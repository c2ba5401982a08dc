package fr.barometre.scoring.observability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.function.ToDoubleFunction;

/**
 * Rescoring progress, read from the database at each scrape of {@code /q/metrics} (every replica
 * reports the same): {@code rescoring_jobs_running}, and over those jobs {@code rescoring_items_done}
 * of {@code rescoring_items_total}. Bound to the registry by Quarkus (a {@link MeterBinder} bean).
 */
@Singleton
public class RescoringMetrics implements MeterBinder {

    @Inject
    MetricsStore store;

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "rescoring.jobs.running", "Rescoring jobs running", r -> r.running());
        gauge(registry, "rescoring.items.done", "Assessments redone by the running rescoring jobs", r -> r.done());
        gauge(registry, "rescoring.items.total", "Assessments the running rescoring jobs have to redo", r -> r.total());
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<MetricsStore.Rescoring> value) {
        Gauge.builder(name, store, s -> value.applyAsDouble(s.rescoring())).description(description).register(registry);
    }
}
