package fr.barometre.reporting.figures;

import fr.barometre.reporting.config.ReportingConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Figures already computed, in memory, least recently read evicted first. Keys carry the campaign's
 * version row as read on each request, so a new fact or a publication (which bump it) makes every
 * replica compute afresh; stale entries simply age out.
 */
@ApplicationScoped
@Startup
public class FiguresCache {

    private final Map<String, Object> entries;
    private final Counter hits;
    private final Counter misses;

    @Inject
    public FiguresCache(ReportingConfig config, MeterRegistry metrics) {
        int max = config.cache().maxEntries();
        this.entries = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
                return size() > max;
            }
        };
        this.hits = metrics.counter("reporting.figures.cache", "outcome", "hit");
        this.misses = metrics.counter("reporting.figures.cache", "outcome", "miss");
        metrics.gauge("reporting.figures.cache.size", this, FiguresCache::size);
    }

    /** The figures under this key, computed once (two requests racing may both compute; the result is the same). */
    @SuppressWarnings("unchecked")
    public <T> T get(String key, Supplier<T> compute) {
        synchronized (entries) {
            Object known = entries.get(key);
            if (known != null) {
                hits.increment();
                return (T) known;
            }
        }
        misses.increment();
        T value = compute.get();
        synchronized (entries) {
            entries.put(key, value);
        }
        return value;
    }

    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    public double misses() {
        return misses.count();
    }
}
