package fr.barometre.scoring.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Questionnaire documents as survey-service serves them. */
public final class Questionnaires {

    private Questionnaires() {
    }

    /** survey-service's default questionnaire (a copy of its resource), under another version string. */
    public static String defaultQuestionnaire(String version) {
        try (InputStream in = Questionnaires.class.getResourceAsStream("/default-questionnaire.json")) {
            String document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return document.replaceFirst("\"version\"\\s*:\\s*\"2025\\.1\"", "\"version\": \"" + version + "\"");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A small hand-made questionnaire for worked examples. Three themes of four maturity items each,
     * plus non-scored questions:
     * <ul>
     *   <li>general: GEN-BUDGET (NUMBER), GEN-NOTE (TEXT);</li>
     *   <li>CYBERSECURITE: CYB-A, CYB-B, CYB-C, CYB-D (MATURITY), CYB-NIS2 (SINGLE_CHOICE);</li>
     *   <li>DONNEES_IA: DIA-A, DIA-B, DIA-C, DIA-D (MATURITY);</li>
     *   <li>INCLUSION: INC-A, INC-B, INC-C, INC-D (MATURITY), INC-COMMENT (TEXT).</li>
     * </ul>
     */
    public static String small(String version) {
        return """
                {
                  "version": "%s",
                  "general": [
                    {"code": "GEN-BUDGET", "type": "NUMBER", "required": false, "min": 0, "max": 100,
                     "label": {"fr": "Budget", "en": "Budget"}},
                    {"code": "GEN-NOTE", "type": "TEXT", "required": false, "maxLength": 500,
                     "label": {"fr": "Note", "en": "Note"}}
                  ],
                  "themes": [
                    {"code": "CYBERSECURITE", "label": {"fr": "Cybersécurité", "en": "Cybersecurity"},
                     "questions": [
                       {"code": "CYB-A", "type": "MATURITY", "required": true, "label": {"fr": "A", "en": "A"}},
                       {"code": "CYB-B", "type": "MATURITY", "required": true, "label": {"fr": "B", "en": "B"}},
                       {"code": "CYB-C", "type": "MATURITY", "required": true, "label": {"fr": "C", "en": "C"}},
                       {"code": "CYB-D", "type": "MATURITY", "required": true, "label": {"fr": "D", "en": "D"}},
                       {"code": "CYB-NIS2", "type": "SINGLE_CHOICE", "required": true, "label": {"fr": "NIS2", "en": "NIS2"},
                        "choices": [{"code": "OUI", "label": {"fr": "Oui", "en": "Yes"}}, {"code": "NON", "label": {"fr": "Non", "en": "No"}}]}
                     ]},
                    {"code": "DONNEES_IA", "label": {"fr": "Données et IA", "en": "Data and AI"},
                     "questions": [
                       {"code": "DIA-A", "type": "MATURITY", "required": true, "label": {"fr": "A", "en": "A"}},
                       {"code": "DIA-B", "type": "MATURITY", "required": true, "label": {"fr": "B", "en": "B"}},
                       {"code": "DIA-C", "type": "MATURITY", "required": true, "label": {"fr": "C", "en": "C"}},
                       {"code": "DIA-D", "type": "MATURITY", "required": true, "label": {"fr": "D", "en": "D"}}
                     ]},
                    {"code": "INCLUSION", "label": {"fr": "Inclusion numérique", "en": "Digital inclusion"},
                     "questions": [
                       {"code": "INC-A", "type": "MATURITY", "required": true, "label": {"fr": "A", "en": "A"}},
                       {"code": "INC-B", "type": "MATURITY", "required": true, "label": {"fr": "B", "en": "B"}},
                       {"code": "INC-C", "type": "MATURITY", "required": true, "label": {"fr": "C", "en": "C"}},
                       {"code": "INC-D", "type": "MATURITY", "required": true, "label": {"fr": "D", "en": "D"}},
                       {"code": "INC-COMMENT", "type": "TEXT", "required": false, "maxLength": 500, "label": {"fr": "Commentaire", "en": "Comment"}}
                     ]}
                  ]
                }
                """.formatted(version);
    }
}
