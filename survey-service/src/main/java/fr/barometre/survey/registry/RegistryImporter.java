package fr.barometre.survey.registry;

import fr.barometre.survey.audit.Journal;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Upserts registry entries in one transaction with the import's journal entry (by the admin, or by the
 * system for the registry shipped with the service), reporting what changed. Networks are the admins'
 * to manage: an import never touches them.
 */
@ApplicationScoped
public class RegistryImporter {

    static final String SHIPPED_REGISTRY = "/registry/collectivities.csv.gz";
    static final String IMPORTED = "registry.imported";
    static final String TARGET = "registry";
    /** The whole national registry is one statement of seconds; a slow disk is given much more. */
    private static final int TRANSACTION_TIMEOUT_SECONDS = 600;

    @Inject
    CollectivityRepository collectivities;

    @Inject
    Journal journal;

    /** Loads the registry shipped with the service when the registry is empty. */
    public void loadShippedIfEmpty() {
        if (!collectivities.isEmptyRegistry()) {
            return;
        }
        try (InputStream in = RegistryImporter.class.getResourceAsStream(SHIPPED_REGISTRY)) {
            if (in == null) {
                throw new IllegalStateException("The shipped registry " + SHIPPED_REGISTRY + " is missing");
            }
            long start = System.nanoTime();
            List<RegistryEntry> entries = EtalabMapping.readCompact(in);
            ImportReport report = inTransaction(() -> {
                ImportReport loaded = upsert(entries, 0);
                journal.recordBySystem("registry empty at startup", IMPORTED, TARGET, null, counts(loaded));
                return loaded;
            });
            Log.infof("Registry loaded: %d authorities in %d ms", report.added(), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An import by the caller: new authorities inserted, changed ones updated, journaled, all in one transaction. */
    public ImportReport importEntries(List<RegistryEntry> entries, int skipped) {
        return inTransaction(() -> {
            ImportReport report = upsert(entries, skipped);
            journal.record(IMPORTED, TARGET, null, counts(report));
            return report;
        });
    }

    private ImportReport upsert(List<RegistryEntry> entries, int skipped) {
        CollectivityRepository.Upserted upserted = collectivities.upsert(entries);
        return new ImportReport(upserted.inserted(), upserted.updated(), entries.size() - upserted.inserted() - upserted.updated(), skipped);
    }

    private static ImportReport inTransaction(Callable<ImportReport> work) {
        return QuarkusTransaction.requiringNew().timeout(TRANSACTION_TIMEOUT_SECONDS).call(work);
    }

    private static Map<String, Object> counts(ImportReport report) {
        return Map.of("added", report.added(), "updated", report.updated(), "unchanged", report.unchanged(),
                "skipped", report.skipped());
    }
}
