package fr.barometre.survey.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where partners' scopes and respondents' accounts are kept in Keycloak ({@link KeycloakDirectory}). */
@ConfigMapping(prefix = "survey.identity")
public interface IdentityConfig {

    /** The realm of the partners' clients and the respondents' accounts. */
    @WithDefault("barometre")
    String realm();
}
