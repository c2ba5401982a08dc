package fr.barometre.reporting.page;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.test.security.TestSecurity;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static fr.barometre.reporting.page.PageFixtures.EDITION;
import static fr.barometre.reporting.page.PageFixtures.PREVIOUS;
import static fr.barometre.reporting.page.PageFixtures.UNPUBLISHED;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pages read as a browser does (HTML parsed with jsoup), compared with the JSON API for the same
 * edition and filters: the figures are the API's, withheld ones are written and never drawn, filters
 * are links, failures are pages for browsers and problem documents for API clients.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class EditionPageTest {

    static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @BeforeEach
    void load() {
        PageFixtures.load();
    }

    static Document page(String path) {
        Response response = given().accept(BROWSER).get(path);
        assertEquals(200, response.statusCode(), path + ": " + response.asString());
        assertTrue(response.contentType().startsWith("text/html"), response.contentType());
        keep(path, response.asString());
        return Jsoup.parse(response.asString(), "http://localhost" + path);
    }

    /** Each page read is kept under target/pages/ for review (open it beside target/classes/META-INF/resources/static/). */
    static void keep(String path, String html) {
        try {
            java.nio.file.Path dir = java.nio.file.Path.of("target", "pages");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(dir.resolve(path.replaceAll("[^A-Za-z0-9-]+", "_") + ".html"), html);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The ranking table of a page: theme → its row. */
    static Map<String, Element> rankingRows(Document page) {
        Map<String, Element> rows = new LinkedHashMap<>();
        Element table = page.getElementById("classement");
        assertNotNull(table, "the ranking table #classement");
        table.select("tbody tr[data-theme]").forEach(row -> rows.put(row.attr("data-theme"), row));
        return rows;
    }

    /** Every theme's row holds the API's figures: share, rank, respondents, engaged; the order is the ranking's. */
    static void assertRankingEqualsApi(Document page, JsonPath api) {
        Map<String, Element> rows = rankingRows(page);
        List<Map<String, Object>> themes = api.getList("themes");
        assertEquals(7, rows.size());
        int previousRank = 0;
        for (Element row : rows.values()) {
            Map<String, Object> theme = themes.stream().filter(t -> t.get("theme").equals(row.attr("data-theme"))).findFirst().orElseThrow();
            if (Boolean.TRUE.equals(theme.get("withheld"))) {
                assertNotNull(row.selectFirst("td.secret"), "a withheld theme is written as such");
                continue;
            }
            Element share = row.selectFirst("td.part");
            assertEquals(0, new BigDecimal(share.attr("data-valeur")).compareTo(new BigDecimal(theme.get("share").toString())), row.toString());
            BigDecimal percent = new BigDecimal(theme.get("share").toString()).movePointRight(2).setScale(1, java.math.RoundingMode.HALF_UP);
            assertEquals(percent.toPlainString().replace('.', ',') + " %", text(share));
            assertEquals(theme.get("respondents").toString(), digits(row.selectFirst("td.repondants").text()));
            assertEquals(theme.get("engaged").toString(), digits(row.selectFirst("td.engagees").text()));
            int rank = Integer.parseInt(digits(row.selectFirst("td.rang").text()));
            assertEquals(theme.get("rank"), rank);
            assertTrue(rank >= previousRank, "rows in ranking order");
            previousRank = rank;
        }
    }

    /** The element's text, non-breaking spaces as spaces. */
    static String text(Element e) {
        return e.text().replace('\u00a0', ' ');
    }

    static String digits(String text) {
        return text.replaceAll("[^0-9]", "");
    }

    @Test
    void theRankingTableAndItsChartAreTheApiFigures() {
        Document page = page("/editions/" + EDITION);
        JsonPath api = given().get("/barometers/" + EDITION).then().statusCode(200).extract().jsonPath();
        assertRankingEqualsApi(page, api);
        // hand-computed: SERVICES_AGENTS 11/12 first, NUMERIQUE_RESPONSABLE 1/12 last of the six shown
        assertEquals("0.9167", rankingRows(page).get("SERVICES_AGENTS").selectFirst("td.part").attr("data-valeur"));
        assertEquals("1er", rankingRows(page).get("SERVICES_AGENTS").selectFirst("td.rang").text());
        Element chart = page.getElementById("graphique-classement");
        assertNotNull(chart);
        assertEquals(6, chart.select("rect[data-theme]").size(), "one bar per theme shown");
        for (Element bar : chart.select("rect[data-theme]")) {
            Element share = rankingRows(page).get(bar.attr("data-theme")).selectFirst("td.part");
            assertTrue(text(bar.selectFirst("title")).endsWith(text(share)), "the bar says its value: " + bar);
        }
        assertEquals("Édition " + EDITION + " — Baromètre", page.title());
        assertEquals("fr", page.selectFirst("html").attr("lang"));
        assertNotNull(page.selectFirst("a[href=#contenu]"));
        assertNotNull(page.selectFirst("main#contenu"));
    }

    @Test
    void aWithheldCellShowsTheMentionAndTheReasonNeverANumberNorABar() {
        Document page = page("/editions/" + EDITION);
        String reason = given().get("/barometers/" + EDITION).then().extract().jsonPath()
                .getString("themes.find { it.theme == 'DONNEES_IA' }.withheldReason");
        assertEquals("fewer than 5 authorities", reason);
        String reasonOnThePage = "moins de 5 collectivités";
        Element row = rankingRows(page).get("DONNEES_IA");
        Element cell = row.selectFirst("td.secret");
        assertNotNull(cell, row.toString());
        assertTrue(cell.text().contains("secret statistique"), cell.text());
        assertTrue(cell.text().contains(reasonOnThePage), "the API's reason, in French: " + cell.text());
        assertEquals("fr", cell.selectFirst(".motif").attr("lang"));
        assertEquals("", digits(row.text().replace(reasonOnThePage, "")), "no figure in a withheld row: " + row.text());
        assertTrue(row.select("[data-valeur]").isEmpty());
        assertTrue(page.select("svg rect[data-theme=DONNEES_IA]:not([data-edition])").isEmpty(), "no bar for a withheld figure");
        assertTrue(page.getElementById("graphique-classement").text().contains("secret statistique"));
        // the same in the strata table: S1 has 3 authorities with a score on DONNEES_IA
        Element strata = page.getElementById("strates").selectFirst("tr[data-theme=DONNEES_IA] td[data-strate=S1]");
        assertTrue(strata.hasClass("secret") && strata.text().contains("secret statistique"), strata.toString());
        assertTrue(page.select("#graphique-strates rect[data-theme=DONNEES_IA]").isEmpty());
    }

    @Test
    void aFilterLinkGivesAnotherViewWithItsOwnFigures() {
        Document page = page("/editions/" + EDITION);
        Element link = page.select("a[data-filtre=stratum]").stream().filter(a -> a.text().equals("S2")).findFirst().orElseThrow();
        String href = link.attr("href");
        assertEquals("/editions/" + EDITION + "?stratum=S2", href);
        Document filtered = page(href);
        JsonPath api = given().queryParam("stratum", "S2").get("/barometers/" + EDITION).then().statusCode(200).extract().jsonPath();
        assertRankingEqualsApi(filtered, api);
        assertNotEquals(rankingRows(page).get("SERVICES_AGENTS").selectFirst("td.part").attr("data-valeur"),
                rankingRows(filtered).get("SERVICES_AGENTS").selectFirst("td.part").attr("data-valeur"));
        assertEquals("0.8333", rankingRows(filtered).get("SERVICES_AGENTS").selectFirst("td.part").attr("data-valeur"));   // 5/6
        // the form asks the same by GET, its fields named as the API's parameters
        Element form = filtered.getElementById("formulaire-filtres");
        assertEquals("get", form.attr("method"));
        assertEquals("S2", form.selectFirst("select[name=stratum] option[selected]").attr("value"));
        for (String name : List.of("kind", "network", "region")) {
            assertNotNull(form.selectFirst("select[name=" + name + "]"), name);
        }
        assertTrue(filtered.getElementById("vue").text().contains("S2"));
    }

    @Test
    void theChangeSinceThePreviousEditionIsDrawnAndWritten() {
        Document page = page("/editions/" + EDITION);
        JsonPath api = given().get("/barometers/" + EDITION).then().extract().jsonPath();
        assertEquals(PREVIOUS, api.getString("comparedTo"));
        Element row = page.getElementById("evolution").selectFirst("tr[data-theme=NUMERIQUE_RESPONSABLE]");
        // 1/12 now, 1/2 before: −41.67 points
        assertEquals(api.getString("themes.find { it.theme == 'NUMERIQUE_RESPONSABLE' }.previous.differencePoints"),
                row.selectFirst("td.ecart").attr("data-valeur"));
        assertEquals("-41.67", row.selectFirst("td.ecart").attr("data-valeur"));
        assertEquals(api.getString("themes.find { it.theme == 'NUMERIQUE_RESPONSABLE' }.previous.rankChange"),
                row.selectFirst("td.rang-evolution").attr("data-valeur"));
        // six themes shown now, seven then (DONNEES_IA had 10 respondents in the previous edition)
        assertEquals(6, page.select("#graphique-evolution rect[data-theme][data-edition=" + EDITION + "]").size());
        assertEquals(7, page.select("#graphique-evolution rect[data-theme][data-edition=" + PREVIOUS + "]").size());
        assertTrue(page.select("#section-evolution li").stream().anyMatch(li -> li.text().startsWith("Numérique responsable : 50,0")));
    }

    @Test
    void theStrataTableIsTheApiStrata() {
        Document page = page("/editions/" + EDITION);
        JsonPath api = given().get("/barometers/" + EDITION + "/strata").then().extract().jsonPath();
        Element cell = page.getElementById("strates").selectFirst("tr[data-theme=SERVICES_AGENTS] td[data-strate=S1]");
        assertEquals(0, new BigDecimal(api.getString("themes.find { it.theme == 'SERVICES_AGENTS' }.strata.find { it.stratum == 'S1' }.share"))
                .compareTo(new BigDecimal(cell.attr("data-valeur"))));
        assertEquals("1.0000", cell.attr("data-valeur"));
        assertFalse(page.select("#graphique-strates rect[data-theme=SERVICES_AGENTS][data-strate=S2]").isEmpty());
    }

    @Test
    void theCrossAnalysisIsTheApiCross() {
        Document page = page("/editions/" + EDITION);
        JsonPath api = given().queryParam("question", "GOV-PORTAGE").get("/barometers/" + EDITION + "/cross").then().statusCode(200)
                .extract().jsonPath();
        Element table = page.getElementById("croisement");
        assertNotNull(table);
        List<Map<String, Object>> answers = api.getList("answers");
        assertEquals(answers.size(), table.select("tbody tr[data-reponse]").size());
        int bars = 0;
        for (Map<String, Object> answer : answers) {
            String key = answer.get("answer") == null ? CrossSection.UNANSWERED : answer.get("answer").toString();
            Element row = table.selectFirst("tr[data-reponse=" + key + "]");
            assertNotNull(row, key);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> themes = (List<Map<String, Object>>) answer.get("themes");
            for (Map<String, Object> theme : themes) {
                Element cell = row.selectFirst("td[data-theme=" + theme.get("theme") + "]");
                if (Boolean.TRUE.equals(theme.get("withheld"))) {
                    assertTrue(cell.hasClass("secret") && cell.text().contains("secret statistique"), cell.toString());
                    String reason = Model.Secret.inFrench(theme.get("withheldReason").toString());
                    assertTrue(cell.text().contains(reason), cell.toString());
                    assertEquals("", digits(cell.text().replace(reason, "")));
                } else if (theme.get("share") != null) {
                    assertEquals(0, new BigDecimal(theme.get("share").toString()).compareTo(new BigDecimal(cell.attr("data-valeur"))), cell.toString());
                    bars++;
                }
            }
        }
        // hand-computed on SERVICES_AGENTS: ELUS_SEULS (odd n) all 6 engaged; ELUS_ET_DIRECTION_GENERALE (even n) all but n = 12
        assertEquals("1.0000", table.selectFirst("tr[data-reponse=ELUS_SEULS] td[data-theme=SERVICES_AGENTS]").attr("data-valeur"));
        assertEquals("0.8333", table.selectFirst("tr[data-reponse=ELUS_ET_DIRECTION_GENERALE] td[data-theme=SERVICES_AGENTS]").attr("data-valeur"));
        assertEquals(bars, page.select("#graphique-croisement rect[data-theme][data-reponse]").size(), "one bar per share shown");
    }

    @Test
    void theMethodologyLinksTheOpenData() {
        Document page = page("/editions/" + EDITION);
        Element methodology = page.getElementById("section-methodologie");
        assertTrue(methodology.text().contains("barometre-v1"), methodology.text());
        assertTrue(methodology.text().contains("niveau sur ce thème est 3"));
        assertNotNull(methodology.selectFirst("a[href=/barometers/" + EDITION + "/export.csv]"));
        assertNotNull(methodology.selectFirst("a[href=/barometers/" + EDITION + "]"));
        assertNotNull(methodology.selectFirst("a[href=/barometers/" + EDITION + "/strata]"));
    }

    @Test
    void theHomeListsThePublishedEditionsNewestFirst() {
        Document page = page("/");
        List<String> editions = page.select("#editions tr[data-edition]").eachAttr("data-edition");
        assertTrue(editions.indexOf(EDITION) >= 0 && editions.indexOf(EDITION) < editions.indexOf(PREVIOUS), editions.toString());
        assertFalse(editions.contains(UNPUBLISHED));
        Element row = page.selectFirst("#editions tr[data-edition=" + EDITION + "]");
        assertTrue(text(row).contains("Services aux agents (91,7 %)"), row.text());
        assertTrue(text(row).contains("Numérique responsable (8,3 %)"), row.text());
        assertEquals("12", digits(row.selectFirst("td.repondants").text()));
    }

    @Test
    void aThemePageDrawsEachItemsLevelsWithAbstentionsApart() {
        Document page = page("/editions/" + EDITION + "/themes/NUMERIQUE_RESPONSABLE");
        Element item = page.getElementById("items").selectFirst("tr[data-question=NR-1]");
        assertNotNull(item);
        // NR-1 = n mod 5 for n = 1 … 12: levels 0,1,2,3,4 counted 2,3,3,2,2
        assertEquals(List.of("2", "3", "3", "2", "2"), item.select("td[data-niveau]").stream().map(td -> digits(td.selectFirst(".effectif").text())).toList());
        assertEquals(5, page.select("#graphique-niveaux rect[data-question=NR-1][data-niveau]").size());
        JsonPath api = given().get("/barometers/" + EDITION + "/questions/NR-1").then().extract().jsonPath();
        assertEquals(api.getString("answers.find { it.answer == '3' }.count"), digits(item.selectFirst("td[data-niveau=3] .effectif").text()));
        Document ia = page("/editions/" + EDITION + "/themes/DONNEES_IA");
        Element usage = ia.getElementById("question-DIA-USAGE-AGENTS");
        assertNotNull(usage);
        assertEquals("1.0000", usage.selectFirst("tr[data-reponse=ORGANISE] td.part").attr("data-valeur"));
        assertNotNull(ia.getElementById("part-theme").selectFirst(".mention"), "the theme's share is withheld");
    }

    @Test
    void anUnknownOrUnpublishedEditionIsAPageForBrowsersAndAProblemForApiClients() {
        for (String path : List.of("/editions/" + UNPUBLISHED, "/editions/no-such-edition", "/barometers/" + UNPUBLISHED,
                "/editions/" + EDITION + "/themes/NO_SUCH_THEME", "/no/such/page")) {
            Response html = given().accept(BROWSER).get(path);
            assertEquals(404, html.statusCode(), path);
            assertTrue(html.contentType().startsWith("text/html"), path + ": " + html.contentType());
            Document page = Jsoup.parse(html.asString());
            assertEquals("Page introuvable", page.selectFirst("h1").text(), path);
            assertNotNull(html.header(PageHeaders.CSP), path);
            // an API client: anything it accepts, HTML included, ranked below JSON (a page asked as JSON only is a 406 before any 404)
            for (String accept : path.startsWith("/editions/") ? new String[] {"*/*", "application/json, text/html;q=0.5"}
                    : new String[] {"application/json", "*/*", "application/json, text/html;q=0.5"}) {
                given().accept(accept).get(path).then().statusCode(404).contentType("application/problem+json");
            }
            // a bearer token marks an API client, whatever it accepts
            given().accept(BROWSER).auth().oauth2(Tokens.respondent("000000001")).get(path).then().statusCode(404)
                    .contentType("application/problem+json");
        }
        Response badFilter = given().accept(BROWSER).queryParam("stratum", "S9").get("/editions/" + EDITION);
        assertEquals(400, badFilter.statusCode());
        assertTrue(badFilter.contentType().startsWith("text/html"));
        given().queryParam("stratum", "S9").get("/editions/" + EDITION).then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void securityHeadersOnPagesNotOnTheJsonApi() {
        Response page = given().accept(BROWSER).get("/editions/" + EDITION);
        String csp = page.header(PageHeaders.CSP);
        assertNotNull(csp);
        assertTrue(csp.startsWith("default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; form-action 'self' http"), csp);
        assertTrue(csp.endsWith("; frame-ancestors 'none'; base-uri 'none'"), csp);
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertEquals("same-origin", page.header("Referrer-Policy"));
        Response css = given().get("/static/barometre.css");
        assertEquals(200, css.statusCode());
        assertEquals("nosniff", css.header("X-Content-Type-Options"));
        Response json = given().get("/barometers/" + EDITION);
        assertEquals(200, json.statusCode());
        assertNull(json.header(PageHeaders.CSP));
        assertNull(json.header("X-Content-Type-Options"));
        assertNull(json.header("Referrer-Policy"));
        Response swagger = given().get("/q/swagger-ui/");
        assertEquals(200, swagger.statusCode());
        assertNull(swagger.header(PageHeaders.CSP), "Swagger UI keeps working");
        // no inline style, no script, nothing from elsewhere
        Document doc = Jsoup.parse(page.asString());
        assertTrue(doc.select("[style], style, script").isEmpty());
        assertTrue(doc.select("link[href], img[src], a[href]").stream()
                .map(e -> e.hasAttr("href") ? e.attr("href") : e.attr("src")).allMatch(u -> u.startsWith("/") || u.startsWith("#")));
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst")
    void aRenderedPageIsNeverStaleANewFactShowsAtOnce() {
        String live = "pg-live";
        for (int n = 1; n <= 5; n++) {
            fr.barometre.reporting.testing.Facts.fact(live, fr.barometre.reporting.testing.Facts.siren(74, n)).allAt(3).deliver();
        }
        Document before = page("/apercu/editions/" + live);
        assertEquals("5", digits(rankingRows(before).get("CYBERSECURITE").selectFirst("td.repondants").text()));
        assertEquals("5", digits(page("/apercu/editions/" + live).getElementById("nombre-collectivites").text()), "the kept page, again");
        fr.barometre.reporting.testing.Facts.fact(live, fr.barometre.reporting.testing.Facts.siren(74, 6)).allAt(1).deliver();
        Document after = page("/apercu/editions/" + live);
        assertEquals("6", digits(rankingRows(after).get("CYBERSECURITE").selectFirst("td.repondants").text()));
        assertEquals("0.8333", rankingRows(after).get("CYBERSECURITE").selectFirst("td.part").attr("data-valeur"));
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst")
    void thePreviewShowsTheLiveFiguresUnderItsBanner() {
        Document page = page("/apercu/editions/" + UNPUBLISHED);
        Element banner = page.getElementById("apercu");
        assertNotNull(banner);
        assertTrue(banner.text().contains("aperçu — non publié"), banner.text());
        JsonPath live = given().auth().oauth2(Tokens.analyst()).get("/barometers/" + UNPUBLISHED).then().statusCode(200).extract().jsonPath();
        assertEquals("LIVE", live.getString("edition.source"));
        assertRankingEqualsApi(page, live);
        // the preview's links stay in the preview; the public page of the same published edition has no banner
        assertTrue(page.select("#classement a").stream().allMatch(a -> a.attr("href").startsWith("/apercu/editions/" + UNPUBLISHED + "/themes/")));
        Document theme = page("/apercu/editions/" + UNPUBLISHED + "/themes/CYBERSECURITE");
        assertNotNull(theme.getElementById("apercu"));
        assertNull(page("/editions/" + EDITION).getElementById("apercu"));
    }
}
