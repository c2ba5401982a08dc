package fr.barometre.survey.page;

import com.github.tomakehurst.wiremock.WireMockServer;
import fr.barometre.survey.testing.Browser;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Responses;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.net.HttpCookie;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What protects the pages: a CSRF token on every form (a form posted without it is refused), the
 * security headers on pages and never on the API's JSON, the HTML error pages for browsers only, the
 * session cookie, the sign-out through Keycloak, and the API answering its clients exactly as before.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class PageSecurityTest {

    static final String RENNES = "243500139";
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
            + "form-action 'self' http://localhost:8180; frame-ancestors 'none'; base-uri 'none'";

    @OidcWireMock
    WireMockServer oidc;

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefusedAndNothingIsStored() {
        Campaigns.createOpen("PS-CSRF", Campaigns.sirens(RENNES));
        Browser agent = Browser.respondent(oidc, "agent-rennes-metropole", RENNES);
        String path = "/reponses/PS-CSRF/general";
        Browser.Page form = agent.get(path);
        String token = form.hidden("csrf-token");
        assertNotNull(token);

        Browser.Page missing = agent.post(path, List.of(Map.entry("version", ""), Map.entry("GOV-PORTAGE", "AUCUN")));
        Browser.Page wrong = agent.post(path, List.of(Map.entry("csrf-token", "AAAAAAAAAAAAAAAAAAAAAA"), Map.entry("version", ""),
                Map.entry("GOV-PORTAGE", "AUCUN")));
        Browser.Page submitWithout = agent.post("/reponses/PS-CSRF/envoi", List.of(Map.entry("version", "")));

        for (Browser.Page refused : List.of(missing, wrong, submitWithout)) {
            assertEquals(400, refused.status());
            assertTrue(refused.body().contains("<h1 id=\"erreur-titre\">Requête refusée</h1>"), refused.body());
            assertEquals(CSP, refused.header("Content-Security-Policy"));
        }
        given().auth().oauth2(Tokens.admin()).get(Responses.path("PS-CSRF", RENNES)).then().statusCode(404);
        assertEquals(303, agent.post(path, List.of(Map.entry("csrf-token", token), Map.entry("version", ""),
                Map.entry("GOV-PORTAGE", "AUCUN"))).status(), "with its token, the same form is taken");
    }

    @Test
    void noTokenTravelsInAUrlAndTheSessionCookieIsHttpOnlyAndLax() {
        Browser agent = Browser.respondent(oidc, "agent-rennes-metropole", RENNES);
        Browser.Page home = agent.get("/");
        assertFalse(home.body().contains("eyJ"), "no token in the page");
        HttpCookie session = agent.cookies().stream().filter(c -> c.getName().startsWith("q_session_web")).findFirst().orElseThrow();
        assertTrue(session.isHttpOnly());
        Browser.Page challenge = Browser.anonymous().get("/reponses/PS-ANY");
        assertEquals(302, challenge.status());
        assertTrue(challenge.location().contains("code_challenge_method=S256"), "PKCE");
        assertFalse(challenge.location().contains("token="), challenge.location());
        String setCookie = challenge.header("Set-Cookie");
        assertTrue(setCookie.contains("HTTPOnly") && setCookie.contains("SameSite=Lax"), setCookie);
    }

    @Test
    void signingOutIsAPostWithItsTokenThatEndsTheSessionAtKeycloak() {
        Browser agent = Browser.respondent(oidc, "agent-rennes-metropole", RENNES);
        Browser.Page home = agent.get("/");

        Browser.Page forged = agent.post("/deconnexion", List.of());
        assertEquals(400, forged.status(), "without the token: refused");
        assertEquals(200, agent.get("/").status(), "still signed in");

        Browser.Page out = agent.post("/deconnexion", List.of(Map.entry("csrf-token", home.hidden("csrf-token"))));
        assertEquals(302, out.status());
        assertTrue(out.location().contains("/auth/realms/quarkus/protocol/openid-connect/end-session"), out.location());
        assertTrue(out.location().contains("post_logout_redirect_uri=http%3A%2F%2Flocalhost%3A" + RestAssured.port + "%2F"), out.location());
        Browser.Page after = agent.get("/");
        assertEquals(302, after.status(), "signed out: back to the sign-in page");
        assertTrue(after.location().contains("/auth/realms/quarkus?"));
    }

    @Test
    void pagesCarryTheSecurityHeadersAndTheApisJsonDoesNot() {
        Browser agent = Browser.respondent(oidc, "agent-rennes-metropole", RENNES);
        Browser.Page home = agent.get("/");
        assertEquals(CSP, home.header("Content-Security-Policy"));
        assertEquals("nosniff", home.header("X-Content-Type-Options"));
        assertEquals("same-origin", home.header("Referrer-Policy"));
        assertFalse(home.body().contains("style=\""), "no inline style");
        assertFalse(home.body().contains("<script"), "no script");

        given().auth().oauth2(Tokens.admin()).get("/campaigns")
                .then().statusCode(200).contentType("application/json")
                .header("Content-Security-Policy", nullValue())
                .header("Referrer-Policy", nullValue())
                .header("Set-Cookie", nullValue());
        given().get("/static/barometre.css").then().statusCode(200).body(containsString("@media print"));
    }

    @Test
    void apiClientsAreNeverRedirectedAndBrowsersGetHtmlErrorPages() {
        given().get("/campaigns").then().statusCode(401).contentType("application/problem+json")
                .header("Location", nullValue()).header("WWW-Authenticate", equalTo("Bearer realm=\"barometre\""));
        given().accept("application/json").get("/campaigns/2025").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Tokens.respondent(RENNES)).accept("text/html,*/*").get("/campaigns/PS-NOPE")
                .then().statusCode(404).contentType("application/problem+json").header("Content-Security-Policy", nullValue());
        given().auth().oauth2(Tokens.admin()).redirects().follow(false).get("/").then().statusCode(302);   // a page, not an API path: its sign-in

        Browser browser = Browser.anonymous();
        Browser.Page unauthorized = browser.get("/campaigns");
        assertEquals(401, unauthorized.status(), "no redirect on an API path, even for a browser");
        assertTrue(unauthorized.body().contains("Connexion nécessaire"));
        Browser.Page missing = browser.get("/nulle-part");
        assertEquals(404, missing.status());
        assertTrue(missing.body().contains("<h1 id=\"erreur-titre\">Page introuvable</h1>"), missing.body());
        assertTrue(missing.body().contains("<html lang=\"fr\">"));
        assertEquals(CSP, missing.header("Content-Security-Policy"));
        assertNull(missing.header("Location"));
    }

    @Test
    void pagesAreNotApiOperations() {
        given().accept("application/json").get("/q/openapi")
                .then().statusCode(200)
                .body(not(containsString("/reponses")))
                .body(not(containsString("/deconnexion")))
                .body(not(containsString("\"/\"")));
    }
}
