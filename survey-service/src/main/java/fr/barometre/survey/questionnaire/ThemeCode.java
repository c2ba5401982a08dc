package fr.barometre.survey.questionnaire;

/** The seven themes of the barometer, with fixed codes. */
public enum ThemeCode {
    NUMERIQUE_RESPONSABLE, SERVICES_USAGERS, CONFORMITE, INCLUSION, CYBERSECURITE, SERVICES_AGENTS, DONNEES_IA;

    /** Every theme has at least this many maturity items. */
    public static final int MIN_MATURITY_ITEMS = 4;
}
