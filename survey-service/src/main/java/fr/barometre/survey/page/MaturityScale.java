package fr.barometre.survey.page;

import java.util.List;

/** The five levels of the maturity scale (0 to 4) and the two abstentions, as the pages name them. */
final class MaturityScale {

    static final List<String> LEVELS = List.of(
            "Pas engagé",
            "En réflexion",
            "En cours",
            "Actions formalisées",
            "Effectif et en amélioration continue");
    static final String NSP = "Ne sait pas";
    static final String NA = "Non applicable";

    private MaturityScale() {
    }

    static String abstention(String code) {
        return "NA".equals(code) ? NA : NSP;
    }
}
