package fr.barometre.survey.registry;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Fills an empty registry with the authorities shipped with the service. */
@ApplicationScoped
public class RegistryStartup {

    @Inject
    RegistryImporter importer;

    @ConfigProperty(name = "survey.registry.load-when-empty", defaultValue = "true")
    boolean loadWhenEmpty;

    void onStart(@Observes StartupEvent event) {
        if (loadWhenEmpty) {
            importer.loadShippedIfEmpty();
        }
    }
}
