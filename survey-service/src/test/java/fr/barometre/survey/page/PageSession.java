package fr.barometre.survey.page;

import io.restassured.response.Response;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A browser signed in as someone, opening pages. */
final class PageSession {

    private final String accessToken;

    private PageSession(String accessToken) {
        this.accessToken = accessToken;
    }

    static PageSession as(String accessToken) {
        return new PageSession(accessToken);
    }

    /** Opens the page, checks its status and reads its HTML. */
    Document get(String path, int status) {
        Response response = given().auth().oauth2(accessToken).accept("text/html").redirects().follow(false).get(path);
        assertEquals(status, response.statusCode(), () -> path + " answered " + response.statusCode() + ": " + response.asString());
        return Jsoup.parse(response.asString());
    }
}
