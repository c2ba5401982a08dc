package fr.barometre.survey.identity;

import fr.barometre.survey.security.PartnerScope;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of partner scopes and onboarding, against an in-memory directory standing in for
 * Keycloak (the real one is exercised by the end-to-end tests).
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class IdentityResourceTest {

    private static final String LYON = "216901231";
    private static final String RENNES = "243500139";

    @Inject
    InMemoryDirectory directory;

    @BeforeEach
    void directory() {
        directory.partners.clear();
        directory.agents.clear();
        directory.partners.put("partner-demo", new PartnerScope(List.of("FRANCE_URBAINE").stream().collect(java.util.stream.Collectors.toSet()),
                java.util.Set.of(LYON)));
    }

    @Test
    void adminReadsAndWritesAPartnersScope() {
        given().auth().oauth2(Tokens.admin()).get("/partners/partner-demo/scope")
                .then().statusCode(200).body("networks", contains("FRANCE_URBAINE")).body("sirens", contains(LYON));
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"networks\": [\"INTERCONNECTES\"], \"sirens\": [\"" + RENNES + "\", \"" + LYON + "\"]}")
                .put("/partners/partner-demo/scope")
                .then().statusCode(200).body("sirens", contains(LYON, RENNES));
        assertEquals(java.util.Set.of("INTERCONNECTES"), directory.partners.get("partner-demo").networks());
    }

    @Test
    void aScopeWithInvalidOrUnknownSirensIsRefusedAndNothingIsWritten() {
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"networks\": [], \"sirens\": [\"216901232\", \"999999998\"]}")
                .put("/partners/partner-demo/scope")
                .then().statusCode(422).body("errors", hasSize(2));
        assertEquals(java.util.Set.of(LYON), directory.partners.get("partner-demo").sirens());
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"networks\": [\"NOWHERE\"]}")
                .put("/partners/partner-demo/scope")
                .then().statusCode(400);
    }

    @Test
    void anUnknownPartnerIsNotFound() {
        given().auth().oauth2(Tokens.admin()).get("/partners/nobody/scope").then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"sirens\": []}")
                .put("/partners/nobody/scope").then().statusCode(404);
    }

    @Test
    void onlyAdminsManageScopes() {
        given().auth().oauth2(Tokens.partner(List.of(), List.of(LYON))).get("/partners/partner-demo/scope").then().statusCode(403);
        given().auth().oauth2(Tokens.analyst()).contentType("application/json").body("{\"sirens\": []}")
                .put("/partners/partner-demo/scope").then().statusCode(403);
        given().get("/partners/partner-demo/scope").then().statusCode(401);
    }

    @Test
    void adminOnboardsAnAgentWithATemporaryPasswordAndRevokesIt() {
        String id = given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"email\": \"camille.martin@mairie-lyon.fr\", \"firstName\": \"Camille\", \"lastName\": \"Martin\"}")
                .post("/collectivities/" + LYON + "/agents")
                .then().statusCode(201)
                .header("Location", notNullValue())
                .body("agent.collectivity", equalTo(LYON))
                .body("temporaryPassword", notNullValue())
                .extract().path("agent.id");
        given().auth().oauth2(Tokens.admin()).get("/collectivities/" + LYON + "/agents")
                .then().statusCode(200).body("id", contains(id)).body("enabled", contains(true));
        // revoking through another authority's path reveals nothing and changes nothing
        given().auth().oauth2(Tokens.admin()).delete("/collectivities/" + RENNES + "/agents/" + id).then().statusCode(404);
        assertTrue(directory.agents.get(id).enabled());
        given().auth().oauth2(Tokens.admin()).delete("/collectivities/" + LYON + "/agents/" + id).then().statusCode(204);
        assertFalse(directory.agents.get(id).enabled());
    }

    @Test
    void aPartnerOnboardsOnlyWithinItsScope() {
        String partner = Tokens.partner(List.of(), List.of(LYON));
        given().auth().oauth2(partner).contentType("application/json").body("{\"email\": \"a@lyon.fr\"}")
                .post("/collectivities/" + LYON + "/agents").then().statusCode(201);
        given().auth().oauth2(partner).contentType("application/json").body("{\"email\": \"b@rennes.fr\"}")
                .post("/collectivities/" + RENNES + "/agents").then().statusCode(404);
        given().auth().oauth2(partner).get("/collectivities/" + RENNES + "/agents").then().statusCode(404);
        assertEquals(1, directory.agents.size());
    }

    @Test
    void respondentsAndAnalystsDoNotOnboard() {
        given().auth().oauth2(Tokens.respondent(LYON)).contentType("application/json").body("{\"email\": \"c@lyon.fr\"}")
                .post("/collectivities/" + LYON + "/agents").then().statusCode(403);
        given().auth().oauth2(Tokens.analyst()).get("/collectivities/" + LYON + "/agents").then().statusCode(403);
        assertTrue(directory.agents.isEmpty());
    }

    @Test
    void anInvalidAgentIsRefused() {
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"email\": \"not-an-email\"}")
                .post("/collectivities/" + LYON + "/agents")
                .then().statusCode(422).body("errors.field", containsInAnyOrder("email"));
        assertTrue(directory.agents.isEmpty());
    }
}
