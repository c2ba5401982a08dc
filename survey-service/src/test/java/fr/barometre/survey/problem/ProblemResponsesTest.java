package fr.barometre.survey.problem;

import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

/** Every failure is an RFC 9457 problem document, never an HTML page or a stack trace. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class ProblemResponsesTest {

    @Test
    void unknownPathIsAProblem404() {
        given().auth().oauth2(Tokens.admin()).get("/no/such/path")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404)).body("type", notNullValue());
        given().get("/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void wrongMethodIsAProblem405() {
        given().auth().oauth2(Tokens.admin()).delete("/campaigns")
                .then().statusCode(405).contentType("application/problem+json")
                .body("status", equalTo(405)).body("title", equalTo("Method Not Allowed"));
    }

    @Test
    void unacceptableMediaTypeIsAProblem406() {
        given().auth().oauth2(Tokens.admin()).accept("application/xml").get("/campaigns")
                .then().statusCode(406).body(containsString("\"status\":406"));
    }

    @Test
    void unsupportedContentTypeIsAProblem415() {
        given().auth().oauth2(Tokens.admin()).contentType("text/plain").body("code=x")
                .post("/campaigns")
                .then().statusCode(415).contentType("application/problem+json").body("status", equalTo(415));
    }

    @Test
    void malformedJsonIsAProblem400WithoutStackTrace() {
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"code\": ")
                .post("/campaigns")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Malformed request body"))
                .body(not(containsString("at com.fasterxml")))
                .body(not(containsString("Exception")));
    }

    @Test
    void wrongTypeNamesTheField() {
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"code\": \"p-1\", \"closesAt\": \"tomorrow\"}")
                .post("/campaigns")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("closesAt"));
    }

    @Test
    void unknownFieldIsRefused() {
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"code\": \"p-2\", \"colour\": \"blue\"}")
                .post("/campaigns")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("colour"));
    }

    @Test
    void badQueryParameterIsAProblem() {
        given().auth().oauth2(Tokens.admin()).get("/collectivities?size=0")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("size"));
        given().auth().oauth2(Tokens.admin()).get("/collectivities?kind=CASTLE")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("kind"));
    }

    @Test
    void wrongRoleIsAProblem403() {
        given().auth().oauth2(Tokens.respondent("216901231")).get("/campaigns/x/participation")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
    }
}
