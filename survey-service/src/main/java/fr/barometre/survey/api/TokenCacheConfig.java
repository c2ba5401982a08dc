package fr.barometre.survey.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Bearer tokens verified once and not again while they are valid ({@link VerifiedTokens}). */
@ConfigMapping(prefix = "barometre.token-cache")
public interface TokenCacheConfig {

    /** The tokens kept at most (0: every token verified on each request); the least recently used go first. */
    @WithDefault("1000")
    int maxEntries();

    /** How long a verified token is kept at most, in seconds; never beyond its expiry. */
    @WithDefault("60")
    long maxSeconds();
}
