package fr.barometre.scoring.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Submission messages exactly as survey-service sends them to {@code POST /internal/assessments}:
 * {campaign, siren, revision, questionnaireVersion, submittedAt, profile{kind, population, stratum,
 * departement, region, networks}, answers[{question, level|abstention|value}]}.
 */
public final class Submissions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode message = JSON.createObjectNode();
    private final ArrayNode answers;

    private Submissions(String campaign, String siren, int revision, String questionnaireVersion) {
        message.put("campaign", campaign);
        message.put("siren", siren);
        message.put("revision", revision);
        message.put("questionnaireVersion", questionnaireVersion);
        message.put("submittedAt", "2025-05-12T09:30:00Z");
        profile("COMMUNE", 519127, "S6", "69", "84", List.of("FRANCE_URBAINE"));
        answers = message.putArray("answers");
    }

    public static Submissions of(String campaign, String siren, int revision, String questionnaireVersion) {
        return new Submissions(campaign, siren, revision, questionnaireVersion);
    }

    public Submissions profile(String kind, Integer population, String stratum, String departement, String region,
                               List<String> networks) {
        ObjectNode profile = message.putObject("profile");
        profile.put("kind", kind);
        profile.put("population", population);
        profile.put("stratum", stratum);
        profile.put("departement", departement);
        profile.put("region", region);
        ArrayNode list = profile.putArray("networks");
        networks.forEach(list::add);
        return this;
    }

    public Submissions networks(String... networks) {
        ArrayNode list = ((ObjectNode) message.get("profile")).putArray("networks");
        for (String n : networks) {
            list.add(n);
        }
        return this;
    }

    public Submissions level(String question, int level) {
        answers.addObject().put("question", question).put("level", level);
        return this;
    }

    /** The same level for several items. */
    public Submissions levels(int level, String... questions) {
        for (String q : questions) {
            level(q, level);
        }
        return this;
    }

    public Submissions abstention(String question, String abstention) {
        answers.addObject().put("question", question).put("abstention", abstention);
        return this;
    }

    public Submissions value(String question, Object value) {
        answers.addObject().put("question", question).set("value", JSON.valueToTree(value));
        return this;
    }

    public Submissions set(String field, Object value) {
        message.set(field, JSON.valueToTree(value));
        return this;
    }

    public JsonNode node() {
        return message.deepCopy();
    }

    public String json() {
        return message.toString();
    }

    @Override
    public String toString() {
        return json();
    }
}
