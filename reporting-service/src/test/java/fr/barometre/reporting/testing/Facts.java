package fr.barometre.reporting.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.ValidatableResponse;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Facts in the design's exact format (the body of POST /internal/facts), delivered as scoring-service does. */
public final class Facts {

    public static final List<String> THEMES = List.of(
            "NUMERIQUE_RESPONSABLE", "SERVICES_USAGERS", "CONFORMITE", "INCLUSION",
            "CYBERSECURITE", "SERVICES_AGENTS", "DONNEES_IA");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Object> fact = new LinkedHashMap<>();
    private final Map<String, Object> profile = new LinkedHashMap<>();
    private final List<Map<String, Object>> answers = new ArrayList<>();
    private final List<Map<String, Object>> themes = new ArrayList<>();

    private Facts(String campaign, String siren) {
        fact.put("campaign", campaign);
        fact.put("siren", siren);
        fact.put("revision", 1);
        fact.put("questionnaireVersion", "T.1");
        fact.put("profile", profile);
        fact.put("answers", answers);
        fact.put("assessmentVersion", 1);
        fact.put("model", "barometre-v1");
        fact.put("index", null);
        fact.put("themes", themes);
        profile.put("kind", "COMMUNE");
        profile.put("population", 1000);
        profile.put("stratum", "S1");
        profile.put("departement", "69");
        profile.put("region", "84");
        profile.put("networks", List.of());
    }

    public static Facts fact(String campaign, String siren) {
        return new Facts(campaign, siren);
    }

    /** A SIREN of the tests: 9 digits made of a prefix and a number. */
    public static String siren(int prefix, int n) {
        return String.format("%03d%06d", prefix, n);
    }

    /** The fact within a trace context (a W3C traceparent). */
    public Facts traceparent(String traceparent) {
        fact.put("traceparent", traceparent);
        return this;
    }

    public Facts version(int assessmentVersion) {
        fact.put("assessmentVersion", assessmentVersion);
        return this;
    }

    public Facts revision(int revision) {
        fact.put("revision", revision);
        return this;
    }

    public Facts model(String model) {
        fact.put("model", model);
        return this;
    }

    public Facts index(String index) {
        fact.put("index", index == null ? null : new BigDecimal(index));
        return this;
    }

    public Facts stratum(String stratum) {
        profile.put("stratum", stratum);
        profile.put("population", stratum == null ? null : switch (stratum) {
            case "S1" -> 1000;
            case "S2" -> 5000;
            case "S3" -> 25000;
            case "S4" -> 60000;
            case "S5" -> 150000;
            default -> 300000;
        });
        return this;
    }

    public Facts kind(String kind) {
        profile.put("kind", kind);
        return this;
    }

    public Facts region(String region) {
        profile.put("region", region);
        return this;
    }

    public Facts networks(String... networks) {
        profile.put("networks", List.of(networks));
        return this;
    }

    /** One theme's result: score and level as given (null: nothing scored), engaged as the sender decided. */
    public Facts theme(String theme, String score, Integer level, boolean engaged) {
        themes.removeIf(t -> t.get("theme").equals(theme));
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("theme", theme);
        t.put("score", score == null ? null : new BigDecimal(score));
        t.put("level", level);
        t.put("engaged", engaged);
        themes.add(t);
        return this;
    }

    /** The seven themes in order, each at a level (score = level × 25, engaged from level 3; -1: nothing scored). */
    public Facts levels(int... levels) {
        for (int i = 0; i < levels.length; i++) {
            if (levels[i] < 0) {
                theme(THEMES.get(i), null, null, false);
            } else {
                theme(THEMES.get(i), String.valueOf(levels[i] * 25), levels[i], levels[i] >= 3);
            }
        }
        return this;
    }

    /** Every theme at the same level. */
    public Facts allAt(int level) {
        return levels(level, level, level, level, level, level, level);
    }

    public Facts level(String question, int level) {
        answers.add(Map.of("question", question, "level", level));
        return this;
    }

    public Facts abstention(String question, String abstention) {
        answers.add(Map.of("question", question, "abstention", abstention));
        return this;
    }

    public Facts value(String question, Object value) {
        answers.add(Map.of("question", question, "value", value));
        return this;
    }

    public String json() {
        try {
            return JSON.writeValueAsString(fact);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public ValidatableResponse post() {
        return given().auth().oauth2(Tokens.withRoles("reporting-ingest")).contentType("application/json").body(json())
                .post("/internal/facts").then();
    }

    /**
     * Delivers the fact and expects it kept. A 503 (survey-service's questionnaire out of reach, as
     * a loaded machine can make the stand-in) is retried a few times, as the sender's relay does.
     */
    public void deliver() {
        for (int attempt = 1; attempt < 5; attempt++) {
            if (post().extract().statusCode() != 503) {
                break;
            }
        }
        post().statusCode(200);
    }
}
