package fr.barometre.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.e2e.browser.Axe;
import fr.barometre.e2e.browser.Browser;
import fr.barometre.e2e.browser.KeycloakLogin;
import fr.barometre.e2e.survey.ApiResponse;
import fr.barometre.e2e.survey.api.AgentsApi;
import fr.barometre.e2e.survey.api.ResponsesApi;
import fr.barometre.e2e.survey.model.Agent;
import fr.barometre.e2e.survey.model.Answers;
import fr.barometre.e2e.survey.model.NewAgent;
import fr.barometre.launcher.AnswerSets;
import fr.barometre.launcher.DemoData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10's proof in a real browser (Chromium, headless) against the real suite, through
 * Keycloak's own login page: {@code agent-rennes-metropole} answers the demo campaign {@code 2025}
 * (left to it by the demo loader) over two sessions, meets a conflict, a refused form without its
 * CSRF token and the validation report, completes a theme with the keyboard alone, submits and
 * reads its results, then its peer position; {@code agent-lyon} gets the 404 page on Rennes
 * Métropole's questionnaire; an anonymous browser is sent to sign in; an onboarded agent changes
 * its temporary password first; the analyst opens the participation page. Every page of
 * survey-service shown: axe-core's WCAG 2.1 A/AA rules, 0 violations, and screenshots at 1280 and
 * 360 px.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(E2eStack.Extension.class)
@Order(3)
class RespondentJourneyBrowserTest {

    static final String CAMPAIGN = DemoData.CAMPAIGN;
    static final String RENNES_METROPOLE = DemoData.RENNES_METROPOLE;
    static final String RENNES_USER = "agent-rennes-metropole";
    /** Which of the launcher's deterministic answer sets Rennes Métropole gives. */
    static final int ANSWER_SET = 7;

    static Browser browser;
    static String survey;
    static String keycloak;
    static JsonNode questionnaire;
    /** The steps of the questionnaire ("general", then each theme's code) and the answers each gets. */
    static final Map<String, List<Map<String, Object>>> answersByStep = new LinkedHashMap<>();
    static final Map<String, JsonNode> questions = new LinkedHashMap<>();
    static List<String> themes;

    @BeforeAll
    static void demoCampaignWithRennesMetropoleLeftToAnswer() throws Exception {
        survey = E2eStack.surveyUrl();
        keycloak = E2eStack.keycloakUrl();
        new DemoData(E2eStack.http(), E2eStack.tokens(), survey, E2eStack.scoringUrl(), E2eStack.reportingUrl()).load();
        String admin = E2eStack.password("admin", "admin");
        questionnaire = E2eStack.http().get(survey + "/campaigns/" + CAMPAIGN + "/questionnaire", admin).expectOk("questionnaire").json();
        answersByStep.put("general", new ArrayList<>());
        questionnaire.path("general").forEach(q -> questions.put(q.path("code").asText(), q));
        List<String> themeCodes = new ArrayList<>();
        for (JsonNode theme : questionnaire.path("themes")) {
            themeCodes.add(theme.path("code").asText());
            answersByStep.put(theme.path("code").asText(), new ArrayList<>());
            theme.path("questions").forEach(q -> questions.put(q.path("code").asText(), q));
        }
        themes = themeCodes;
        for (Map<String, Object> answer : AnswerSets.complete(questionnaire, ANSWER_SET)) {
            answersByStep.get(stepOf((String) answer.get("question"))).add(answer);
        }
        browser = Browser.open();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    static String stepOf(String question) {
        for (JsonNode q : questionnaire.path("general")) {
            if (q.path("code").asText().equals(question)) {
                return "general";
            }
        }
        for (JsonNode theme : questionnaire.path("themes")) {
            for (JsonNode q : theme.path("questions")) {
                if (q.path("code").asText().equals(question)) {
                    return theme.path("code").asText();
                }
            }
        }
        throw new IllegalArgumentException(question);
    }

    /** The verdicts on the pages seen by the running test, asserted at its end ({@link #verdicts()}). */
    static final List<Executable> seen = new ArrayList<>();

    /**
     * Takes the page's screenshots and checks it now — axe-core's WCAG 2.1 A/AA rules, 0
     * violations; nothing sticking out of a 360 px wide window — but asserts at the end of the test
     * ({@link #verdicts()}), so that a page found wanting does not stop the journey that the next
     * tests continue.
     */
    static void accessibleAndPictured(String name) {
        browser.screenshots("survey-" + name);
        browser.narrow();
        List<String> overflowing = browser.overflowing();
        browser.wide();
        String url = browser.url();
        List<Axe.Violation> violations = Axe.run(browser);
        seen.add(() -> assertNull(Axe.report(name + " (" + url + ")", violations)));
        seen.add(() -> assertEquals(List.of(), overflowing, name + ": the page fits a 360 px wide window"));
    }

    @AfterEach
    void verdicts() {
        List<Executable> verdicts = new ArrayList<>(seen);
        seen.clear();
        assertAll(verdicts);
    }

    static void signIn(String user, String password) {
        KeycloakLogin.signIn(browser, keycloak, user, password);
        browser.await(d -> browser.url().startsWith(survey));
    }

    /** Opens a page as Rennes Métropole's agent, signing in if the session has ended. */
    static void openAsRennes(String url) {
        browser.get(url);
        if (KeycloakLogin.showing(browser, keycloak)) {
            signIn(RENNES_USER, RENNES_USER);
        }
    }

    static String stepUrl(String step) {
        return survey + "/reponses/" + CAMPAIGN + "/" + step;
    }

    // --- the journey ---------------------------------------------------------------------------

    @Test
    @Order(1)
    void anAnonymousBrowserIsSentToTheLoginPage() {
        browser.forgetCookies();
        browser.get(survey + "/");
        browser.await(d -> KeycloakLogin.showing(browser, keycloak));
        browser.get(stepUrl("general"));
        browser.await(d -> KeycloakLogin.showing(browser, keycloak));
    }

    @Test
    @Order(2)
    void rennesMetropoleAnswersTheGeneralSectionAndTwoThemesThenSignsOut() {
        browser.forgetCookies();
        browser.get(survey + "/");
        signIn(RENNES_USER, RENNES_USER);
        WebElement row = browser.find(By.id("campagne-" + CAMPAIGN));
        assertTrue(browser.find(By.id("etat-" + CAMPAIGN)).getText().contains("Non commencée"), row.getText());
        accessibleAndPictured("accueil");
        browser.find(By.id("ouvrir-" + CAMPAIGN)).click();
        browser.await(d -> browser.url().contains("/reponses/" + CAMPAIGN));
        accessibleAndPictured("reponse");
        for (String step : List.of("general", themes.get(0), themes.get(1))) {
            browser.get(stepUrl(step));
            fillAndSave(step, null);
            if (step.equals("general")) {
                accessibleAndPictured("etape-generale");
            }
        }
        browser.get(survey + "/");
        assertTrue(browser.find(By.id("etat-" + CAMPAIGN)).getText().contains("Brouillon"), browser.text());
        browser.find(By.id("deconnexion")).click();
        browser.await(d -> !browser.url().startsWith(survey + "/reponses"));
        browser.get(survey + "/");
        browser.await(d -> KeycloakLogin.showing(browser, keycloak));
    }

    @Test
    @Order(3)
    void signedInAgainItFindsEveryAnswer() {
        openAsRennes(survey + "/");
        for (String step : List.of("general", themes.get(0), themes.get(1))) {
            browser.get(stepUrl(step));
            assertShows(step, answersByStep.get(step));
        }
    }

    @Test
    @Order(4)
    void aStaleSaveShowsTheConflictPageAndLosesNothing() throws Exception {
        String step = themes.get(2);
        browser.get(stepUrl(step));
        fill(step, null);
        // meanwhile the same response changes through the API
        Map<String, Object> mine = answersByStep.get(step).stream().filter(a -> a.containsKey("level")).findFirst().orElseThrow();
        String code = (String) mine.get("question");
        int theirs = ((Integer) mine.get("level") + 2) % 5;
        ResponsesApi api = new ResponsesApi(EndToEndTest.survey(E2eStack.password(RENNES_USER, RENNES_USER)));
        ApiResponse<?> current = api.campaignsCodeResponsesSirenGetWithHttpInfo(CAMPAIGN, RENNES_METROPOLE);
        String etag = current.getHeaders().get("etag").get(0);
        api.campaignsCodeResponsesSirenPatch(CAMPAIGN, RENNES_METROPOLE, etag,
                new Answers().answers(EndToEndTest.toAnswers(List.of(Map.of("question", code, "level", theirs)))));
        browser.find(By.id("enregistrer")).click();
        WebElement conflict = browser.await(d -> d.findElement(By.id("conflit")));
        assertTrue(browser.findAll(By.id("difference-" + code)).size() == 1, conflict.getText());
        assertShows(step, answersByStep.get(step)); // what was typed is still in the form
        accessibleAndPictured("conflit");
        browser.find(By.id("enregistrer")).click();
        browser.await(d -> !d.findElements(By.id("message-enregistre")).isEmpty());
        JsonNode stored = E2eStack.http().get(survey + "/campaigns/" + CAMPAIGN + "/responses/" + RENNES_METROPOLE,
                E2eStack.password(RENNES_USER, RENNES_USER)).expectOk("response").json();
        assertEquals(String.valueOf(mine.get("level")), levelOf(stored, code), "saving again keeps what was typed: " + stored);
    }

    @Test
    @Order(5)
    void aFormPostedWithoutItsCsrfTokenIsRefused() throws Exception {
        String step = themes.get(3);
        browser.get(stepUrl(step));
        fill(step, null);
        browser.script("document.querySelectorAll('#formulaire input[type=hidden]:not([name=version])').forEach(e => e.remove());");
        browser.find(By.id("enregistrer")).click();
        browser.await(d -> !d.findElements(By.className("code-erreur")).isEmpty());
        String status = browser.find(By.className("code-erreur")).getText();
        assertTrue(status.contains("400") || status.contains("403"), status);
        JsonNode stored = E2eStack.http().get(survey + "/campaigns/" + CAMPAIGN + "/responses/" + RENNES_METROPOLE,
                E2eStack.password(RENNES_USER, RENNES_USER)).expectOk("response").json();
        String code = (String) answersByStep.get(step).get(0).get("question");
        assertNull(levelOf(stored, code), "nothing saved: " + stored);
        accessibleAndPictured("csrf-refuse");
    }

    @Test
    @Order(6)
    void oneThemeIsCompletedWithTheKeyboardAlone() {
        String step = themes.get(3);
        browser.get(stepUrl(step));
        Actions keys = new Actions(browser.driver());
        List<WebElement> fields = browser.findAll(By.cssSelector("#formulaire .question"));
        assertFalse(fields.isEmpty());
        String first = firstInput(fields.get(0)).getDomAttribute("id");
        for (int i = 0; i < 200 && !first.equals(browser.driver().switchTo().activeElement().getDomAttribute("id")); i++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        assertEquals(first, browser.driver().switchTo().activeElement().getDomAttribute("id"), "Tab reaches the first field");
        Map<String, Map<String, Object>> byCode = new LinkedHashMap<>();
        answersByStep.get(step).forEach(a -> byCode.put((String) a.get("question"), a));
        for (WebElement field : fields) {
            String code = field.getDomAttribute("id") != null && questions.containsKey(field.getDomAttribute("id"))
                    ? field.getDomAttribute("id") : firstInput(field).getDomAttribute("name");
            Map<String, Object> answer = byCode.get(code);
            List<WebElement> inputs = field.findElements(By.cssSelector("input, textarea"));
            String type = inputs.get(0).getDomAttribute("type");
            if ("radio".equals(type)) {
                if (answer != null) {
                    int index = indexOf(inputs, valueOf(answer));
                    keys.sendKeys(Keys.SPACE).perform(); // checks the first option, then the arrows move the choice
                    for (int i = 0; i < index; i++) {
                        keys.sendKeys(Keys.ARROW_RIGHT).perform();
                    }
                }
                keys.sendKeys(Keys.TAB).perform();
            } else if ("checkbox".equals(type)) {
                for (WebElement box : inputs) {
                    if (answer != null && ((List<?>) answer.get("value")).contains(box.getDomAttribute("value"))) {
                        keys.sendKeys(Keys.SPACE).perform();
                    }
                    keys.sendKeys(Keys.TAB).perform();
                }
            } else {
                if (answer != null) {
                    keys.sendKeys(String.valueOf(answer.get("value"))).perform();
                }
                keys.sendKeys(Keys.TAB).perform();
            }
        }
        for (int i = 0; i < 10 && !"enregistrer".equals(browser.driver().switchTo().activeElement().getDomAttribute("id")); i++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        assertEquals("enregistrer", browser.driver().switchTo().activeElement().getDomAttribute("id"), "Tab reaches Enregistrer");
        keys.sendKeys(Keys.ENTER).perform();
        browser.await(d -> !d.findElements(By.id("message-enregistre")).isEmpty());
        assertShows(step, answersByStep.get(step));
    }

    @Test
    @Order(7)
    void anIncompleteSubmissionReportsTheMissingItemWithALinkThenTheResponseIsSubmitted() {
        String last = themes.get(themes.size() - 1);
        Map<String, Object> left = answersByStep.get(last).stream().filter(a -> a.containsKey("level")).findFirst().orElseThrow();
        String leftCode = (String) left.get("question");
        for (String step : themes.subList(4, themes.size())) {
            browser.get(stepUrl(step));
            fillAndSave(step, step.equals(last) ? leftCode : null);
        }
        browser.get(survey + "/reponses/" + CAMPAIGN);
        browser.find(By.id("valider-envoyer")).click();
        WebElement report = browser.await(d -> d.findElement(By.id("rapport")));
        WebElement link = report.findElement(By.id("rapport-" + leftCode));
        assertEquals(1, report.findElements(By.tagName("li")).size(), "only the item left empty: " + report.getText());
        accessibleAndPictured("rapport");
        link.click();
        browser.await(d -> browser.url().contains("/" + last) && browser.url().contains("#" + leftCode));
        List<Map<String, Object>> others = answersByStep.get(last).stream().filter(a -> !a.get("question").equals(leftCode)).toList();
        assertShows(last, others); // every answer given is kept
        fillAndSave(last, null);
        browser.get(survey + "/reponses/" + CAMPAIGN);
        browser.find(By.id("valider-envoyer")).click();
        browser.await(d -> !d.findElements(By.id("reponse-envoyee")).isEmpty());
        accessibleAndPictured("envoyee");
        browser.get(stepUrl("general"));
        assertTrue(browser.findAll(By.id("formulaire")).isEmpty(), "a submitted response is read-only");
        assertFalse(browser.findAll(By.id("lecture-seule")).isEmpty());
    }

    @Test
    @Order(8)
    void theResultsThenThePeerPositionAppear() throws Exception {
        openAsRennes(survey + "/reponses/" + CAMPAIGN);
        browser.find(By.id("vos-resultats")).click();
        reloadUntil("indice");
        JsonNode assessment = E2eStack.http().get(E2eStack.scoringUrl() + "/campaigns/" + CAMPAIGN + "/assessments/" + RENNES_METROPOLE,
                E2eStack.password(RENNES_USER, RENNES_USER)).expectOk("assessment").json();
        String index = browser.find(By.id("indice")).getText();
        assertTrue(index.replace(',', '.').contains(assessment.path("index").decimalValue().stripTrailingZeros().toPlainString())
                || index.contains(assessment.path("index").asText().replace('.', ',')), index + " vs " + assessment.path("index"));
        List<String> expected = new ArrayList<>();
        assessment.path("explanation").path("nextSteps").forEach(n -> expected.add(n.path("question").asText()));
        List<String> shown = browser.findAll(By.cssSelector("#prochaines-etapes li")).stream().map(li -> li.getDomAttribute("data-question")).toList();
        assertFalse(expected.isEmpty(), "the assessment has next steps");
        assertEquals(expected, shown, "the assessment's next steps, in its order");
        reloadUntil("percentiles");
        assertFalse(browser.findAll(By.id("position-INDEX")).isEmpty(), browser.text());
        accessibleAndPictured("resultats");
    }

    @Test
    @Order(9)
    void agentLyonGetsThe404PageOnRennesMetropolesQuestionnaire() {
        browser.forgetCookies();
        browser.get(survey + "/reponses/" + CAMPAIGN + "?collectivite=" + RENNES_METROPOLE);
        signIn("agent-lyon", "agent-lyon");
        assertTrue(browser.find(By.className("code-erreur")).getText().contains("404"), browser.text());
        assertFalse(browser.text().contains("Rennes"), "nothing of Rennes Métropole shows");
        accessibleAndPictured("404");
        browser.get(stepUrl("general") + "?collectivite=" + RENNES_METROPOLE);
        assertTrue(browser.find(By.className("code-erreur")).getText().contains("404"), browser.text());
    }

    @Test
    @Order(10)
    void anOnboardedAgentChangesItsTemporaryPasswordBeforeReachingTheHomePage() throws Exception {
        String nice = "210600888";
        AgentsApi agents = new AgentsApi(EndToEndTest.survey(E2eStack.password("admin", "admin")));
        String email = "agent.navigateur@nice.example";
        var account = agents.collectivitiesSirenAgentsPost(nice, new NewAgent().email(email).firstName("Agent").lastName("Navigateur"));
        Agent agent = agents.collectivitiesSirenAgentsGet(nice).stream().filter(a -> email.equals(a.getEmail())).findFirst().orElseThrow();
        browser.forgetCookies();
        browser.get(survey + "/");
        KeycloakLogin.signIn(browser, keycloak, agent.getUsername(), account.getTemporaryPassword());
        KeycloakLogin.updatePassword(browser, "Nouveau-mot-de-passe-1");
        browser.await(d -> browser.url().startsWith(survey));
        assertFalse(browser.findAll(By.id("campagne-" + CAMPAIGN)).isEmpty(), browser.text());
        assertTrue(browser.find(By.id("etat-" + CAMPAIGN)).getText().contains("Envoyée"), "Nice answered in the demo");
    }

    @Test
    @Order(11)
    void theAnalystOpensTheParticipationPage() {
        browser.forgetCookies();
        browser.get(survey + "/campagnes/" + CAMPAIGN + "/participation");
        signIn("analyst", "analyst");
        browser.await(d -> browser.url().contains("/participation"));
        assertTrue(browser.findAll(By.className("code-erreur")).isEmpty(), browser.text());
        assertFalse(browser.findAll(By.tagName("table")).isEmpty(), "a table of the participation");
        assertFalse(browser.findAll(By.tagName("svg")).isEmpty(), "a chart of the participation");
        accessibleAndPictured("participation");
    }

    // --- filling and reading the questionnaire's pages ---------------------------------------------

    /** Fills the page's fields from the step's answers (except {@code skip}) and saves, until no conditional field is left. */
    static void fillAndSave(String step, String skip) {
        for (int round = 0; round < 3; round++) {
            int filled = fill(step, skip);
            browser.find(By.id("enregistrer")).click();
            browser.await(d -> !d.findElements(By.id("message-enregistre")).isEmpty());
            if (filled == 0 || unfilled(step, skip) == 0) {
                return;
            }
        }
    }

    /** Fills every field of the page that has an answer to give; returns how many. */
    static int fill(String step, String skip) {
        int filled = 0;
        for (Map<String, Object> answer : answersByStep.get(step)) {
            String code = (String) answer.get("question");
            if (code.equals(skip) || browser.findAll(By.id(code)).isEmpty()) {
                continue;
            }
            String type = questions.get(code).path("type").asText();
            switch (type) {
                case "MATURITY", "SINGLE_CHOICE", "BOOLEAN" -> check(code + "-" + valueOf(answer), true);
                case "MULTIPLE_CHOICE" -> {
                    for (Object v : (List<?>) answer.get("value")) {
                        check(code + "-" + v, true);
                    }
                }
                default -> {
                    WebElement input = browser.find(By.id(code));
                    input.clear();
                    input.sendKeys(String.valueOf(answer.get("value")));
                }
            }
            filled++;
        }
        return filled;
    }

    static int unfilled(String step, String skip) {
        int missing = 0;
        for (Map<String, Object> answer : answersByStep.get(step)) {
            String code = (String) answer.get("question");
            if (!code.equals(skip) && !browser.findAll(By.id(code)).isEmpty() && !shows(answer)) {
                missing++;
            }
        }
        return missing;
    }

    static void check(String id, boolean on) {
        WebElement input = browser.find(By.id(id));
        if (input.isSelected() != on) {
            browser.find(By.cssSelector("label[for='" + id + "']")).click();
        }
    }

    /** The page shows each answer given (a field that is not shown fails). */
    static void assertShows(String step, List<Map<String, Object>> answers) {
        for (Map<String, Object> answer : answers) {
            assertTrue(shows(answer), step + ": " + answer + " not shown");
        }
    }

    static boolean shows(Map<String, Object> answer) {
        String code = (String) answer.get("question");
        if (browser.findAll(By.id(code)).isEmpty()) {
            return false;
        }
        return switch (questions.get(code).path("type").asText()) {
            case "MATURITY", "SINGLE_CHOICE", "BOOLEAN" -> browser.find(By.id(code + "-" + valueOf(answer))).isSelected();
            case "MULTIPLE_CHOICE" -> ((List<?>) answer.get("value")).stream().allMatch(v -> browser.find(By.id(code + "-" + v)).isSelected());
            case "NUMBER" -> {
                String value = browser.find(By.id(code)).getDomProperty("value");
                yield !value.isEmpty() && new BigDecimal(value).compareTo(new BigDecimal(String.valueOf(answer.get("value")))) == 0;
            }
            default -> String.valueOf(answer.get("value")).equals(browser.find(By.id(code)).getDomProperty("value"));
        };
    }

    static String valueOf(Map<String, Object> answer) {
        return String.valueOf(answer.containsKey("level") ? answer.get("level") : answer.get("value"));
    }

    static int indexOf(List<WebElement> radios, String value) {
        for (int i = 0; i < radios.size(); i++) {
            if (value.equals(radios.get(i).getDomAttribute("value"))) {
                return i;
            }
        }
        throw new AssertionError("no option " + value);
    }

    static WebElement firstInput(WebElement field) {
        return field.findElement(By.cssSelector("input, textarea"));
    }

    /** The level stored for a question in a response document, or null. */
    static String levelOf(JsonNode response, String code) {
        for (JsonNode a : response.path("answers")) {
            if (a.path("question").asText().equals(code)) {
                return a.hasNonNull("level") ? a.path("level").asText() : null;
            }
        }
        return null;
    }

    /** Reloads the page (results computed elsewhere) until an element with this id shows. */
    static void reloadUntil(String id) throws InterruptedException {
        long deadline = System.nanoTime() + EndToEndTest.WAIT.toNanos();
        while (browser.findAll(By.id(id)).isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "#" + id + " never showed: " + browser.text());
            Thread.sleep(500); // between two reloads, as a person would
            browser.driver().navigate().refresh();
        }
    }
}
