package fr.barometre.reporting.page;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.testing.AuthorizationTable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may open each page: every row of {@code page-access.tsv} opened by a browser as each kind of
 * person, one test per column (the person signed in with {@code @TestSecurity}, as the web tenant's
 * session would make it). The sign-in itself, through Keycloak's login page, is proven by the browser
 * tests of deploy/e2e.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class PageAccessTest {

    static final List<String> PEOPLE = List.of("anonymous", "respondent", "partner", "analyst", "admin");

    @BeforeEach
    void load() {
        PageFixtures.load();
    }

    @Test
    void anonymous() throws Exception {
        column("anonymous");
        // the sign-in it is sent to: the web client, PKCE S256, a state cookie HttpOnly and SameSite=Lax
        Response redirect = given().redirects().follow(false).accept(EditionPageTest.BROWSER).get("/apercu/editions/" + PageFixtures.UNPUBLISHED);
        String location = redirect.header("Location");
        assertTrue(location.contains("client_id=barometre-web") && location.contains("code_challenge="), location);
        String cookie = redirect.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith("q_auth")).findFirst().orElseThrow();
        assertTrue(cookie.toLowerCase().contains("httponly") && cookie.toLowerCase().contains("samesite=lax"), cookie);
        // API paths are never redirected: no credential is anonymous or 401, as before
        given().redirects().follow(false).accept("application/json").get("/barometers/" + PageFixtures.EDITION + "/collectivities/072000001")
                .then().statusCode(401).contentType("application/problem+json");
        Response page401 = given().redirects().follow(false).accept(EditionPageTest.BROWSER)
                .get("/barometers/" + PageFixtures.EDITION + "/collectivities/072000001");
        assertEquals(401, page401.statusCode());
        assertTrue(page401.asString().contains("Connexion requise"));
    }

    @Test
    @TestSecurity(user = "agent-lyon", roles = "respondent")
    void respondent() throws Exception {
        column("respondent");
    }

    @Test
    @TestSecurity(user = "service-account-partner-demo", roles = "partner")
    void partner() throws Exception {
        column("partner");
    }

    @Test
    @TestSecurity(user = "analyst", roles = "analyst")
    void analyst() throws Exception {
        column("analyst");
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void admin() throws Exception {
        column("admin");
    }

    private static void column(String person) throws Exception {
        Map<String, List<String>> table;
        try (InputStream in = PageAccessTest.class.getResourceAsStream("/page-access.tsv")) {
            table = AuthorizationTable.read(in, PEOPLE);
        }
        int column = PEOPLE.indexOf(person);
        List<String> mismatches = new ArrayList<>();
        table.forEach((page, cells) -> {
            String path = page.substring("GET ".length()).replace("{published}", PageFixtures.EDITION)
                    .replace("{unpublished}", PageFixtures.UNPUBLISHED);
            Response response = given().redirects().follow(false).accept(EditionPageTest.BROWSER).get(path);
            int status = response.statusCode();
            String body = status / 100 == 3 ? response.header("Location") : response.asString();
            String expected = cells.get(column);
            if (!AuthorizationTable.matches(expected, status, body)) {
                mismatches.add(page + " as " + person + ": expected " + expected + ", got " + status
                        + (status / 100 == 3 ? " to " + body : ""));
            }
            if (status != 302 && !(response.contentType().startsWith("text/html") && response.header(PageHeaders.CSP) != null)) {
                mismatches.add(page + " as " + person + ": a page with its headers expected, got " + response.contentType());
            }
        });
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }
}
