package fr.barometre.reporting.fact;

import java.util.List;

/** The seven themes of the barometer (fixed codes), the maturity scale and the size strata, in report order. */
public final class Themes {

    public static final List<String> CODES = List.of(
            "NUMERIQUE_RESPONSABLE", "SERVICES_USAGERS", "CONFORMITE", "INCLUSION",
            "CYBERSECURITE", "SERVICES_AGENTS", "DONNEES_IA");

    public static final int MAX_LEVEL = 4;

    public static final List<String> STRATA = List.of("S1", "S2", "S3", "S4", "S5", "S6");

    public static final List<String> ABSTENTIONS = List.of("NSP", "NA");

    private Themes() {
    }
}
