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
 * one batch (Rennes Métropole is invited but left for {@code agent-rennes-metropole} to answer);
 * then published once reporting-service holds their figures, so that its pages show an edition.
 * The loading is skipped when the campaign exists and is open already (a restart), the publication
 * when the campaign is published already.
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

    /**
     * Loads the demo campaign unless it is there already, then publishes it once reporting-service
     * (when it runs) holds the figures of every response submitted, unless it is published already
     * (so that an older data folder gets its publication on a restart). Returns true when it loaded
     * the campaign.
     */
    public boolean load() throws IOException, InterruptedException {
        String admin = tokens.password("admin", "admin");
        Http.Reply existing = http.get(surveyUrl + "/campaigns/" + CAMPAIGN, admin);
        boolean loaded = false;
        if (existing.ok() && "OPEN".equals(existing.json().path("status").asText())) {
            Console.info("Demo data: campaign " + CAMPAIGN + " exists already, nothing loaded");
        } else {
            loadCampaign(admin, existing);
            loaded = true;
        }
        if (reportingUrl != null) {
            publish();
        }
        return loaded;
    }

    private void loadCampaign(String admin, Http.Reply existing) throws IOException, InterruptedException {
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
    }

    /** Publishes the campaign (a snapshot of reporting's figures) unless an anonymous caller can read it already. */
    private void publish() throws IOException, InterruptedException {
        String admin = tokens.password("admin", "admin"); // the loading may have outlived the first token
        if (http.get(reportingUrl + "/barometers/" + CAMPAIGN + "?published=true", null).ok()) {
            Console.info("Demo data: campaign " + CAMPAIGN + " is published already");
            return;
        }
        if (!awaitBarometer(admin)) {
            return;
        }
        Http.Reply published = http.post(reportingUrl + "/barometers/" + CAMPAIGN + "/publication", admin, null)
                .expectOk("POST /barometers/" + CAMPAIGN + "/publication");
        Console.info("Demo data: campaign " + CAMPAIGN + " published (" + published.json().path("authorities").asInt()
                + " authorities); its pages are public");
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

    /**
     * Waits (up to two minutes) for reporting-service to hold the figures of every demo response,
     * so that the publication freezes all of them; false (with a warning) when it does not.
     */
    private boolean awaitBarometer(String admin) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            Http.Reply barometer = http.get(reportingUrl + "/barometers/" + CAMPAIGN, admin);
            if (barometer.ok() && barometer.json().path("authorities").asLong() >= RESPONDENTS.size()) {
                Console.info("Demo data: reporting-service shows the figures of campaign " + CAMPAIGN);
                return true;
            }
            Thread.sleep(2000);
        }
        Console.warn("reporting-service does not show the figures of the " + RESPONDENTS.size() + " responses of campaign "
                + CAMPAIGN + " yet; not published, see its log (the next start publishes it)");
        return false;
    }
}
