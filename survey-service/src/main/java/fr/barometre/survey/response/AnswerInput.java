package fr.barometre.survey.response;

import com.fasterxml.jackson.databind.JsonNode;

/** An answer as received, before its checks: every field kept raw so that each problem can be named. */
record AnswerInput(JsonNode question, JsonNode level, JsonNode abstention, JsonNode value) {

    /** The fields an answer may have. */
    static final java.util.Set<String> FIELDS = java.util.Set.of("question", "level", "abstention", "value");

    static AnswerInput of(JsonNode node) {
        return new AnswerInput(node.get("question"), node.get("level"), node.get("abstention"), node.get("value"));
    }

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** An entry carrying nothing but its question: in a PATCH, it removes the answer. */
    boolean isRemoval() {
        return absent(level) && absent(abstention) && absent(value);
    }
}
