package fr.barometre.survey.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answer sets for the tests, as lists of JSON objects ({@code {"question": ..., "level": ...}}),
 * built from a questionnaire document as served by {@code GET /campaigns/{code}/questionnaire}.
 */
public final class Answers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {
    }

    /**
     * A complete, valid answer set: every required question that is asked gets an answer (a MATURITY
     * question level 2, a choice question its first choice, a NUMBER its minimum or 0, a BOOLEAN
     * true, a TEXT a short text); questions not required are left out, and so are questions whose
     * condition the answers so far do not meet.
     */
    public static List<Map<String, Object>> complete(String questionnaireJson) {
        JsonNode document = read(questionnaireJson);
        Map<String, Map<String, Object>> byCode = new LinkedHashMap<>();
        for (JsonNode q : questions(document)) {
            if (!q.path("required").asBoolean(false) || !asked(q, byCode)) {
                continue;
            }
            String code = q.get("code").asText();
            byCode.put(code, switch (q.get("type").asText()) {
                case "MATURITY" -> level(code, 2);
                case "SINGLE_CHOICE" -> value(code, q.get("choices").get(0).get("code").asText());
                case "MULTIPLE_CHOICE" -> value(code, List.of(q.get("choices").get(0).get("code").asText()));
                case "NUMBER" -> value(code, q.hasNonNull("min") ? q.get("min").decimalValue() : 0);
                case "BOOLEAN" -> value(code, true);
                case "TEXT" -> value(code, "ok");
                default -> throw new IllegalArgumentException("Unknown type of " + code);
            });
        }
        return new ArrayList<>(byCode.values());
    }

    /** Every question of the document, general first, then the themes, in document order. */
    public static List<JsonNode> questions(JsonNode document) {
        List<JsonNode> all = new ArrayList<>();
        document.path("general").forEach(all::add);
        document.path("themes").forEach(t -> t.path("questions").forEach(all::add));
        return all;
    }

    /** The codes of the required questions of a type, in document order. */
    public static List<String> requiredOfType(String questionnaireJson, String type) {
        return questions(read(questionnaireJson)).stream()
                .filter(q -> q.path("required").asBoolean(false) && type.equals(q.get("type").asText()))
                .map(q -> q.get("code").asText())
                .toList();
    }

    public static Map<String, Object> level(String question, int level) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("question", question);
        answer.put("level", level);
        return answer;
    }

    public static Map<String, Object> abstention(String question, String abstention) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("question", question);
        answer.put("abstention", abstention);
        return answer;
    }

    public static Map<String, Object> value(String question, Object value) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("question", question);
        answer.put("value", value);
        return answer;
    }

    /** A copy where each given answer replaces the one to the same question, or is added at the end. */
    @SafeVarargs
    public static List<Map<String, Object>> with(List<Map<String, Object>> answers, Map<String, Object>... changes) {
        List<Map<String, Object>> result = new ArrayList<>(answers);
        for (Map<String, Object> change : changes) {
            int at = indexOf(result, (String) change.get("question"));
            if (at >= 0) {
                result.set(at, change);
            } else {
                result.add(change);
            }
        }
        return result;
    }

    /** A copy without the answers to these questions. */
    public static List<Map<String, Object>> without(List<Map<String, Object>> answers, String... questions) {
        Set<String> dropped = Set.of(questions);
        return answers.stream().filter(a -> !dropped.contains((String) a.get("question"))).toList();
    }

    /** The request body {@code {"answers": [...]}}. */
    public static String body(List<Map<String, Object>> answers) {
        try {
            return JSON.writeValueAsString(Map.of("answers", answers));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The request body {@code {"answers": [...]}} of these answers. */
    @SafeVarargs
    public static String body(Map<String, Object>... answers) {
        return body(Arrays.asList(answers));
    }

    /** One item of a batch request: {@code {"siren": ..., "answers": [...]}}. */
    public static Map<String, Object> item(String siren, List<Map<String, Object>> answers) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("siren", siren);
        item.put("answers", answers);
        return item;
    }

    /** The batch request body {@code {"responses": [...]}}. */
    public static String batch(List<Map<String, Object>> items) {
        try {
            return JSON.writeValueAsString(Map.of("responses", items));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean asked(JsonNode question, Map<String, Map<String, Object>> answered) {
        JsonNode condition = question.get("condition");
        if (condition == null || condition.isNull()) {
            return true;
        }
        Map<String, Object> target = answered.get(condition.get("question").asText());
        if (target == null || !target.containsKey("value")) {
            return false;
        }
        Set<String> in = new java.util.HashSet<>();
        condition.get("in").forEach(c -> in.add(c.asText()));
        Object value = target.get("value");
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(v -> in.contains(String.valueOf(v)));
        }
        return in.contains(String.valueOf(value));
    }

    private static int indexOf(List<Map<String, Object>> answers, String question) {
        for (int i = 0; i < answers.size(); i++) {
            if (question.equals(answers.get(i).get("question"))) {
                return i;
            }
        }
        return -1;
    }

    public static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a questionnaire document", e);
        }
    }
}
