package fr.barometre.survey.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import fr.barometre.survey.testing.Browser;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A signed-in browser opening pages, and the access token its sign-in was issued. */
final class PageSession {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Browser browser;
    private final String accessToken;

    private PageSession(Browser browser, String accessToken) {
        this.browser = browser;
        this.accessToken = accessToken;
    }

    /** A respondent of an authority, signed in through the web tenant's code flow. */
    static PageSession respondent(WireMockServer oidc, String user, String siren) {
        Browser browser = Browser.respondent(oidc, user, siren);
        return new PageSession(browser, lastIssuedAccessToken(oidc));
    }

    static PageSession of(WireMockServer oidc, Browser signedIn) {
        return new PageSession(signedIn, lastIssuedAccessToken(oidc));
    }

    /** The access token the identity provider's token endpoint issued last, for an authorization code. */
    static String lastIssuedAccessToken(WireMockServer oidc) {
        ServeEvent exchange = oidc.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith("/auth/realms/quarkus/token")
                        && e.getRequest().getBodyAsString().contains("authorization_code"))
                .max(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .orElseThrow(() -> new IllegalStateException("No authorization code was exchanged"));
        try {
            return JSON.readTree(exchange.getResponse().getBodyAsString()).path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String accessToken() {
        return accessToken;
    }

    /** Opens the page, checks its status and reads its HTML. */
    Document get(String path, int status) {
        Browser.Page page = browser.get(path);
        assertEquals(status, page.status(), () -> path + " answered " + page.status() + ": " + page.body());
        return Jsoup.parse(page.body());
    }
}
