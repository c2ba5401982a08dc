package fr.barometre.survey.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Where partners' scopes and respondents' accounts are kept in Keycloak ({@link KeycloakDirectory}). */
@ConfigMapping(prefix = "survey.identity")
public interface IdentityConfig {

    /** The realm of the partners' clients and the respondents' accounts. */
    @WithDefault("barometre")
    String realm();

    /**
     * Which directory the build takes: Keycloak's (the only one shipped) unless a test build brings
     * its in-memory one, which {@code keycloak} here declines. Read at build time.
     */
    Optional<String> directory();
}
