package fr.barometre.survey.api;

import fr.barometre.survey.testing.EmbeddedPostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document, health and metrics are open to anonymous callers, and complete. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class ServiceDocumentsTest {

    @Test
    void healthIsUpAndOpen() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetricsAreServed() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("outbox_pending"));
    }

    @Test
    void everyOperationHasASummaryAndDocumentsItsErrorsAsProblems() {
        JsonPath doc = given().accept("application/json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        assertFalse(paths.isEmpty());
        int operations = 0;
        for (var path : paths.entrySet()) {
            for (var op : path.getValue().entrySet()) {
                if (!List.of("get", "put", "post", "patch", "delete").contains(op.getKey())) {
                    continue;
                }
                operations++;
                @SuppressWarnings("unchecked")
                Map<String, Object> operation = (Map<String, Object>) op.getValue();
                String where = op.getKey().toUpperCase() + " " + path.getKey();
                assertNotNull(operation.get("summary"), where + " has no summary");
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
                for (String status : List.of("401", "403")) {
                    assertTrue(responses.containsKey(status), where + " does not document " + status);
                }
                responses.forEach((status, response) -> {
                    if (status.startsWith("4") || status.startsWith("5")) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> content = (Map<String, Object>) response.get("content");
                        assertTrue(content != null && content.containsKey("application/problem+json"),
                                where + " " + status + " is not documented as application/problem+json");
                    }
                });
            }
        }
        assertTrue(operations >= 20, "only " + operations + " operations documented");
    }

    @Test
    void headersClientsUseAreDeclared() {
        JsonPath doc = given().accept("application/json").get("/q/openapi").then().extract().jsonPath();
        String put = "paths.'/campaigns/{code}/responses/{siren}'.put";
        assertTrue(doc.getList(put + ".parameters.name").contains("If-Match"));
        assertTrue(doc.getList(put + ".parameters.name").contains("If-None-Match"));
        assertNotNull(doc.get(put + ".responses.'200'.headers.ETag"));
        assertNotNull(doc.get(put + ".responses.'201'.headers.Location"));
        assertTrue(doc.getList("paths.'/campaigns/{code}/responses/{siren}/submission'.post.parameters.name")
                .contains("Idempotency-Key"));
        assertEquals("bearer", doc.getString("components.securitySchemes.keycloak.scheme"));
        given().accept("application/json").get("/q/openapi").then()
                .body("components.schemas.Problem.properties.keySet()", hasItem("errors"));
    }
}
