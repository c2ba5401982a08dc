package fr.barometre.launcher;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo campaign {@code 2025}: a few big authorities put in the France urbaine network, the
 * campaign created for that network and opened, and complete responses submitted for 20 of them in
 * one batch (Rennes Métropole is invited but left for {@code agent-rennes-metropole} to answer).
 * Skipped when the campaign exists and is open already (a restart).
 */
public final class DemoData {

    public static final String CAMPAIGN = "2025";
    public static final String LYON = "216901231";
    public static final String RENNES_METROPOLE = "243500139";

    /** Twenty authorities that answer: sixteen big communes (Lyon among them) and four métropoles. */
    public static final List<String> RESPONDENTS = List.of(
            "217500016", // Paris
            "211300553", // Marseille
            LYON,
            "213105554", // Toulouse
            "210600888", // Nice
            "214401093", // Nantes
            "213401722", // Montpellier
            "216704825", // Strasbourg
            "213300635", // Bordeaux
            "215903501", // Lille
            "213502388", // Rennes
            "218301372", // Toulon
            "215104217", // Reims
            "214202186", // Saint-Étienne
            "217603513", // Le Havre
            "216902668", // Villeurbanne
            "200046977", // Métropole de Lyon
            "243300316", // Bordeaux Métropole
            "243100518", // Toulouse Métropole
            "244400404"); // Nantes Métropole

    private final Http http;
    private final Tokens tokens;
    private final String surveyUrl;
    private final String scoringUrl;
    private final String reportingUrl;

    /** @param reportingUrl null when reporting-service does not run */
    public DemoData(Http http, Tokens tokens, String surveyUrl, String scoringUrl, String reportingUrl) {
        this.http = http;
        this.tokens = tokens;
        this.surveyUrl = surveyUrl;
        this.scoringUrl = scoringUrl;
        this.reportingUrl = reportingUrl;
    }

    /** Loads the demo campaign unless it is there already; returns true when it loaded it. */
    public boolean load() throws IOException, InterruptedException {
        String admin = tokens.password("admin", "admin");
        Http.Reply existing = http.get(surveyUrl + "/campaigns/" + CAMPAIGN, admin);
        if (existing.ok() && "OPEN".equals(existing.json().path("status").asText())) {
            Console.info("Demo data: campaign " + CAMPAIGN + " exists already, nothing loaded");
            return false;
        }
        if (existing.status() == 404) {
            List<String> networkMembers = new ArrayList<>(RESPONDENTS);
            networkMembers.add(RENNES_METROPOLE);
            for (String siren : networkMembers) {
                http.patch(surveyUrl + "/collectivities/" + siren, admin, Map.of("networks", List.of("FRANCE_URBAINE")))
                        .expectOk("PATCH /collectivities/" + siren);
            }
            Map<String, Object> campaign = new LinkedHashMap<>();
            campaign.put("code", CAMPAIGN);
            campaign.put("title", "Baromètre 2025 (démonstration)");
            campaign.put("audience", Map.of("networks", List.of("FRANCE_URBAINE"), "sirens", List.of(LYON, RENNES_METROPOLE)));
            http.post(surveyUrl + "/campaigns", admin, campaign).expectOk("POST /campaigns");
            Console.info("Demo data: campaign " + CAMPAIGN + " created for France urbaine (" + networkMembers.size() + " authorities)");
        } else {
            existing.expectOk("GET /campaigns/" + CAMPAIGN);
        }
        http.post(surveyUrl + "/campaigns/" + CAMPAIGN + "/open", admin, null).expectOk("POST /campaigns/" + CAMPAIGN + "/open");

        JsonNode questionnaire = http.get(surveyUrl + "/campaigns/" + CAMPAIGN + "/questionnaire", admin)
                .expectOk("GET questionnaire").json();
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < RESPONDENTS.size(); i++) {
            items.add(Map.of("siren", RESPONDENTS.get(i), "answers", AnswerSets.complete(questionnaire, i)));
        }
        JsonNode result = http.post(surveyUrl + "/campaigns/" + CAMPAIGN + "/responses/batch", admin, Map.of("responses", items))
                .expectOk("POST /campaigns/" + CAMPAIGN + "/responses/batch").json();
        Console.info("Demo data: " + result.path("submitted").asInt() + " responses submitted, " + result.path("failed").asInt() + " refused");
        for (JsonNode outcome : result.path("results")) {
            if (!"SUBMITTED".equals(outcome.path("status").asText())) {
                Console.warn("  " + outcome.path("siren").asText() + " " + outcome.path("status").asText() + " " + outcome.path("detail").asText()
                        + " " + outcome.path("errors"));
            }
        }
        awaitAssessment(admin);
        if (reportingUrl != null) {
            awaitBarometer(admin);
        }
        return true;
    }

    /** Waits (up to two minutes) for scoring-service to have assessed Lyon's response. */
    private void awaitAssessment(String admin /* lives 5 minutes, longer than this wait */) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            Http.Reply assessment = http.get(scoringUrl + "/campaigns/" + CAMPAIGN + "/assessments/" + LYON, admin);
            if (assessment.ok()) {
                Console.info("Demo data: scoring-service assessed the responses (Lyon's maturity index "
                        + assessment.json().path("index").asText() + ")");
                return;
            }
            Thread.sleep(2000);
        }
        Console.warn("scoring-service has not assessed Lyon's response yet; see its log");
    }

    /** Waits (up to two minutes) for reporting-service to show figures of the campaign. */
    private void awaitBarometer(String admin) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (http.get(reportingUrl + "/barometers/" + CAMPAIGN, admin).ok()) {
                Console.info("Demo data: reporting-service shows the figures of campaign " + CAMPAIGN);
                return;
            }
            Thread.sleep(2000);
        }
        Console.warn("reporting-service shows no figures of campaign " + CAMPAIGN + " yet; see its log");
    }
}
