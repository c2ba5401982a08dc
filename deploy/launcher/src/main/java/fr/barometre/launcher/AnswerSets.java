package fr.barometre.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Complete answer sets built from a questionnaire document ({@code GET /campaigns/{code}/questionnaire}):
 * every required question that is asked gets an answer, conditions respected; questions not
 * required are left out. Maturity levels vary with the authority and the theme, deterministically,
 * so that the demo figures have some spread.
 */
public final class AnswerSets {

    private AnswerSets() {
    }

    /**
     * The answers of the {@code index}-th demo authority: a MATURITY question gets a level around
     * a base that depends on the authority and the theme, a choice question its first choice, a
     * NUMBER its minimum or 0, a BOOLEAN true, a TEXT a short text.
     */
    public static List<Map<String, Object>> complete(JsonNode questionnaire, int index) {
        Map<String, Map<String, Object>> byCode = new LinkedHashMap<>();
        int item = 0;
        addAll(questionnaire.path("general"), byCode, index, 0, item);
        int theme = 1;
        for (JsonNode t : questionnaire.path("themes")) {
            item = addAll(t.path("questions"), byCode, index, theme++, item);
        }
        return new ArrayList<>(byCode.values());
    }

    /**
     * How far each theme (general, then the seven in order) sits from the authority's base, so that
     * the demo barometer ranks the themes as a real edition would rather than tying them all.
     */
    private static final int[] THEME_BIAS = {0, 0, 1, 1, -1, 1, 0, -1};

    /** A level 0–4: the authority's base (its index mod 5), shifted by theme and item. */
    static int level(int authority, int theme, int item) {
        int base = authority % 5;
        int themeShift = THEME_BIAS[theme % THEME_BIAS.length] + (theme + authority) % 3 - 1;
        int itemShift = item % 4 == 0 ? 1 : 0;
        return Math.max(0, Math.min(4, base + themeShift + itemShift));
    }

    private static int addAll(JsonNode questions, Map<String, Map<String, Object>> byCode, int authority, int theme, int item) {
        for (JsonNode q : questions) {
            if (!q.path("required").asBoolean(false) || !asked(q, byCode)) {
                continue;
            }
            String code = q.get("code").asText();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("question", code);
            switch (q.get("type").asText()) {
                case "MATURITY" -> answer.put("level", level(authority, theme, item++));
                case "SINGLE_CHOICE" -> answer.put("value", firstChoice(q));
                case "MULTIPLE_CHOICE" -> answer.put("value", List.of(firstChoice(q)));
                case "NUMBER" -> answer.put("value", q.hasNonNull("min") ? q.get("min").decimalValue() : 0);
                case "BOOLEAN" -> answer.put("value", true);
                case "TEXT" -> answer.put("value", "Réponse de démonstration");
                default -> throw new IllegalArgumentException("Unknown type of question " + code + ": " + q.get("type"));
            }
            byCode.put(code, answer);
        }
        return item;
    }

    private static String firstChoice(JsonNode question) {
        return question.get("choices").get(0).get("code").asText();
    }

    /** Asked when it has no condition, or when the named earlier answer's value is among the listed codes. */
    private static boolean asked(JsonNode question, Map<String, Map<String, Object>> answered) {
        JsonNode condition = question.get("condition");
        if (condition == null || condition.isNull()) {
            return true;
        }
        Map<String, Object> target = answered.get(condition.path("question").asText());
        if (target == null || !target.containsKey("value")) {
            return false;
        }
        Set<String> in = new HashSet<>();
        condition.path("in").forEach(c -> in.add(c.asText()));
        Object value = target.get("value");
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(v -> in.contains(String.valueOf(v)));
        }
        return in.contains(String.valueOf(value));
    }
}
