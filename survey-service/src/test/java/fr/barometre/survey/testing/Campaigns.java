package fr.barometre.survey.testing;

import java.util.Arrays;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Campaigns for the tests, created and driven as admin. Every test class shares one database:
 * give each campaign a code of its own (prefixed by the class).
 */
public final class Campaigns {

    private Campaigns() {
    }

    /** An audience of exactly these SIRENs, as the JSON of a campaign's {@code audience}. */
    public static String sirens(String... sirens) {
        return "{\"sirens\": [" + Arrays.stream(sirens).map(s -> "\"" + s + "\"").collect(Collectors.joining(", ")) + "]}";
    }

    /** Creates a DRAFT campaign with the default questionnaire. */
    public static void create(String code, String audienceJson) {
        given().auth().oauth2(Tokens.admin())
                .contentType("application/json")
                .body("{\"code\": \"" + code + "\", \"audience\": " + audienceJson + "}")
                .post("/campaigns")
                .then().statusCode(201)
                .body("status", equalTo("DRAFT"));
    }

    /** Creates a campaign with the default questionnaire and opens it. */
    public static void createOpen(String code, String audienceJson) {
        create(code, audienceJson);
        given().auth().oauth2(Tokens.admin())
                .post("/campaigns/" + code + "/open")
                .then().statusCode(200)
                .body("status", equalTo("OPEN"));
    }

    public static void close(String code) {
        given().auth().oauth2(Tokens.admin())
                .post("/campaigns/" + code + "/close")
                .then().statusCode(200)
                .body("status", equalTo("CLOSED"));
    }

    /** The campaign's questionnaire document, as JSON. */
    public static String questionnaire(String code) {
        return given().auth().oauth2(Tokens.admin())
                .get("/campaigns/" + code + "/questionnaire")
                .then().statusCode(200)
                .extract().asString();
    }

    /** Sets an authority's networks (admin); use authorities no other test class uses. */
    public static void setNetworks(String siren, String... networks) {
        given().auth().oauth2(Tokens.admin())
                .contentType("application/json")
                .body("{\"networks\": [" + Arrays.stream(networks).map(n -> "\"" + n + "\"").collect(Collectors.joining(", ")) + "]}")
                .patch("/collectivities/" + siren)
                .then().statusCode(200);
    }
}
