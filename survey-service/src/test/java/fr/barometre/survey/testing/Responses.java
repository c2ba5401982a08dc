package fr.barometre.survey.testing;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Responses for the tests, written through the REST API with the caller's token. */
public final class Responses {

    private Responses() {
    }

    public static String path(String campaign, String siren) {
        return "/campaigns/" + campaign + "/responses/" + siren;
    }

    /** Creates the draft with a first PUT; returns its ETag. */
    public static String create(String token, String campaign, String siren, List<Map<String, Object>> answers) {
        return given().auth().oauth2(token)
                .contentType("application/json")
                .body(Answers.body(answers))
                .put(path(campaign, siren))
                .then().statusCode(201)
                .body("status", equalTo("DRAFT"))
                .extract().header("ETag");
    }

    /** The current ETag, read as admin. */
    public static String etag(String campaign, String siren) {
        return given().auth().oauth2(Tokens.admin())
                .get(path(campaign, siren))
                .then().statusCode(200)
                .extract().header("ETag");
    }

    /** The current status, read as admin. */
    public static String status(String campaign, String siren) {
        return given().auth().oauth2(Tokens.admin())
                .get(path(campaign, siren))
                .then().statusCode(200)
                .extract().path("status");
    }

    /** Creates a draft with these answers and submits it; the answers must be complete. */
    public static void createAndSubmit(String token, String campaign, String siren, List<Map<String, Object>> answers) {
        create(token, campaign, siren, answers);
        given().auth().oauth2(token)
                .post(path(campaign, siren) + "/submission")
                .then().statusCode(200)
                .body("status", equalTo("SUBMITTED"));
    }
}
