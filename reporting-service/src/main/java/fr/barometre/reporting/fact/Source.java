package fr.barometre.reporting.fact;

/** Which copy of the read model: LIVE follows the ingest, PUBLISHED is the frozen edition. */
public enum Source {
    LIVE, PUBLISHED
}
