package fr.barometre.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.e2e.browser.Axe;
import fr.barometre.e2e.browser.Browser;
import fr.barometre.e2e.browser.KeycloakLogin;
import fr.barometre.launcher.AnswerSets;
import fr.barometre.launcher.DemoData;
import fr.barometre.launcher.Http;
import fr.barometre.launcher.KeycloakServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9's proof in a real browser (Chromium, headless) against the real suite: the published
 * barometer's pages as an anonymous visitor reads them, the preview as the analyst signs in
 * through Keycloak's own login page, and a respondent kept out of it. The demo loader of the
 * launcher publishes the demo campaign {@code 2025}; an edition {@code 2026} with one response is
 * left unpublished. Every page: axe-core's WCAG 2.1 A/AA rules, 0 violations; screenshots at 1280
 * and 360 px; the bytes transferred, printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(E2eStack.Extension.class)
@Order(2)
class PublishedPagesBrowserTest {

    static final String EDITION = DemoData.CAMPAIGN;
    static final String UNPUBLISHED = "2026";
    /** The page budget of issue 9: an edition page weighs at most 150 KB transferred, all told. */
    static final long BUDGET = 150 * 1024;

    static Browser browser;
    static String reporting;
    static String keycloak;

    @BeforeAll
    static void demoPublishedAndOneEditionUnpublished() throws Exception {
        reporting = E2eStack.reportingUrl();
        keycloak = E2eStack.keycloakUrl();
        Http http = E2eStack.http();
        new DemoData(http, E2eStack.tokens(), E2eStack.surveyUrl(), E2eStack.scoringUrl(), reporting).load();
        JsonNode published = http.get(reporting + "/barometers/" + EDITION, null).expectOk("the demo edition, anonymous").json();
        assertEquals(DemoData.RESPONDENTS.size(), published.path("authorities").asInt(), "the demo loader published its 20 responses");
        unpublishedEdition(http);
        browser = Browser.open();
    }

    /** Campaign 2026, one response (Paris), in reporting's live figures and never published. */
    static void unpublishedEdition(Http http) throws Exception {
        String admin = E2eStack.password("admin", "admin");
        String survey = E2eStack.surveyUrl();
        if (http.get(survey + "/campaigns/" + UNPUBLISHED, admin).status() == 404) {
            http.post(survey + "/campaigns", admin, Map.of("code", UNPUBLISHED, "title", "Non publiée",
                    "audience", Map.of("sirens", List.of(DemoData.RESPONDENTS.get(0))))).expectOk("POST /campaigns");
            http.post(survey + "/campaigns/" + UNPUBLISHED + "/open", admin, null).expectOk("open");
            JsonNode questionnaire = http.get(survey + "/campaigns/" + UNPUBLISHED + "/questionnaire", admin).expectOk("questionnaire").json();
            http.post(survey + "/campaigns/" + UNPUBLISHED + "/responses/batch", admin, Map.of("responses",
                    List.of(Map.of("siren", DemoData.RESPONDENTS.get(0), "answers", AnswerSets.complete(questionnaire, 3))))).expectOk("batch");
        }
        EndToEndTest.await("edition " + UNPUBLISHED + " in reporting's live figures",
                () -> http.get(reporting + "/barometers/" + UNPUBLISHED, admin).ok() ? true : null);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    /** axe-core's WCAG 2.1 A/AA rules on the page shown: 0 violations, or a message naming each and where. */
    static void accessible(String page) {
        assertNull(Axe.report(page, Axe.run(browser)));
    }

    /**
     * A realm imported before the pages' client existed gets it at the launcher's next start: here
     * the client is deleted, and what the launcher does at start puts it back (the sign-ins below
     * then go through the client it added).
     */
    @Test
    @Order(0)
    void theLauncherAddsTheWebClientToARealmImportedWithoutIt() throws Exception {
        Http http = E2eStack.http();
        String admin = http.postForm(keycloak + "/realms/master/protocol/openid-connect/token",
                Map.of("grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin")).expectOk("admin").json()
                .path("access_token").asText();
        String clients = keycloak + "/admin/realms/barometre/clients";
        String id = http.get(clients + "?clientId=barometre-web", admin).expectOk("GET client").json().get(0).path("id").asText();
        assertEquals(204, E2eStack.rawStatus("DELETE", clients + "/" + id, admin, null));
        assertEquals(0, http.get(clients + "?clientId=barometre-web", admin).json().size());

        KeycloakServer server = new KeycloakServer(Path.of("unused"), Integer.parseInt(keycloak.substring(keycloak.lastIndexOf(':') + 1)), Path.of("unused"));
        Path realmFile = E2eStack.options().root().resolve("deploy/keycloak/barometre-realm.json");
        assertEquals(List.of("barometre-web"), server.addMissingClients(http, realmFile));
        assertEquals(List.of(), server.addMissingClients(http, realmFile), "nothing more to add");
        JsonNode web = http.get(clients + "?clientId=barometre-web", admin).expectOk("GET client").json().get(0);
        assertEquals("S256", web.path("attributes").path("pkce.code.challenge.method").asText());
    }

    @Test
    @Order(1)
    void anAnonymousVisitorFindsThePublishedEditionOnTheHomePage() {
        browser.get(reporting + "/");
        assertTrue(browser.title().endsWith("— Baromètre"), browser.title());
        WebElement row = browser.find(By.cssSelector("#editions tr[data-edition='" + EDITION + "']"));
        assertTrue(row.getText().contains("20"), "the number of respondents: " + row.getText());
        assertTrue(browser.findAll(By.cssSelector("#editions tr[data-edition='" + UNPUBLISHED + "']")).isEmpty(), "an unpublished edition is not listed");
        browser.screenshots("reporting-accueil");
        accessible("/");
        browser.transferSize();
        row.findElement(By.tagName("a")).click();
        browser.await(d -> browser.url().endsWith("/editions/" + EDITION));
    }

    @Test
    @Order(2)
    void theEditionPageShowsTheJsonApisFiguresWithOneBarPerTheme() throws Exception {
        browser.get(reporting + "/editions/" + EDITION);
        JsonNode api = E2eStack.http().get(reporting + "/barometers/" + EDITION, null).expectOk("GET /barometers").json();
        int shown = sameRanking(api);
        assertEquals(7, shown, "the demo's 20 responses show every theme");
        assertEquals("20", browser.find(By.id("nombre-collectivites")).getText());
        browser.screenshots("reporting-edition");
        long bytes = browser.transferSize();
        browser.narrow();
        List<String> overflowing = browser.overflowing();
        browser.wide();
        List<Axe.Violation> violations = Axe.run(browser);
        assertAll(
                () -> assertNull(Axe.report("/editions/" + EDITION, violations)),
                () -> assertTrue(bytes <= BUDGET, "an edition page weighs at most 150 KB transferred: " + bytes + " bytes"),
                () -> assertEquals(List.of(), overflowing, "the page fits a 360 px wide window"));
    }

    @Test
    @Order(3)
    void aFilterLinkChangesTheFigures() throws Exception {
        browser.get(reporting + "/editions/" + EDITION);
        String before = browser.find(By.id("classement")).getText();
        browser.find(By.cssSelector(".strates-liens a[href*='stratum=S6']")).click();
        browser.await(d -> browser.url().contains("stratum=S6"));
        JsonNode api = E2eStack.http().get(reporting + "/barometers/" + EDITION + "?stratum=S6", null).expectOk("S6").json();
        assertTrue(api.path("authorities").asInt() < 20, "S6 holds part of the respondents");
        sameRanking(api);
        assertEquals(api.path("authorities").asText(), browser.find(By.id("nombre-collectivites")).getText());
        assertNotEquals(before, browser.find(By.id("classement")).getText(), "the figures changed with the filter");
        accessible("/editions/" + EDITION + "?stratum=S6");
    }

    @Test
    @Order(4)
    void aWithheldCellShowsTheMentionAndNoNumber() throws Exception {
        browser.get(reporting + "/editions/" + EDITION);
        new Select(browser.find(By.id("filtre-kind"))).selectByValue("METROPOLE");
        browser.find(By.cssSelector("#formulaire-filtres button[type=submit]")).click();
        browser.await(d -> browser.url().contains("kind=METROPOLE"));
        JsonNode api = E2eStack.http().get(reporting + "/barometers/" + EDITION + "?kind=METROPOLE", null).expectOk("METROPOLE").json();
        List<String> withheld = new ArrayList<>();
        api.path("themes").forEach(t -> {
            if (t.path("withheld").asBoolean()) {
                withheld.add(t.path("theme").asText());
            }
        });
        assertFalse(withheld.isEmpty(), "fewer métropoles than the threshold answered: their figures are withheld " + api);
        for (String theme : withheld) {
            WebElement row = browser.find(By.cssSelector("#classement tr[data-theme='" + theme + "']"));
            WebElement cell = row.findElement(By.cssSelector("td.secret"));
            assertTrue(cell.getText().contains("secret statistique"), cell.getText());
            String withoutReason = cell.findElement(By.className("mention")).getText();
            assertFalse(withoutReason.matches(".*\\d.*"), "no number: " + withoutReason);
            assertTrue(row.findElements(By.cssSelector("td.part, td.engagees, td.repondants")).isEmpty(), "no figure in " + row.getText());
            assertTrue(browser.findAll(By.cssSelector("#graphique-classement rect[data-theme='" + theme + "']")).isEmpty(), "no bar for " + theme);
        }
        String reason = api.path("themes").get(0).path("withheldReason").asText();
        java.util.regex.Matcher primary = java.util.regex.Pattern.compile("fewer than (\\d+) authorities").matcher(reason);
        assertTrue(primary.matches(), "a figure over fewer métropoles than the threshold: " + reason);
        assertTrue(browser.text().contains("moins de " + primary.group(1) + " collectivités"), "the API's withheldReason is written, in French");
        browser.screenshots("reporting-edition-secret");
        accessible("/editions/" + EDITION + "?kind=METROPOLE");
    }

    @Test
    @Order(5)
    void aThemePage() {
        browser.get(reporting + "/editions/" + EDITION);
        browser.find(By.cssSelector("#classement tr[data-theme] th a")).click();
        browser.await(d -> browser.url().contains("/themes/"));
        assertTrue(browser.title().endsWith("— Baromètre"), browser.title());
        browser.screenshots("reporting-theme");
        accessible(browser.url());
        long bytes = browser.transferSize();
        assertTrue(bytes <= BUDGET, "a theme page weighs at most 150 KB transferred: " + bytes + " bytes");
    }

    @Test
    @Order(6)
    void anUnpublishedEditionAnswersThe404Page() {
        browser.get(reporting + "/editions/" + UNPUBLISHED);
        assertEquals("404", browser.find(By.cssSelector(".erreur")).getDomAttribute("data-statut"));
        assertTrue(browser.text().contains("Page introuvable"), browser.text());
        assertTrue(browser.findAll(By.id("classement")).isEmpty());
        browser.screenshots("reporting-404");
        accessible("404");
    }

    @Test
    @Order(7)
    void theAnalystSignsInOnKeycloaksPageAndPreviewsTheLiveFigures() throws Exception {
        browser.forgetCookies();
        browser.get(reporting + "/apercu/editions/" + UNPUBLISHED);
        assertTrue(KeycloakLogin.showing(browser, keycloak), "the preview needs a sign-in: " + browser.url());
        browser.screenshots("keycloak-connexion");
        accessible("Keycloak's login page");
        KeycloakLogin.signIn(browser, keycloak, "analyst", "analyst");
        browser.await(d -> browser.url().startsWith(reporting + "/apercu/editions/" + UNPUBLISHED));
        assertTrue(browser.find(By.id("apercu")).getText().contains("aperçu — non publié"));
        JsonNode live = E2eStack.http().get(reporting + "/barometers/" + UNPUBLISHED, E2eStack.password("analyst", "analyst"))
                .expectOk("live figures").json();
        assertTrue(sameRanking(live) > 0, "the live figures of the unpublished edition are shown");
        browser.screenshots("reporting-apercu");
        accessible("/apercu/editions/" + UNPUBLISHED);
    }

    @Test
    @Order(8)
    void aRespondentWhoSignsInGetsNoPreview() {
        browser.forgetCookies();
        browser.get(reporting + "/apercu/editions/" + EDITION);
        KeycloakLogin.signIn(browser, keycloak, "agent-lyon", "agent-lyon");
        browser.await(d -> browser.url().startsWith(reporting));
        assertEquals("403", browser.find(By.cssSelector(".erreur")).getDomAttribute("data-statut"), browser.text());
        assertTrue(browser.findAll(By.id("apercu")).isEmpty(), "no banner");
        assertTrue(browser.findAll(By.id("classement")).isEmpty(), "no figures");
        browser.screenshots("reporting-403");
        accessible("403");
    }

    /**
     * The ranking table equals the API's themes: every theme shown has its row (in rank order) with
     * its rank, engaged share, engaged and respondents, and one bar in the chart; returns how many.
     */
    static int sameRanking(JsonNode api) {
        List<String> expectedOrder = new ArrayList<>(); // the API's order (the questionnaire's); the page ranks them
        Set<String> bars = new LinkedHashSet<>();
        for (JsonNode t : api.path("themes")) {
            String theme = t.path("theme").asText();
            expectedOrder.add(theme);
            if (t.path("withheld").asBoolean() || t.path("share").isNull()) {
                continue;
            }
            bars.add(theme);
            WebElement row = browser.find(By.cssSelector("#classement tr[data-theme='" + theme + "']"));
            assertEquals(t.path("rank").asText(), digits(row.findElement(By.className("rang")).getText()), theme + " rank");
            assertEquals(t.path("engaged").asText(), digits(row.findElement(By.className("engagees")).getText()), theme + " engaged");
            assertEquals(t.path("respondents").asText(), digits(row.findElement(By.className("repondants")).getText()), theme + " respondents");
            WebElement share = row.findElement(By.className("part"));
            BigDecimal expected = t.path("share").decimalValue();
            assertEquals(0, expected.compareTo(new BigDecimal(share.getDomAttribute("data-valeur"))), theme + " share");
            assertEquals(expected.movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString().replace('.', ','),
                    share.getText().replaceAll("[\\s\\u00a0\\u202f]*%$", ""), theme + " share as written");
        }
        List<WebElement> rowElements = browser.findAll(By.cssSelector("#classement tbody tr[data-theme]"));
        List<String> rows = rowElements.stream().map(r -> r.getDomAttribute("data-theme")).toList();
        assertEquals(new LinkedHashSet<>(expectedOrder), new LinkedHashSet<>(rows), "one row per theme");
        assertEquals(expectedOrder.size(), rows.size(), "one row per theme");
        List<Integer> ranks = rowElements.stream().map(r -> digits(r.findElement(By.className("rang")).getText()))
                .filter(r -> !r.isEmpty()).map(Integer::valueOf).toList();
        assertEquals(ranks.stream().sorted().toList(), ranks, "the rows in rank order, withheld last: " + rows);
        assertEquals(bars.size(), ranks.size(), "a rank for each theme shown");
        List<String> drawn = browser.findAll(By.cssSelector("#graphique-classement rect[data-theme]")).stream()
                .map(r -> r.getDomAttribute("data-theme")).toList();
        assertEquals(bars, new LinkedHashSet<>(drawn), "one bar per theme shown");
        assertEquals(bars.size(), drawn.size(), "one bar per theme shown");
        return bars.size();
    }

    static String digits(String text) {
        return text.replaceAll("[^0-9]", "");
    }
}
