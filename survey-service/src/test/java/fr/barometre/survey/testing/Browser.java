package fr.barometre.survey.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import com.github.tomakehurst.wiremock.client.WireMock;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/**
 * A browser for the page tests: cookies kept, redirects seen one by one, forms posted as browsers do.
 * A person signs in through the real authorization code flow of the web tenant, against the WireMock
 * OIDC server: its authorization endpoint answers with a code at once, and its token endpoint is
 * stubbed here to issue that person's signed ID and access tokens (verified by the service as
 * Keycloak's are).
 */
public final class Browser {

    public static final String WEB_CLIENT = "barometre-web";
    /** What a browser's navigation accepts. */
    static final String ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    private final CookieManager cookies = new CookieManager();
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();

    /** A response as the browser got it. */
    public record Page(int status, String body, java.net.http.HttpHeaders headers) {
        public String location() {
            return headers.firstValue("Location").orElse(null);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The value of a hidden field of the page's first form that has it (the CSRF token, the version). */
        public String hidden(String name) {
            Matcher m = HIDDEN.matcher(body);
            while (m.find()) {
                if (m.group(1).equals(name)) {
                    return m.group(2).replace("&quot;", "\"");
                }
            }
            return null;
        }
    }

    public static Browser anonymous() {
        return new Browser();
    }

    /** A respondent of an authority, signed in. */
    public static Browser respondent(WireMockServer oidc, String user, String siren) {
        return signIn(oidc, person(user, "respondent").claim("collectivity", siren),
                Tokens.claims(user, "respondent").claim("collectivity", siren));
    }

    /** Someone with these realm roles and no authority, signed in. */
    public static Browser withRoles(WireMockServer oidc, String user, String... roles) {
        return signIn(oidc, person(user, roles), Tokens.claims(user, roles));
    }

    /** A partner (a person with the partner role and a scope), signed in. */
    public static Browser partner(WireMockServer oidc, List<String> networks, List<String> sirens) {
        Map<String, List<String>> scope = Map.of("networks", networks, "sirens", sirens);
        return signIn(oidc, person("partner-person", "partner").claim("partner_scope", scope),
                Tokens.claims("partner-person", "partner").claim("partner_scope", scope));
    }

    /** An ID token as the realm issues it to the web client: no realm roles (they are in the access token). */
    private static JwtClaimsBuilder person(String user, String... roles) {
        return Jwt.claims().issuer(Tokens.ISSUER).audience(WEB_CLIENT).subject(user).preferredUserName(user)
                .claim("name", "Agent " + user);
    }

    /** The code flow: the page → the authorization endpoint → back with a code → the session cookie → the page. */
    private static Browser signIn(WireMockServer oidc, JwtClaimsBuilder idClaims, JwtClaimsBuilder accessClaims) {
        String idToken = Tokens.sign(idClaims.claim("azp", WEB_CLIENT));
        String accessToken = Tokens.sign(accessClaims.claim("azp", WEB_CLIENT));
        oidc.stubFor(WireMock.post(urlPathEqualTo("/auth/realms/quarkus/token"))
                .withRequestBody(containing("authorization_code"))
                .atPriority(1)
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\": \"" + accessToken + "\", \"id_token\": \"" + idToken
                                + "\", \"token_type\": \"Bearer\", \"expires_in\": 300}")));
        Browser browser = new Browser();
        Page challenge = browser.get("/");
        if (challenge.status() != 302) {
            throw new IllegalStateException("No sign-in redirect: " + challenge.status());
        }
        // The authorization server signs the person in and sends the browser back with a code and the state.
        Map<String, String> query = query(URI.create(challenge.location()).getRawQuery());
        Page callback = browser.get(query.get("redirect_uri") + "?state=" + query.get("state") + "&code=a-code");
        Page home = callback.status() == 302 ? browser.get(callback.location()) : callback;
        if (home.status() != 200 || !browser.hasSession()) {
            throw new IllegalStateException("Sign-in did not end on the home page: " + callback.status() + " " + home.status() + " " + home.body());
        }
        return browser;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new java.util.HashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    public Page get(String pathOrUrl) {
        return send(HttpRequest.newBuilder(uri(pathOrUrl)).header("Accept", ACCEPT).GET());
    }

    /** A form posted as a browser posts it, fields in order. */
    public Page post(String path, List<Map.Entry<String, String>> fields) {
        String body = fields.stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", ACCEPT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The session cookie of the web tenant, if any. */
    public boolean hasSession() {
        return cookies.getCookieStore().getCookies().stream().map(HttpCookie::getName).anyMatch(n -> n.startsWith("q_session"));
    }

    public List<HttpCookie> cookies() {
        return cookies.getCookieStore().getCookies();
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(String pathOrUrl) {
        return pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : URI.create("http://localhost:" + RestAssured.port + pathOrUrl);
    }
}
