package fr.barometre.reporting.figures;

import fr.barometre.reporting.config.ReportingConfig;
import fr.barometre.reporting.fact.Source;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@link Snapshot} of each edition read lately, at least as new as what a request has read of
 * it. LIVE: a request that read version v of the campaign's version row gets a snapshot of version
 * v or later; an older one is refreshed first, by reading only the facts changed since it was built
 * (one refresh at a time per edition: the requests that arrive meanwhile wait for it and use it,
 * instead of all computing the same). PUBLISHED: the snapshot of the publication the request read,
 * built whole once per publication; later facts never reach it.
 */
@ApplicationScoped
public class Snapshots {

    private final FiguresRepository repository;
    private final Map<String, Holder> holders;
    private final Counter full;
    private final Counter incremental;

    @Inject
    public Snapshots(FiguresRepository repository, ReportingConfig config, MeterRegistry metrics) {
        this.repository = repository;
        int max = config.cache().maxEditions();
        this.holders = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Holder> eldest) {
                return size() > max;
            }
        };
        this.full = metrics.counter("reporting.figures.snapshot.loads", "kind", "full");
        this.incremental = metrics.counter("reporting.figures.snapshot.loads", "kind", "incremental");
    }

    /** One edition's current snapshot; only its refresh is serialized. */
    private static final class Holder {
        volatile Snapshot current;
    }

    /** The campaign's LIVE facts as of its version row {@code version} or later. */
    Snapshot live(String campaign, long version) {
        Holder holder = holder(Source.LIVE, campaign);
        Snapshot known = holder.current;
        if (known != null && known.version >= version) {
            return known;
        }
        synchronized (holder) {
            known = holder.current;
            if (known != null && known.version >= version) {
                return known;
            }
            Snapshot fresh = known == null ? build(Source.LIVE, campaign) : refresh(known);
            holder.current = fresh;
            return fresh;
        }
    }

    /** The campaign's PUBLISHED facts of this publication (or of a later one). */
    Snapshot published(String campaign, String publication) {
        Holder holder = holder(Source.PUBLISHED, campaign);
        Snapshot known = holder.current;
        if (known != null && Objects.equals(known.publication, publication)) {
            return known;
        }
        synchronized (holder) {
            known = holder.current;
            if (known != null && Objects.equals(known.publication, publication)) {
                return known;
            }
            Snapshot fresh = build(Source.PUBLISHED, campaign);
            holder.current = fresh;
            return fresh;
        }
    }

    private Holder holder(Source source, String campaign) {
        synchronized (holders) {
            return holders.computeIfAbsent(source + "|" + campaign, k -> new Holder());
        }
    }

    private Snapshot build(Source source, String campaign) {
        long start = System.nanoTime();
        Snapshot.Builder builder = Snapshot.empty(source, campaign).refresh();
        FiguresRepository.Loaded loaded = repository.load(source, campaign, null, builder);
        full.increment();
        Snapshot built = builder.build(loaded.version(), loaded.pgSnapshot(), loaded.publication());
        Log.debugf("Edition %s %s read whole: %d facts in %d ms", source, campaign, built.facts(), (System.nanoTime() - start) / 1_000_000);
        return built;
    }

    /**
     * The facts changed since the snapshot was built, replaced in a copy of it. A fact that left
     * the read model (the count no longer matches: the read model never deletes a LIVE fact today)
     * makes the whole edition read again.
     */
    private Snapshot refresh(Snapshot known) {
        Snapshot.Builder builder = known.refresh();
        FiguresRepository.Loaded loaded = repository.load(known.source, known.campaign, known.pgSnapshot, builder);
        incremental.increment();
        Snapshot refreshed = builder.build(loaded.version(), loaded.pgSnapshot(), loaded.publication());
        return refreshed.facts() == loaded.facts() ? refreshed : build(known.source, known.campaign);
    }
}
