package fr.barometre.survey.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * Campaigns and submissions made through the API, as an admin: a campaign of the default
 * questionnaire opened for a few authorities, a complete answer set built from its questionnaire,
 * and a draft saved then submitted.
 */
public final class SubmissionFixtures {

    /** The answer given to the TEXT question GEN-COMMENTAIRE: it must never leave the service. */
    public static final String COMMENT = "Commentaire libre, à garder dans survey-service";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SubmissionFixtures() {
    }

    /** Creates a DRAFT campaign of the default questionnaire inviting these SIRENs. */
    public static void createCampaign(String code, String... sirens) {
        given().auth().oauth2(Tokens.admin())
                .contentType("application/json")
                .body(Map.of("code", code, "audience", Map.of("sirens", List.of(sirens))))
                .post("/campaigns")
                .then().statusCode(201);
    }

    public static void openCampaign(String code) {
        given().auth().oauth2(Tokens.admin())
                .post("/campaigns/" + code + "/open")
                .then().statusCode(200);
    }

    public static void createOpenCampaign(String code, String... sirens) {
        createCampaign(code, sirens);
        openCampaign(code);
    }

    /**
     * A complete answer set for the campaign's questionnaire: every MATURITY question a level, each
     * required question asked a value (first choice, false, the minimum or 0), conditions respected,
     * and the TEXT question GEN-COMMENTAIRE answered with {@link #COMMENT}. Mutable, in questionnaire order.
     */
    public static List<Map<String, Object>> completeAnswers(String code) {
        JsonNode questionnaire = readTree(given().auth().oauth2(Tokens.admin())
                .get("/campaigns/" + code + "/questionnaire")
                .then().statusCode(200)
                .extract().asString());
        List<JsonNode> questions = new ArrayList<>();
        questionnaire.path("general").forEach(questions::add);
        questionnaire.path("themes").forEach(t -> t.path("questions").forEach(questions::add));
        Map<String, Object> values = new HashMap<>();
        List<Map<String, Object>> answers = new ArrayList<>();
        int i = 0;
        for (JsonNode q : questions) {
            String question = q.path("code").asText();
            if (!asked(q, values)) {
                continue;
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("question", question);
            String type = q.path("type").asText();
            boolean required = q.path("required").asBoolean();
            Object value = switch (type) {
                case "MATURITY" -> null;
                case "TEXT" -> "GEN-COMMENTAIRE".equals(question) || required ? COMMENT : null;
                case "SINGLE_CHOICE" -> required ? q.path("choices").get(0).path("code").asText() : null;
                case "MULTIPLE_CHOICE" -> required ? List.of(q.path("choices").get(0).path("code").asText()) : null;
                case "BOOLEAN" -> required ? Boolean.FALSE : null;
                case "NUMBER" -> required ? (q.hasNonNull("min") ? q.get("min").numberValue() : 0) : null;
                default -> throw new IllegalStateException("Unknown question type " + type);
            };
            if ("MATURITY".equals(type)) {
                answer.put("level", i++ % 5);
            } else if (value != null) {
                answer.put("value", value);
                values.put(question, value);
            } else {
                continue;
            }
            answers.add(answer);
        }
        return answers;
    }

    /** The SIRENs of a few communes of a département, from the registry loaded at start. */
    public static List<String> communes(String departement, int count) {
        return given().auth().oauth2(Tokens.analyst())
                .queryParam("kind", "COMMUNE").queryParam("departement", departement).queryParam("size", count)
                .get("/collectivities")
                .then().statusCode(200)
                .extract().jsonPath().getList("items.siren", String.class);
    }

    /** Saves the answers as a new draft and submits it; returns the submitted response's JSON. */
    public static JsonNode submit(String code, String siren, List<Map<String, Object>> answers) {
        saveDraft(code, siren, answers);
        return readTree(given().auth().oauth2(Tokens.admin())
                .post("/campaigns/" + code + "/responses/" + siren + "/submission")
                .then().statusCode(200)
                .extract().asString());
    }

    /** Creates the draft (first PUT). */
    public static void saveDraft(String code, String siren, List<Map<String, Object>> answers) {
        given().auth().oauth2(Tokens.admin())
                .contentType("application/json")
                .body(Map.of("answers", answers))
                .put("/campaigns/" + code + "/responses/" + siren)
                .then().statusCode(201);
    }

    private static boolean asked(JsonNode question, Map<String, Object> values) {
        JsonNode condition = question.get("condition");
        if (condition == null || condition.isNull()) {
            return true;
        }
        Object answer = values.get(condition.path("question").asText());
        if (answer == null) {
            return false;
        }
        List<String> in = new ArrayList<>();
        condition.path("in").forEach(c -> in.add(c.asText()));
        if (answer instanceof List<?> list) {
            return list.stream().anyMatch(v -> in.contains(String.valueOf(v)));
        }
        return in.contains(String.valueOf(answer));
    }

    public static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("Not JSON: " + json, e);
        }
    }
}
