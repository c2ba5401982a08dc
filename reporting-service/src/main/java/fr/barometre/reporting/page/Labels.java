package fr.barometre.reporting.page;

import java.util.LinkedHashMap;
import java.util.Map;

/** The French words of the design's codes: themes, maturity levels, size strata, kinds, networks, régions. */
final class Labels {

    static final Map<String, String> THEMES = ordered(
            "NUMERIQUE_RESPONSABLE", "Numérique responsable",
            "SERVICES_USAGERS", "Services et relations usagers",
            "CONFORMITE", "Conformité réglementaire",
            "INCLUSION", "Inclusion numérique",
            "CYBERSECURITE", "Cybersécurité",
            "SERVICES_AGENTS", "Services aux agents",
            "DONNEES_IA", "Données et IA");

    static final Map<String, String> LEVELS = ordered(
            "0", "Pas engagé",
            "1", "En réflexion",
            "2", "En cours",
            "3", "Actions formalisées",
            "4", "Effectif et en amélioration continue");

    static final Map<String, String> ABSTENTIONS = ordered("NSP", "Ne sait pas", "NA", "Non applicable");

    static final Map<String, String> STRATA = ordered(
            "S1", "moins de 3 500 habitants",
            "S2", "3 500 à 19 999 habitants",
            "S3", "20 000 à 49 999 habitants",
            "S4", "50 000 à 99 999 habitants",
            "S5", "100 000 à 199 999 habitants",
            "S6", "200 000 habitants et plus");

    static final Map<String, String> KINDS = ordered(
            "COMMUNE", "Communes",
            "EPCI_CC", "Communautés de communes",
            "EPCI_CA", "Communautés d'agglomération",
            "EPCI_CU", "Communautés urbaines",
            "METROPOLE", "Métropoles",
            "DEPARTEMENT", "Départements",
            "REGION", "Régions",
            "OTHER", "Autres");

    static final Map<String, String> NETWORKS = ordered(
            "INTERCONNECTES", "Les Interconnectés",
            "INTERCOMMUNALITES_DE_FRANCE", "Intercommunalités de France",
            "FRANCE_URBAINE", "France urbaine");

    static final Map<String, String> REGIONS = ordered(
            "01", "Guadeloupe", "02", "Martinique", "03", "Guyane", "04", "La Réunion", "06", "Mayotte",
            "11", "Île-de-France", "24", "Centre-Val de Loire", "27", "Bourgogne-Franche-Comté", "28", "Normandie",
            "32", "Hauts-de-France", "44", "Grand Est", "52", "Pays de la Loire", "53", "Bretagne",
            "75", "Nouvelle-Aquitaine", "76", "Occitanie", "84", "Auvergne-Rhône-Alpes",
            "93", "Provence-Alpes-Côte d'Azur", "94", "Corse");

    private Labels() {
    }

    static String theme(String code) {
        return THEMES.getOrDefault(code, code);
    }

    static String stratum(String code) {
        return code + " (" + STRATA.getOrDefault(code, "?") + ")";
    }

    static String region(String code) {
        return REGIONS.getOrDefault(code, "Région " + code);
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
