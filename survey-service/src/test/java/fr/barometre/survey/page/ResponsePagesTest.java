package fr.barometre.survey.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import fr.barometre.survey.testing.Answers;
import fr.barometre.survey.testing.Browser;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Responses;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static fr.barometre.survey.testing.Answers.abstention;
import static fr.barometre.survey.testing.Answers.level;
import static fr.barometre.survey.testing.Answers.value;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The respondent's pages driven as a browser drives them: forms posted with the CSRF token and the
 * version taken from the form, the stored response checked through the API.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class ResponsePagesTest {

    static final String RENNES = "243500139";
    static final ObjectMapper JSON = new ObjectMapper();

    @OidcWireMock
    WireMockServer oidc;

    Browser agent;

    @BeforeEach
    void signIn() {
        agent = Browser.respondent(oidc, "agent-rennes-metropole", RENNES);
    }

    @Test
    void aSaveSetsWhatIsAnsweredClearsWhatIsLeftBlankAndLeavesOtherStepsUntouched() throws Exception {
        String c = open("RP-SAVE");
        Responses.create(Tokens.respondent(RENNES), c, RENNES, List.of(value("GOV-PORTAGE", "ELUS_SEULS"),
                level("DIA-PLAN-FORMATION", 1), level("DIA-GOUVERNANCE-DONNEES", 3), level("CYB-PLAN-CRISE", 4)));
        Browser.Page form = agent.get(step(c, "DONNEES_IA"));
        assertTrue(form.body().contains("id=\"DIA-PLAN-FORMATION-1\" name=\"DIA-PLAN-FORMATION\" value=\"1\" checked"), "the stored level is shown");

        Browser.Page saved = save(form, step(c, "DONNEES_IA"), List.of(Map.entry("DIA-PLAN-FORMATION", "3"),
                Map.entry("DIA-PILOTAGE-IA", "NSP"), Map.entry("DIA-USAGE-AGENTS", "AUCUN")));

        assertEquals(303, saved.status());
        assertTrue(saved.location().endsWith(step(c, "DONNEES_IA") + "?enregistre=1"), saved.location());
        assertTrue(agent.get(saved.location()).body().contains("Vos réponses sont enregistrées"));
        Map<String, JsonNode> stored = stored(c);
        assertEquals(3, stored.get("DIA-PLAN-FORMATION").get("level").asInt());
        assertEquals("NSP", stored.get("DIA-PILOTAGE-IA").get("abstention").asText());
        assertEquals("AUCUN", stored.get("DIA-USAGE-AGENTS").get("value").asText());
        assertFalse(stored.containsKey("DIA-GOUVERNANCE-DONNEES"), "left blank on the page: cleared");
        assertTrue(stored.containsKey("GOV-PORTAGE") && stored.containsKey("CYB-PLAN-CRISE"), "other steps: untouched");
        assertEquals("ELUS_SEULS", stored.get("GOV-PORTAGE").get("value").asText());
        assertEquals(4, stored.get("CYB-PLAN-CRISE").get("level").asInt());
    }

    @Test
    void theFirstSaveCreatesTheDraft() throws Exception {
        String c = open("RP-FIRST");
        Browser.Page form = agent.get(step(c, "general"));
        assertEquals("", form.hidden("version"), "no response yet");

        Browser.Page saved = save(form, step(c, "general"), List.of(Map.entry("GOV-PORTAGE", "DSI_SEULE"),
                Map.entry("BUD-PART-NUMERIQUE", "12,5"), Map.entry("GEN-COMMENTAIRE", "Écrit sur la page")));

        assertEquals(303, saved.status());
        assertEquals("DRAFT", Responses.status(c, RENNES));
        Map<String, JsonNode> stored = stored(c);
        assertEquals("DSI_SEULE", stored.get("GOV-PORTAGE").get("value").asText());
        assertEquals(12.5, stored.get("BUD-PART-NUMERIQUE").get("value").asDouble(), 0);
        assertEquals("Écrit sur la page", stored.get("GEN-COMMENTAIRE").get("value").asText());
        assertEquals(3, stored.size());
    }

    @Test
    void aStaleSaveShowsTheConflictKeepsWhatWasTypedAndStoresNothing() throws Exception {
        String c = open("RP-STALE");
        Responses.create(Tokens.respondent(RENNES), c, RENNES, List.of(value("GOV-PORTAGE", "ELUS_SEULS")));
        Browser.Page form = agent.get(step(c, "general"));
        // someone else saves the response through the API meanwhile
        given().auth().oauth2(Tokens.respondent(RENNES)).contentType("application/json").header("If-Match", Responses.etag(c, RENNES))
                .body(Answers.body(value("GOV-PORTAGE", "AUCUN"))).patch(Responses.path(c, RENNES)).then().statusCode(200);
        String etagNow = Responses.etag(c, RENNES);

        Browser.Page conflict = save(form, step(c, "general"), List.of(Map.entry("GOV-PORTAGE", "DSI_SEULE"),
                Map.entry("BUD-PART-NUMERIQUE", "40")));

        assertEquals(409, conflict.status());
        String page = conflict.body();
        assertTrue(page.contains("La réponse a été modifiée entre-temps"));
        assertTrue(page.contains("<tr id=\"difference-GOV-PORTAGE\"><th scope=\"row\">Qui porte la stratégie numérique de votre collectivité ?</th>"
                + "<td>Personne : la stratégie numérique n&#39;est pas portée</td><td>Le service informatique (DSI) uniquement</td></tr>"), page);
        assertTrue(page.contains("id=\"GOV-PORTAGE-DSI_SEULE\" name=\"GOV-PORTAGE\" value=\"DSI_SEULE\" checked"), "what was typed is shown again");
        assertTrue(page.contains("name=\"BUD-PART-NUMERIQUE\" step=\"any\" inputmode=\"decimal\" min=\"0\" max=\"100\" value=\"40\""));
        assertTrue(page.contains("id=\"recharger\""), "a reload is offered");
        assertEquals(etagNow, conflict.hidden("version"), "saving again now replaces the answers, knowingly");
        Map<String, JsonNode> stored = stored(c);
        assertEquals("AUCUN", stored.get("GOV-PORTAGE").get("value").asText(), "nothing overwritten");
        assertFalse(stored.containsKey("BUD-PART-NUMERIQUE"));
        assertEquals(etagNow, Responses.etag(c, RENNES));

        Browser.Page again = save(conflict, step(c, "general"), List.of(Map.entry("GOV-PORTAGE", "DSI_SEULE")));
        assertEquals(303, again.status());
        assertEquals("DSI_SEULE", stored(c).get("GOV-PORTAGE").get("value").asText());
    }

    @Test
    void aResponseCreatedMeanwhileIsAConflictToo() throws Exception {
        String c = open("RP-RACE");
        Browser.Page form = agent.get(step(c, "general"));
        Responses.create(Tokens.respondent(RENNES), c, RENNES, List.of(value("GOV-PORTAGE", "ELUS_SEULS")));

        Browser.Page conflict = save(form, step(c, "general"), List.of(Map.entry("GOV-PORTAGE", "DSI_SEULE")));

        assertEquals(409, conflict.status());
        assertEquals("ELUS_SEULS", stored(c).get("GOV-PORTAGE").get("value").asText());
    }

    @Test
    void anInvalidAnswerIsShownBesideItsFieldWithWhatWasTypedAndNothingIsStored() throws Exception {
        String c = open("RP-INVALID");
        String etag = Responses.create(Tokens.respondent(RENNES), c, RENNES, List.of(value("GOV-PORTAGE", "ELUS_SEULS")));
        Browser.Page form = agent.get(step(c, "general"));

        Browser.Page refused = save(form, step(c, "general"), List.of(Map.entry("GOV-PORTAGE", "AUCUN"),
                Map.entry("BUD-PART-NUMERIQUE", "150")));

        assertEquals(422, refused.status());
        String page = refused.body();
        assertTrue(page.contains("<p class=\"erreur\" id=\"BUD-PART-NUMERIQUE-erreur\">Saisissez un nombre entre 0 et 100.</p>"), page);
        assertTrue(page.contains("value=\"150\" aria-describedby=\"BUD-PART-NUMERIQUE-aide BUD-PART-NUMERIQUE-erreur\""), page);
        assertTrue(page.contains("id=\"GOV-PORTAGE-AUCUN\" name=\"GOV-PORTAGE\" value=\"AUCUN\" checked"));
        assertEquals(etag, Responses.etag(c, RENNES), "nothing stored");
    }

    @Test
    void aConditionalQuestionIsAskedWhenItsConditionHoldsOnceSaved() throws Exception {
        String c = open("RP-COND");
        String general = step(c, "general");
        assertFalse(agent.get(general).body().contains("id=\"GEN-MUTUALISATION-STRUCTURES\""), "not asked yet");

        save(agent.get(general), general, List.of(Map.entry("GEN-MUTUALISATION", "true")));
        Browser.Page asked = agent.get(general);
        assertTrue(asked.body().contains("<fieldset id=\"GEN-MUTUALISATION-STRUCTURES\""), "asked once the condition holds");

        save(asked, general, List.of(Map.entry("GEN-MUTUALISATION", "true"),
                Map.entry("GEN-MUTUALISATION-STRUCTURES", "SYNDICAT_NUMERIQUE"), Map.entry("GEN-MUTUALISATION-STRUCTURES", "AUTRE")));
        assertEquals("[\"SYNDICAT_NUMERIQUE\",\"AUTRE\"]", stored(c).get("GEN-MUTUALISATION-STRUCTURES").get("value").toString());

        Browser.Page no = save(agent.get(general), general, List.of(Map.entry("GEN-MUTUALISATION", "false"),
                Map.entry("GEN-MUTUALISATION-STRUCTURES", "SYNDICAT_NUMERIQUE")));
        assertEquals(303, no.status());
        Map<String, JsonNode> stored = stored(c);
        assertFalse(stored.get("GEN-MUTUALISATION").get("value").asBoolean());
        assertFalse(stored.containsKey("GEN-MUTUALISATION-STRUCTURES"), "no longer asked: cleared with its step");
        assertFalse(agent.get(general).body().contains("id=\"GEN-MUTUALISATION-STRUCTURES\""));
    }

    @Test
    void anIncompleteSubmissionListsEveryProblemLinkedToItsFieldAndKeepsEveryAnswer() throws Exception {
        String c = open("RP-INCOMPLETE");
        List<Map<String, Object>> answers = Answers.without(Answers.complete(Campaigns.questionnaire(c)), "DIA-PLAN-FORMATION", "GOV-PORTAGE");
        Responses.create(Tokens.respondent(RENNES), c, RENNES, answers);
        Browser.Page overview = agent.get("/reponses/" + c);

        Browser.Page report = agent.post("/reponses/" + c + "/envoi", fields(overview, List.of()));

        assertEquals(422, report.status());
        String page = report.body();
        assertTrue(page.contains("2 points à corriger"), page);
        assertTrue(page.contains("<a href=\"/reponses/" + c + "/DONNEES_IA#DIA-PLAN-FORMATION\" id=\"rapport-DIA-PLAN-FORMATION\">"), page);
        assertTrue(page.contains("<a href=\"/reponses/" + c + "/general#GOV-PORTAGE\" id=\"rapport-GOV-PORTAGE\">"), page);
        assertTrue(page.contains("Réponse obligatoire."));
        assertTrue(agent.get(step(c, "DONNEES_IA")).body().contains("<fieldset id=\"DIA-PLAN-FORMATION\""), "the link's target exists");
        assertEquals("DRAFT", Responses.status(c, RENNES));
        assertEquals(answers.size(), stored(c).size(), "every answer kept");
    }

    @Test
    void aSubmissionWithNoDraftYetReportsEveryRequiredQuestion() {
        String c = open("RP-EMPTY");
        Browser.Page report = agent.post("/reponses/" + c + "/envoi", fields(agent.get("/reponses/" + c), List.of()));
        assertEquals(422, report.status());
        assertTrue(report.body().contains("id=\"rapport-DIA-PLAN-FORMATION\""));
        given().auth().oauth2(Tokens.admin()).get(Responses.path(c, RENNES)).then().statusCode(404);
    }

    @Test
    void aSubmittedResponseIsReadOnlyAndSaysHowToReopenIt() throws Exception {
        String c = open("RP-SUBMIT");
        Responses.create(Tokens.respondent(RENNES), c, RENNES, Answers.complete(Campaigns.questionnaire(c)));
        Browser.Page overview = agent.get("/reponses/" + c);
        Browser.Page editable = agent.get(step(c, "DONNEES_IA"));

        Browser.Page sent = agent.post("/reponses/" + c + "/envoi", fields(overview, List.of()));

        assertEquals(303, sent.status());
        assertTrue(sent.location().endsWith("/reponses/" + c), sent.location());
        assertEquals("SUBMITTED", Responses.status(c, RENNES));
        String after = agent.get("/reponses/" + c).body();
        assertTrue(after.contains("<a href=\"/reponses/" + c + "/resultats\" id=\"vos-resultats\""), after);
        assertTrue(after.contains("réouverture"));
        assertFalse(after.contains("id=\"valider-envoyer\""));
        String theme = agent.get(step(c, "DONNEES_IA")).body();
        assertFalse(theme.contains("<form method=\"post\" action=\"/reponses/" + c + "/DONNEES_IA\""), "no inputs any more");
        assertTrue(theme.contains("<dd id=\"DIA-PLAN-FORMATION-reponse\">2 — En cours</dd>"), theme);
        String etag = Responses.etag(c, RENNES);

        Browser.Page stale = save(editable, step(c, "DONNEES_IA"), List.of(Map.entry("DIA-PLAN-FORMATION", "4")));
        assertEquals(409, stale.status());
        assertTrue(stale.body().contains("id=\"conflit-envoyee\""), "a form loaded before the submission: the conflict, what was typed shown");
        assertTrue(stale.body().contains("<td>2 — En cours</td><td>4 — Effectif et en amélioration continue</td>"), stale.body());
        Browser.Page current = agent.get(step(c, "DONNEES_IA"));
        List<Map.Entry<String, String>> fields = new ArrayList<>(fields(editable, List.of(Map.entry("DIA-PLAN-FORMATION", "4"))));
        fields.set(1, Map.entry("version", etag));
        Browser.Page refused = agent.post(step(c, "DONNEES_IA"), fields);
        assertEquals(409, refused.status());
        assertTrue(refused.body().contains("Action impossible"), refused.body());
        assertFalse(current.body().contains("name=\"version\""));
        assertEquals(etag, Responses.etag(c, RENNES));
    }

    @Test
    void theQuestionnaireIsBuiltFromTheCampaignsDocument() throws Exception {
        String c = "RP-DOC";
        Campaigns.create(c, Campaigns.sirens(RENNES));
        ObjectNode document = (ObjectNode) JSON.readTree(Campaigns.questionnaire(c));
        for (JsonNode theme : document.get("themes")) {
            if (theme.get("code").asText().equals("DONNEES_IA")) {
                ((ObjectNode) theme.get("label")).put("fr", "Données, IA et algorithmes");
                for (JsonNode q : theme.get("questions")) {
                    if (q.get("code").asText().equals("DIA-PLAN-FORMATION")) {
                        ((ObjectNode) q.get("label")).put("fr", "Un plan de formation existe-t-il ?");
                        ((ObjectNode) q).putObject("help").put("fr", "Formations internes comprises.");
                    }
                }
            }
        }
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(document.toString())
                .put("/campaigns/" + c + "/questionnaire").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).post("/campaigns/" + c + "/open").then().statusCode(200);

        String page = agent.get(step(c, "DONNEES_IA")).body();

        assertTrue(page.contains("<h1>Données, IA et algorithmes</h1>"), page);
        assertTrue(page.contains("<fieldset id=\"DIA-PLAN-FORMATION\" class=\"question\" aria-describedby=\"DIA-PLAN-FORMATION-aide\">\n"
                + "<legend>Un plan de formation existe-t-il ? <span class=\"obligatoire\">(obligatoire)</span></legend>\n"
                + "<p class=\"aide\" id=\"DIA-PLAN-FORMATION-aide\">Formations internes comprises.</p>"), page);
        List<String> levels = List.of("0 — Pas engagé", "1 — En réflexion", "2 — En cours", "3 — Actions formalisées",
                "4 — Effectif et en amélioration continue");
        for (int i = 0; i < levels.size(); i++) {
            assertTrue(page.contains("<input type=\"radio\" id=\"DIA-PLAN-FORMATION-" + i + "\" name=\"DIA-PLAN-FORMATION\" value=\"" + i
                    + "\"> <label for=\"DIA-PLAN-FORMATION-" + i + "\">" + levels.get(i) + "</label>"), levels.get(i));
        }
        assertTrue(page.contains("<label for=\"DIA-PLAN-FORMATION-NSP\">Ne sait pas</label>"));
        assertTrue(page.contains("<label for=\"DIA-PLAN-FORMATION-NA\">Non applicable</label>"));
        assertTrue(page.contains("<input type=\"checkbox\" id=\"DIA-OUTILS-AUTRE\"") == false, "DIA-OUTILS is conditional: not asked yet");
        String general = agent.get(step(c, "general")).body();
        assertTrue(general.contains("<textarea id=\"GEN-COMMENTAIRE\" name=\"GEN-COMMENTAIRE\" rows=\"4\" maxlength=\"2000\""), general);
        assertTrue(general.contains("<input type=\"radio\" id=\"GOV-ELU-REFERENT-true\" name=\"GOV-ELU-REFERENT\" value=\"true\"> <label for=\"GOV-ELU-REFERENT-true\">Oui</label>"));
    }

    @Test
    void theHomePageListsTheCampaignsWithTheStateOfTheResponse() {
        String started = open("RP-HOME-A");
        String submitted = open("RP-HOME-B");
        String untouched = open("RP-HOME-C");
        Responses.create(Tokens.respondent(RENNES), started, RENNES, List.of(value("GOV-PORTAGE", "ELUS_SEULS"), level("DIA-PLAN-FORMATION", 2),
                abstention("DIA-PILOTAGE-IA", "NA")));
        Responses.createAndSubmit(Tokens.respondent(RENNES), submitted, RENNES, Answers.complete(Campaigns.questionnaire(submitted)));
        // the draft meets no condition: its required questions are those without one
        long required = Answers.questions(Answers.read(Campaigns.questionnaire(started))).stream()
                .filter(q -> q.path("required").asBoolean() && !q.has("condition")).count();

        String home = agent.get("/").body();

        assertTrue(home.contains("<strong id=\"collectivite\">Rennes Métropole</strong>"), home);
        assertTrue(home.contains("<span class=\"etat\" id=\"etat-" + started + "\">Brouillon</span><br><span class=\"avancement\" id=\"avancement-"
                + started + "\">3 sur " + required + " réponses obligatoires</span>"), home);
        assertTrue(home.contains("<span class=\"etat\" id=\"etat-" + submitted + "\">Envoyée</span>"));
        assertTrue(home.contains("<span class=\"etat\" id=\"etat-" + untouched + "\">Non commencée</span>"));
        assertTrue(home.contains("<a href=\"/reponses/" + started + "\" id=\"ouvrir-" + started + "\">"));
        assertTrue(home.contains("id=\"deconnexion\""), "a sign-out button");
    }

    private static String open(String code) {
        Campaigns.createOpen(code, Campaigns.sirens(RENNES));
        return code;
    }

    static String step(String campaign, String step) {
        return "/reponses/" + campaign + "/" + step;
    }

    /** Posts a step's form as loaded (its CSRF token and version) with these answers and the "Enregistrer" button. */
    private Browser.Page save(Browser.Page form, String path, List<Map.Entry<String, String>> answers) {
        List<Map.Entry<String, String>> fields = new ArrayList<>(fields(form, answers));
        fields.add(Map.entry("action", "enregistrer"));
        return agent.post(path, fields);
    }

    static List<Map.Entry<String, String>> fields(Browser.Page form, List<Map.Entry<String, String>> answers) {
        String token = form.hidden("csrf-token");
        assertNotNull(token, "the form carries its CSRF token");
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        fields.add(Map.entry("csrf-token", token));
        fields.add(Map.entry("version", form.hidden("version") == null ? "" : form.hidden("version")));
        fields.addAll(answers);
        return fields;
    }

    private static Map<String, JsonNode> stored(String campaign) throws Exception {
        String body = given().auth().oauth2(Tokens.admin()).get(Responses.path(campaign, RENNES)).then().statusCode(200).extract().asString();
        Map<String, JsonNode> byCode = new java.util.LinkedHashMap<>();
        JSON.readTree(body).get("answers").forEach(a -> byCode.put(a.get("question").asText(), a));
        return byCode;
    }
}
