package fr.barometre.reporting.page;

import com.github.tomakehurst.wiremock.WireMockServer;
import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.Cookie;
import io.restassured.http.Cookies;
import io.restassured.response.Response;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The preview's sign-in through the web tenant, the whole authorization code flow against the
 * WireMock OIDC server standing in for Keycloak: the redirect with a PKCE challenge, the return with
 * a code, the code exchanged for tokens shaped as Keycloak issues them to barometre-web (roles in the
 * ACCESS token's realm_access, audience barometre-api; an ID token for barometre-web without roles),
 * then the session cookie. The roles come from the access token: an analyst sees the preview, a
 * respondent gets the 403 page. Keycloak's own login page is proven in deploy/e2e.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class PreviewSignInTest {

    @OidcWireMock
    WireMockServer oidc;

    @BeforeEach
    void load() {
        PageFixtures.load();
    }

    /** Keycloak's answer to the code exchange for this user: its tokens, the roles in the access token only. */
    private void tokensFor(String code, String user, String role, String collectivity) {
        var access = Tokens.claims(user, role).claim("azp", "barometre-web");
        var id = io.smallrye.jwt.build.Jwt.claims().issuer(Tokens.ISSUER).audience("barometre-web").subject(user)
                .preferredUserName(user).claim("azp", "barometre-web");
        if (collectivity != null) {
            access.claim("collectivity", collectivity);
            id.claim("collectivity", collectivity);
        }
        String body = "{\"access_token\":\"" + Tokens.sign(access) + "\",\"id_token\":\"" + Tokens.sign(id)
                + "\",\"token_type\":\"Bearer\",\"expires_in\":300}";
        oidc.stubFor(post(urlPathEqualTo("/auth/realms/quarkus/token")).atPriority(1)
                .withRequestBody(containing("code=" + code))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
    }

    private Cookie session;

    /** Opens the preview, goes through the sign-in with this code, and opens the preview again with the session. */
    private Response signedIn(String code) {
        String path = "/apercu/editions/" + PageFixtures.UNPUBLISHED;
        Response challenge = given().redirects().follow(false).accept(EditionPageTest.BROWSER).get(path);
        assertEquals(302, challenge.statusCode());
        Map<String, String> query = query(URI.create(challenge.header("Location")));
        assertEquals("barometre-web", query.get("client_id"));
        assertEquals("S256", query.get("code_challenge_method"));
        assertNotNull(query.get("code_challenge"));
        URI back = URI.create(query.get("redirect_uri"));
        Response callback = given().redirects().follow(false).cookies(challenge.detailedCookies()).accept(EditionPageTest.BROWSER)
                .get(back.getPath() + "?code=" + code + "&state=" + query.get("state"));
        assertEquals(302, callback.statusCode(), callback.asString());
        session = callback.detailedCookies().asList().stream().filter(c -> c.getName().startsWith("q_session_web")).findFirst()
                .orElseThrow(() -> new AssertionError("a session cookie: " + callback.headers()));
        assertTrue(session.isHttpOnly(), "HttpOnly");
        assertEquals("lax", session.getSameSite().toLowerCase());
        return given().redirects().follow(false).cookies(new Cookies(session)).accept(EditionPageTest.BROWSER).get(path);
    }

    @Test
    void anAnalystSignsInAndSeesTheLiveFiguresUnderTheBanner() {
        tokensFor("page-analyst", "analyst", "analyst", null);
        Response page = signedIn("page-analyst");
        assertEquals(200, page.statusCode(), page.asString());
        Document doc = Jsoup.parse(page.asString());
        assertTrue(doc.getElementById("apercu").text().contains("aperçu — non publié"));
        assertTrue(doc.getElementById("apercu").text().contains("analyst"), "the ID token names the person");
        assertEquals("LIVE", doc.selectFirst("h1").attr("data-source"));
        // signing out: RP-initiated logout at the provider, back to the home page
        Response out = given().redirects().follow(false).cookies(new Cookies(session)).accept(EditionPageTest.BROWSER).get("/deconnexion");
        assertEquals(302, out.statusCode());
        Map<String, String> logout = query(URI.create(out.header("Location")));
        assertTrue(URI.create(logout.get("post_logout_redirect_uri")).getPath().equals("/"), out.header("Location"));
        assertNotNull(logout.get("id_token_hint"));
    }

    @Test
    void aRespondentWhoSignsInGetsNoPreview() {
        tokensFor("page-respondent", "agent-lyon", "respondent", "216901231");
        Response page = signedIn("page-respondent");
        assertEquals(403, page.statusCode());
        assertTrue(page.contentType().startsWith("text/html"));
        assertEquals("Accès refusé", Jsoup.parse(page.asString()).selectFirst("h1").text());
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
