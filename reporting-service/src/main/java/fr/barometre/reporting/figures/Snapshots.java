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
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link Snapshot} of each edition read lately, at least as new as what a request has read of
 * it. LIVE: a request that read version v of the campaign's version row gets a snapshot of version
 * v or later; an older one is refreshed first, by reading only the facts changed since it was built
 * (one refresh at a time per edition). A figure read ({@link #latest}) does not wait for a refresh
 * another request is running: it gets the last complete snapshot (never one half built: a snapshot
 * is immutable, and replaces the previous one only once complete), and the refresh's result serves
 * the reads after it; only a read that finds no snapshot at all, or no refresh running, waits (for its
 * own). PUBLISHED: the snapshot of the publication the request read, built whole once per
 * publication; later facts never reach it.
 */
@ApplicationScoped
public class Snapshots {

    private final FiguresRepository repository;
    private final Map<String, Holder> holders;
    private final Counter full;
    private final Counter incremental;
    private final Counter previous;

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
        this.previous = metrics.counter("reporting.figures.snapshot.previous");
    }

    /** One edition's current snapshot, replaced whole; only its refresh is serialized (by {@code refreshing}). */
    private static final class Holder {
        final ReentrantLock refreshing = new ReentrantLock();
        volatile Snapshot current;
    }

    /**
     * The campaign's LIVE facts as of its version row {@code version} or later; waits for a refresh
     * running meanwhile, then refreshes again if that one is still older.
     */
    Snapshot live(String campaign, long version) {
        Holder holder = holder(Source.LIVE, campaign);
        Snapshot known = holder.current;
        if (known != null && known.version >= version) {
            return known;
        }
        holder.refreshing.lock();
        try {
            return refreshed(holder, campaign, version);
        } finally {
            holder.refreshing.unlock();
        }
    }

    /**
     * The campaign's LIVE facts for a figure read: as {@link #live}, except while another request
     * refreshes the edition, when the last complete snapshot is returned at once (its version may be
     * below {@code version}: the caller names its figures by the snapshot's version, not by the one it read).
     */
    Snapshot latest(String campaign, long version) {
        Holder holder = holder(Source.LIVE, campaign);
        Snapshot known = holder.current;
        if (known != null && known.version >= version) {
            return known;
        }
        if (known != null && !holder.refreshing.tryLock()) {
            previous.increment();
            return known;
        }
        if (known == null) {
            holder.refreshing.lock();
        }
        try {
            return refreshed(holder, campaign, version);
        } finally {
            holder.refreshing.unlock();
        }
    }

    /** Under the holder's lock: its snapshot if it is of {@code version} or later, else a refreshed one (built whole the first time). */
    private Snapshot refreshed(Holder holder, String campaign, long version) {
        Snapshot known = holder.current;
        if (known != null && known.version >= version) {
            return known;
        }
        Snapshot fresh = known == null ? build(Source.LIVE, campaign) : refresh(known);
        holder.current = fresh;
        return fresh;
    }

    /** The campaign's PUBLISHED facts of this publication (or of a later one). */
    Snapshot published(String campaign, String publication) {
        Holder holder = holder(Source.PUBLISHED, campaign);
        Snapshot known = holder.current;
        if (known != null && Objects.equals(known.publication, publication)) {
            return known;
        }
        holder.refreshing.lock();
        try {
            known = holder.current;
            if (known != null && Objects.equals(known.publication, publication)) {
                return known;
            }
            Snapshot fresh = build(Source.PUBLISHED, campaign);
            holder.current = fresh;
            return fresh;
        } finally {
            holder.refreshing.unlock();
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
        long start = System.nanoTime();
        Snapshot.Builder builder = known.refresh();
        FiguresRepository.Loaded loaded = repository.load(known.source, known.campaign, known.pgSnapshot, builder);
        incremental.increment();
        Snapshot refreshed = builder.build(loaded.version(), loaded.pgSnapshot(), loaded.publication());
        Log.debugf("Edition %s %s refreshed: %d facts changed in %d ms", known.source, known.campaign, builder.changed(),
                (System.nanoTime() - start) / 1_000_000);
        return refreshed.facts() == loaded.facts() ? refreshed : build(known.source, known.campaign);
    }
}
