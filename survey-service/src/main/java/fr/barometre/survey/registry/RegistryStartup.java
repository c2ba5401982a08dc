package fr.barometre.survey.registry;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Fills an empty registry with the authorities shipped with the service. */
@ApplicationScoped
public class RegistryStartup {

    @Inject
    RegistryImporter importer;

    @Inject
    RegistryConfig config;

    void onStart(@Observes StartupEvent event) {
        if (config.loadWhenEmpty()) {
            importer.loadShippedIfEmpty();
        }
    }
}
