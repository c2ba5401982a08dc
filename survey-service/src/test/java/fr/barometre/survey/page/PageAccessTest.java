package fr.barometre.survey.page;

import com.github.tomakehurst.wiremock.WireMockServer;
import fr.barometre.survey.testing.Browser;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Who may open each page, as a table of its own (the pages are not in the OpenAPI document that
 * {@code AuthorizationMatrixTest} walks): every page × anonymous, a respondent of the authority, a
 * respondent of another authority, a partner whose scope holds the authority, an analyst and an admin.
 * One authority's pages are 404 for every other respondent, exactly as the API; an anonymous browser
 * is sent to sign in.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class PageAccessTest {

    static final String RENNES = "243500139";
    static final String LYON = "216901231";
    static final String OPEN = "PA-OPEN";
    static final String DRAFT = "PA-DRAFT";
    static final List<String> CALLERS = List.of("anonymous", "respondent", "other-respondent", "partner", "analyst", "admin");

    /**
     * Page → expected answer per caller, in the order of {@link #CALLERS}: a status, or "login" for a
     * redirect to the sign-in page. "?c=" names the authority explicitly (admins, partners, analysts).
     */
    static final String TABLE = """
            GET  /                                   login 200 200 200 200 200
            GET  /reponses/PA-OPEN                   login 200 404 404 404 404
            GET  /reponses/PA-OPEN/general           login 200 404 404 404 404
            GET  /reponses/PA-OPEN/DONNEES_IA        login 200 404 404 404 404
            GET  /reponses/PA-OPEN/INCONNUE          login 404 404 404 404 404
            GET  /reponses/PA-OPEN?c=RENNES          login 200 404 200 200 200
            GET  /reponses/PA-OPEN/CYBERSECURITE?c=RENNES login 200 404 200 200 200
            GET  /reponses/PA-OPEN?c=LYON            login 404 404 404 404 404
            GET  /reponses/PA-OPEN?c=12345           login 404 404 404 404 404
            GET  /reponses/PA-DRAFT?c=RENNES         login 404 404 404 200 200
            GET  /reponses/INCONNUE?c=RENNES         login 404 404 404 404 404
            POST /reponses/PA-OPEN/general           login 303 404 404 404 404
            POST /reponses/PA-OPEN/general?c=RENNES  login 303 404 303 404 303
            GET  /reponses/PA-OPEN/resultats         login 200 404 404 404 404
            GET  /reponses/PA-OPEN/resultats?c=RENNES login 200 404 200 200 200
            GET  /reponses/PA-OPEN/resultats?c=LYON  login 404 404 404 404 404
            GET  /reponses/PA-DRAFT/resultats?c=RENNES login 404 404 404 200 200
            GET  /reponses/INCONNUE/resultats        login 404 404 404 404 404
            GET  /campagnes/PA-OPEN/participation    login 403 403 403 200 200
            GET  /campagnes/PA-DRAFT/participation   login 403 403 403 200 200
            GET  /campagnes/INCONNUE/participation   login 403 403 403 404 404
            """;

    @OidcWireMock
    WireMockServer oidc;

    @Test
    void eachPageAnswersEachCallerAsTheTableSays() {
        Campaigns.createOpen(OPEN, Campaigns.sirens(RENNES));
        Campaigns.create(DRAFT, Campaigns.sirens(RENNES));
        Map<String, Browser> browsers = new LinkedHashMap<>();
        browsers.put("anonymous", Browser.anonymous());
        browsers.put("respondent", Browser.respondent(oidc, "agent-rennes", RENNES));
        browsers.put("other-respondent", Browser.respondent(oidc, "agent-lyon", LYON));
        browsers.put("partner", Browser.partner(oidc, List.of(), List.of(RENNES)));
        browsers.put("analyst", Browser.withRoles(oidc, "analyst", "analyst"));
        browsers.put("admin", Browser.withRoles(oidc, "admin", "admin"));

        List<String> differences = new ArrayList<>();
        int cells = 0;
        for (String line : TABLE.strip().split("\n")) {
            String[] cell = line.trim().split("\\s+");
            String method = cell[0];
            String path = cell[1].replace("?c=RENNES", "?collectivite=" + RENNES).replace("?c=LYON", "?collectivite=" + LYON)
                    .replace("?c=12345", "?collectivite=12345");
            for (int i = 0; i < CALLERS.size(); i++) {
                // A fresh anonymous browser each time: each sign-in redirect leaves a state cookie, and a browser
                // collecting twenty of them sends headers too large to be read (431).
                Browser browser = i == 0 ? Browser.anonymous() : browsers.get(CALLERS.get(i));
                Browser.Page page = method.equals("GET") ? browser.get(path) : browser.post(path, form(browser, path));
                String expected = cell[2 + i];
                String got = page.status() == 302 && page.location() != null && page.location().contains("/auth/realms/quarkus")
                        ? "login" : String.valueOf(page.status());
                cells++;
                if (!expected.equals(got)) {
                    differences.add(method + " " + path + " as " + CALLERS.get(i) + ": expected " + expected + ", got " + got);
                }
                if (got.equals("404") && !page.body().contains("Page introuvable")) {
                    differences.add(method + " " + path + " as " + CALLERS.get(i) + ": a 404 without the HTML page");
                }
                if (got.equals("403") && !page.body().contains("<html lang=\"fr\">")) {
                    differences.add(method + " " + path + " as " + CALLERS.get(i) + ": a 403 without the HTML page");
                }
            }
        }
        assertEquals(List.of(), differences, "cells checked: " + cells);
        assertEquals(21 * 6, cells);
    }

    /**
     * A save of the general step with nothing answered, carrying the CSRF token and version of the
     * step's own form when the caller may open it, else the token of its home page.
     */
    private static List<Map.Entry<String, String>> form(Browser browser, String path) {
        Browser.Page page = browser.get(path);
        if (page.status() != 200 || page.hidden("version") == null) {
            page = browser.get("/");
        }
        String token = page.status() == 200 ? page.hidden("csrf-token") : null;
        String version = page.hidden("version");
        return List.of(Map.entry("csrf-token", token == null ? "none" : token), Map.entry("version", version == null ? "" : version));
    }
}
