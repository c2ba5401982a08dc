package fr.barometre.survey.registry;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Upserts registry entries in one transaction, reporting what changed. Networks are the admins'
 * to manage: an import never touches them.
 */
@ApplicationScoped
public class RegistryImporter {

    static final String SHIPPED_REGISTRY = "/registry/collectivities.csv.gz";

    @Inject
    CollectivityRepository collectivities;

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
            ImportReport report = upsert(EtalabMapping.readCompact(in), 0);
            Log.infof("Registry loaded: %d authorities in %d ms", report.added(), (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inserts new authorities, updates changed ones, all in one database transaction. */
    public ImportReport upsert(List<RegistryEntry> entries, int skipped) {
        CollectivityRepository.Upserted upserted = collectivities.upsert(entries);
        return new ImportReport(upserted.inserted(), upserted.updated(), entries.size() - upserted.inserted() - upserted.updated(), skipped);
    }
}
