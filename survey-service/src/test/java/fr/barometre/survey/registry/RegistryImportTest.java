package fr.barometre.survey.registry;

import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/** The admin import of Etalab files upserts and reports what changed; networks stay the admins'. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class RegistryImportTest {

    private static final String COMMUNES = """
            [{"code": "01002", "nom": "L'Abergement-de-Varey", "type": "commune-actuelle", "departement": "01", "region": "84",
              "siren": "210100020", "population": %d},
             {"code": "01998", "nom": "Nouvelle-Commune", "type": "commune-actuelle", "departement": "01", "region": "84",
              "siren": "999900012", "population": 4100},
             {"code": "01999", "nom": "Ancienne-Commune", "type": "commune-deleguee", "departement": "01", "region": "84",
              "siren": "999900020", "population": 12}]""";
    private static final String EPCI = """
            [{"code": "999900020", "nom": "CC Nouvelle", "type": "CC", "populationMunicipale": 4370,
              "membres": [{"code": "01002", "siren": "210100020"}, {"code": "01998", "siren": "999900012"}]}]""";

    private static ValidatableResponse upload(String communes, String epci) {
        return given().auth().oauth2(Tokens.admin())
                .multiPart("communes", "communes.json", communes.getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("epci", "epci.json", epci.getBytes(StandardCharsets.UTF_8), "application/json")
                .post("/collectivities/import").then();
    }

    @Test
    void importAddsUpdatesAndLeavesUnchangedThenKeepsNetworks() {
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"networks\": [\"INTERCONNECTES\"]}")
                .patch("/collectivities/210100020").then().statusCode(200);

        upload(COMMUNES.formatted(275), EPCI).statusCode(200)
                .body("added", equalTo(2))      // the new commune and the new EPCI; the delegated commune is no authority
                .body("updated", equalTo(1))    // the population changed
                .body("unchanged", equalTo(0));

        given().auth().oauth2(Tokens.analyst()).get("/collectivities/210100020").then()
                .body("population", equalTo(275))
                .body("networks", contains("INTERCONNECTES"));
        given().auth().oauth2(Tokens.analyst()).get("/collectivities/999900020").then().statusCode(200)
                .body("kind", equalTo("EPCI_CC")).body("departement", equalTo("01")).body("stratum", equalTo("S2"));

        upload(COMMUNES.formatted(275), EPCI).statusCode(200)
                .body("added", equalTo(0)).body("updated", equalTo(0)).body("unchanged", equalTo(3));
    }

    @Test
    void swappedFilesAreRefusedAndChangeNothing() {
        upload(EPCI, COMMUNES.formatted(300)).statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(Tokens.analyst()).get("/collectivities/210100020").then().body("population", org.hamcrest.Matchers.not(equalTo(300)));
    }

    @Test
    void bothFilesAreRequired() {
        given().auth().oauth2(Tokens.admin())
                .multiPart("communes", "communes.json", "[]".getBytes(StandardCharsets.UTF_8), "application/json")
                .post("/collectivities/import").then().statusCode(422)
                .body("errors.field", contains("epci"));
    }

    @Test
    void onlyAdminsImport() {
        given().auth().oauth2(Tokens.analyst())
                .multiPart("communes", "communes.json", "[]".getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("epci", "epci.json", "[]".getBytes(StandardCharsets.UTF_8), "application/json")
                .post("/collectivities/import").then().statusCode(403);
    }
}
