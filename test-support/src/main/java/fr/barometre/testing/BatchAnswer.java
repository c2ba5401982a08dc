package fr.barometre.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a stand-in for a neighbour's batch ingest ({@code POST /internal/.../batch}) answers: a WireMock
 * response template (used with {@code withTransformers("response-template")}) giving exactly one result per
 * message posted, in order, each with the status of the first rule its fields match, or the default one.
 * A result that is not 2xx carries an RFC 9457 problem, as the real receivers' do.
 */
public final class BatchAnswer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Rule(Map<String, String> fields, int status) {
    }

    private final List<Rule> rules = new ArrayList<>();
    private final int otherwise;

    private BatchAnswer(int otherwise) {
        this.otherwise = otherwise;
    }

    /** Every message answered with {@code status}, unless a rule says otherwise. */
    public static BatchAnswer every(int status) {
        return new BatchAnswer(status);
    }

    /** The messages whose fields have these values (e.g. campaign and siren) are answered with {@code status}. */
    public BatchAnswer when(Map<String, String> fields, int status) {
        rules.add(new Rule(Map.copyOf(fields), status));
        return this;
    }

    /** The response template of the answer. */
    public String template() {
        StringBuilder t = new StringBuilder("{\"results\": [{{#each (jsonPath request.body '$.messages') as |m|}}"
                + "{{#unless @first}},{{/unless}}");
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            t.append(i == 0 ? "{{#if " : "{{else if ").append(condition(rule.fields())).append("}}").append(result(rule.status()));
        }
        if (rules.isEmpty()) {
            t.append(result(otherwise));
        } else {
            t.append("{{else}}").append(result(otherwise)).append("{{/if}}");
        }
        return t.append("{{/each}}]}").toString();
    }

    private static String condition(Map<String, String> fields) {
        List<String> each = fields.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(f -> "(eq m." + f.getKey() + " '" + f.getValue().replace("'", "") + "')").toList();
        return each.size() == 1 ? each.get(0) : "(and " + String.join(" ", each) + ")";
    }

    private static String result(int status) {
        if (status >= 200 && status < 300) {
            return "{\"status\": " + status + "}";
        }
        return "{\"status\": " + status + ", \"problem\": {\"type\": \"about:blank\", \"title\": \"Refused\", \"status\": "
                + status + ", \"detail\": \"Answered " + status + " by the stand-in\"}}";
    }

    /** The messages of a posted batch's body, in order. */
    public static List<JsonNode> messages(String body) {
        try {
            List<JsonNode> messages = new ArrayList<>();
            JSON.readTree(body).path("messages").forEach(messages::add);
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
