package fr.barometre.reporting.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The reporting rules that are configuration: one place, one name. */
@ConfigMapping(prefix = "reporting")
public interface ReportingConfig {

    Confidentiality confidentiality();

    Cache cache();

    TokenCache tokenCache();

    interface Confidentiality {
        /** Aggregates over fewer authorities than this are withheld from partners, respondents and anonymous callers. */
        @WithDefault("5")
        int minAuthorities();
    }

    interface Cache {
        /** The figures kept in memory at most; the least recently read go first. */
        @WithDefault("2000")
        int maxEntries();

        /** The editions (a campaign's LIVE or PUBLISHED facts) held in memory at most, each about 20 MB (estimated from its arrays) at 36,130 facts; the least recently read go first. */
        @WithDefault("4")
        int maxEditions();
    }

    /** Bearer tokens verified once and not again while they are valid (api.VerifiedTokens). */
    interface TokenCache {
        /** The tokens kept at most (0: every token verified on each request); the least recently used go first. */
        @WithDefault("1000")
        int maxEntries();

        /** How long a verified token is kept at most, in seconds; never beyond its expiry. */
        @WithDefault("60")
        long maxSeconds();
    }
}
