package fr.barometre.survey.page;

/**
 * Documents as the neighbours answer them, whole (fields the pages do not read included): scoring-service's
 * assessment ({@code AssessmentView}) and reporting-service's benchmark ({@code Views.Benchmark}).
 */
final class NeighbourDocuments {

    private NeighbourDocuments() {
    }

    static String assessment(String code, String siren) {
        return """
                {"campaign": "%s", "siren": "%s", "revision": 1, "assessmentVersion": 1, "model": "barometre-v1",
                 "questionnaireVersion": "2025.1", "assessedAt": "2025-05-12T09:30:02Z",
                 "profile": {"kind": "COMMUNE", "population": 519127, "stratum": "S6", "departement": "69", "region": "84", "networks": []},
                 "index": 57.14,
                 "themes": [
                   {"theme": "NUMERIQUE_RESPONSABLE", "score": 75.00, "level": 3, "engaged": true},
                   {"theme": "SERVICES_USAGERS", "score": 50, "level": 2, "engaged": false},
                   {"theme": "CONFORMITE", "score": 25, "level": 1, "engaged": false},
                   {"theme": "INCLUSION", "score": null, "level": null, "engaged": false},
                   {"theme": "CYBERSECURITE", "score": 37.5, "level": 2, "engaged": false},
                   {"theme": "SERVICES_AGENTS", "score": 100, "level": 4, "engaged": false},
                   {"theme": "DONNEES_IA", "score": 62.5, "level": 3, "engaged": true}],
                 "explanation": {
                   "themes": [{"theme": "CYBERSECURITE", "items": [
                       {"question": "CYB-GOUVERNANCE", "level": 1, "score": 25, "weight": 1, "contribution": 6.25},
                       {"question": "CYB-PLAN-CRISE", "abstention": "NSP"}]}],
                   "nextSteps": [
                     {"question": "CYB-GOUVERNANCE", "theme": "CYBERSECURITE", "level": 1},
                     {"question": "CYB-DIAGNOSTIC", "theme": "CYBERSECURITE", "level": 2},
                     {"question": "NR-STRATEGIE", "theme": "NUMERIQUE_RESPONSABLE", "level": 2},
                     {"question": "DIA-GOUVERNANCE-DONNEES", "theme": "DONNEES_IA", "level": 2},
                     {"question": "DIA-OUVERTURE-DONNEES", "theme": "DONNEES_IA", "level": 3}]}}
                """.formatted(code, siren);
    }

    static String benchmark(String code, String siren) {
        return """
                {"edition": {"campaign": "%s", "source": "LIVE", "publishedAt": null, "confidentialityThreshold": 5, "confidentialityApplied": true},
                 "siren": "%s", "stratum": "S6", "model": "barometre-v1", "assessmentVersion": 1,
                 "index": {"score": 57.14, "percentRank": 0.75, "peers": 41, "withheld": false, "withheldReason": null},
                 "themes": [
                   {"theme": "NUMERIQUE_RESPONSABLE", "score": 75.00, "level": 3, "engaged": true, "percentRank": 0.6, "peers": 41, "withheld": false, "withheldReason": null},
                   {"theme": "INCLUSION", "score": null, "level": null, "engaged": false, "percentRank": null, "peers": null, "withheld": false, "withheldReason": null},
                   {"theme": "CYBERSECURITE", "score": 37.5, "level": 2, "engaged": false, "percentRank": null, "peers": null, "withheld": true, "withheldReason": "fewer than 5 authorities"},
                   {"theme": "DONNEES_IA", "score": 62.5, "level": 3, "engaged": true, "percentRank": 0.9, "peers": 41, "withheld": false, "withheldReason": null}]}
                """.formatted(code, siren);
    }
}
