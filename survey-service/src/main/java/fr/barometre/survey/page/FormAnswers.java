package fr.barometre.survey.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.barometre.survey.questionnaire.Questionnaire.Question;
import fr.barometre.survey.response.Answer;
import jakarta.ws.rs.core.MultivaluedMap;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answers typed on one step's form, read as the API's answer entries: a question answered is
 * set, a question left blank is cleared (null). Values are taken as typed; the answer rules of the
 * service judge them.
 */
final class FormAnswers {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private FormAnswers() {
    }

    /** Each question of the step by code: its typed answer, or null when left blank. */
    static Map<String, Answer> read(List<Question> questions, MultivaluedMap<String, String> form) {
        Map<String, Answer> typed = new LinkedHashMap<>();
        for (Question q : questions) {
            List<String> values = form.get(q.code());
            List<String> given = values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).toList();
            typed.put(q.code(), given.isEmpty() ? null : answer(q, given));
        }
        return typed;
    }

    private static Answer answer(Question q, List<String> values) {
        String first = values.get(0);
        return switch (q.type()) {
            case MATURITY -> first.equals("NSP") || first.equals("NA")
                    ? new Answer(q.code(), null, first, null)
                    : level(q.code(), first);
            case MULTIPLE_CHOICE -> {
                ArrayNode codes = JSON.arrayNode();
                values.forEach(codes::add);
                yield new Answer(q.code(), null, null, codes);
            }
            case NUMBER -> new Answer(q.code(), null, null, number(first));
            case BOOLEAN -> new Answer(q.code(), null, null,
                    first.equals("true") || first.equals("false") ? JSON.booleanNode(Boolean.parseBoolean(first)) : JSON.textNode(first));
            case SINGLE_CHOICE, TEXT -> new Answer(q.code(), null, null, JSON.textNode(first));
        };
    }

    /** A level out of the scale is kept as typed, in the value, for the rules to refuse it. */
    private static Answer level(String code, String typed) {
        try {
            return new Answer(code, Integer.parseInt(typed.trim()), null, null);
        } catch (NumberFormatException e) {
            return new Answer(code, null, null, JSON.textNode(typed));
        }
    }

    /** A number as typed, with a decimal comma accepted; anything else stays text, which the rules refuse. */
    private static JsonNode number(String typed) {
        String text = typed.trim().replace(" ", "").replace('\u00a0', ' ').replace(" ", "").replace(',', '.');
        try {
            return JSON.numberNode(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return JSON.textNode(typed);
        }
    }

    /** The entries of a partial save: set for the answers, an entry with only its question for a cleared one. */
    static ArrayNode entries(Map<String, Answer> typed, boolean withRemovals) {
        ArrayNode entries = JSON.arrayNode();
        typed.forEach((code, answer) -> {
            if (answer == null) {
                if (withRemovals) {
                    entries.addObject().put("question", code);
                }
                return;
            }
            ObjectNode entry = entries.addObject().put("question", code);
            if (answer.level() != null) {
                entry.put("level", answer.level());
            }
            if (answer.abstention() != null) {
                entry.put("abstention", answer.abstention());
            }
            if (answer.value() != null) {
                entry.set("value", answer.value());
            }
        });
        return entries;
    }
}
