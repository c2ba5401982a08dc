package fr.barometre.reporting.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Where Keycloak is and how long a call to it may take: the same keys ({@code barometre.keycloak.*}) in the three services. */
@ConfigMapping(prefix = "barometre.keycloak")
public interface KeycloakConfig {

    /** Keycloak's base URL, as browsers reach it too (the pages' sign-in and sign-out). */
    String url();

    /** Every call to Keycloak gives up after this time without an answer. */
    @WithDefault("3s")
    Duration timeout();
}
