package fr.barometre.survey.registry;

import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class CollectivityResourceTest {

    @Test
    void shippedRegistryIsLoadedAtStartWithStrata() {
        given().auth().oauth2(Tokens.analyst())
                .get("/collectivities/216901231")
                .then().statusCode(200)
                .body("name", equalTo("Lyon"))
                .body("kind", equalTo("COMMUNE"))
                .body("stratum", equalTo("S6"))
                .body("departement", equalTo("69"))
                .body("region", equalTo("84"));
        // other tests add authorities elsewhere: count a département none of them touches
        given().auth().oauth2(Tokens.analyst())
                .get("/collectivities?kind=COMMUNE&departement=69&size=1")
                .then().statusCode(200)
                .body("total", equalTo(266));
    }

    @Test
    void searchIgnoresAccentsAndCase() {
        given().auth().oauth2(Tokens.respondent("216901231"))
                .queryParam("q", "SAINT ETIENNE")
                .queryParam("kind", "COMMUNE")
                .queryParam("departement", "42")
                .get("/collectivities")
                .then().statusCode(200)
                .body("items.name", hasItem("Saint-Étienne"))
                .body("items.kind", everyItem(equalTo("COMMUNE")))
                .body("items.departement", everyItem(equalTo("42")));
    }

    @Test
    void searchPagesThroughResults() {
        given().auth().oauth2(Tokens.analyst())
                .queryParam("kind", "METROPOLE").queryParam("size", 5).queryParam("page", 1)
                .get("/collectivities")
                .then().statusCode(200)
                .body("page", equalTo(1))
                .body("size", equalTo(5))
                .body("items.size()", equalTo(5))
                .body("total", equalTo(22));
    }

    @Test
    void anonymousCallerIsUnauthorizedWithAProblem() {
        given().get("/collectivities")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("title", equalTo("Unauthorized"));
    }

    @Test
    void invalidSirenIsRejectedNamingTheField() {
        given().auth().oauth2(Tokens.admin())
                .contentType("application/json")
                .body("{\"siren\": \"226900018\", \"name\": \"Département du Rhône\", \"kind\": \"DEPARTEMENT\"}")
                .post("/collectivities")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", contains("siren"));
    }

    @Test
    void adminCreatesAnAuthorityTheFilesLack() {
        given().auth().oauth2(Tokens.admin())
                .contentType("application/json")
                .body("{\"siren\": \"200053742\", \"name\": \"Région test\", \"kind\": \"REGION\", \"population\": 150000, \"region\": \"53\", \"networks\": [\"INTERCONNECTES\"]}")
                .post("/collectivities")
                .then().statusCode(201)
                .header("Location", startsWith("http"))
                .body("stratum", equalTo("S5"));
    }

    @Test
    void onlyAdminsCreateAuthorities() {
        given().auth().oauth2(Tokens.analyst())
                .contentType("application/json")
                .body("{\"siren\": \"226900017\", \"name\": \"Rhône\", \"kind\": \"DEPARTEMENT\"}")
                .post("/collectivities")
                .then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void adminEditsNetworksAndPopulationAndTheStratumFollows() {
        given().auth().oauth2(Tokens.admin())
                .contentType("application/json")
                .body("{\"networks\": [\"INTERCONNECTES\"], \"population\": 3500}")
                .patch("/collectivities/210100012")
                .then().statusCode(200)
                .body("networks", contains("INTERCONNECTES"))
                .body("stratum", equalTo("S2"));
    }

    @Test
    void unknownAuthorityIsAProblem404() {
        given().auth().oauth2(Tokens.analyst())
                .get("/collectivities/000000000")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", startsWith("No authority"));
    }

    @Test
    void totalCountsEveryMatch() {
        given().auth().oauth2(Tokens.analyst())
                .queryParam("kind", "EPCI_CC")
                .get("/collectivities")
                .then().statusCode(200)
                .body("total", greaterThan(900));
    }
}
