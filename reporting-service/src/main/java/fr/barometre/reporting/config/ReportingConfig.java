package fr.barometre.reporting.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The reporting rules that are configuration: one place, one name. */
@ConfigMapping(prefix = "reporting")
public interface ReportingConfig {

    Confidentiality confidentiality();

    Cache cache();

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
}
