package fr.barometre.survey.registry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The registry of authorities at startup ({@link RegistryStartup}). */
@ConfigMapping(prefix = "survey.registry")
public interface RegistryConfig {

    /** Whether an empty registry is filled with the authorities shipped with the service. */
    @WithDefault("true")
    boolean loadWhenEmpty();
}
