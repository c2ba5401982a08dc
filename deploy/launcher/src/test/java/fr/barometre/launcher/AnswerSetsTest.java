package fr.barometre.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnswerSetsTest {

    private static final String QUESTIONNAIRE = """
            {"version": "t.1",
             "general": [{"code": "GOV", "type": "SINGLE_CHOICE", "required": true,
                          "choices": [{"code": "DGS"}, {"code": "DSI"}]}],
             "themes": [{"code": "DONNEES_IA", "questions": [
                 {"code": "DIA-1", "type": "MATURITY", "required": true},
                 {"code": "DIA-USAGE", "type": "SINGLE_CHOICE", "required": true,
                  "choices": [{"code": "ORGANISE"}, {"code": "AUCUN"}]},
                 {"code": "DIA-OUTILS", "type": "MULTIPLE_CHOICE", "required": true,
                  "choices": [{"code": "CHAT"}], "condition": {"question": "DIA-USAGE", "in": ["ORGANISE"]}},
                 {"code": "DIA-JAMAIS", "type": "NUMBER", "required": true, "min": 1,
                  "condition": {"question": "DIA-USAGE", "in": ["AUCUN"]}},
                 {"code": "DIA-OPT", "type": "MATURITY", "required": false},
                 {"code": "DIA-NB", "type": "NUMBER", "required": true, "min": 3},
                 {"code": "DIA-OK", "type": "BOOLEAN", "required": true},
                 {"code": "DIA-TXT", "type": "TEXT", "required": true}]}]}
            """;

    @Test
    void everyRequiredAskedQuestionIsAnswered() throws Exception {
        JsonNode document = Http.JSON.readTree(QUESTIONNAIRE);
        List<Map<String, Object>> answers = AnswerSets.complete(document, 3);
        List<Object> codes = answers.stream().map(a -> a.get("question")).toList();
        assertEquals(List.of("GOV", "DIA-1", "DIA-USAGE", "DIA-OUTILS", "DIA-NB", "DIA-OK", "DIA-TXT"), codes);
        assertEquals("DGS", answers.get(0).get("value"));
        assertEquals(List.of("CHAT"), answers.get(3).get("value"));
        assertEquals(3, ((Number) answers.get(4).get("value")).intValue());
        assertEquals(true, answers.get(5).get("value"));
        int level = (Integer) answers.get(1).get("level");
        assertTrue(level >= 0 && level <= 4);
    }

    @Test
    void levelsStayOnTheScaleAndVary() {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int authority = 0; authority < 20; authority++) {
            for (int theme = 0; theme < 8; theme++) {
                for (int item = 0; item < 10; item++) {
                    int level = AnswerSets.level(authority, theme, item);
                    assertTrue(level >= 0 && level <= 4);
                    seen.add(level);
                }
            }
        }
        assertEquals(5, seen.size());
    }

    @Test
    void themesDoNotAllGetTheSameLevels() {
        java.util.Set<Integer> themeTotals = new java.util.HashSet<>();
        for (int theme = 1; theme <= 7; theme++) {
            int total = 0;
            for (int authority = 0; authority < 20; authority++) {
                for (int item = 0; item < 5; item++) {
                    total += AnswerSets.level(authority, theme, item);
                }
            }
            themeTotals.add(total);
        }
        assertTrue(themeTotals.size() >= 3, "themes should differ: " + themeTotals);
    }
}
