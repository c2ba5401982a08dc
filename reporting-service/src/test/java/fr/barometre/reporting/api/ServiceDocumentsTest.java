package fr.barometre.reporting.api;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.hasItem;

/** The OpenAPI document, health and metrics are served to anyone. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class ServiceDocumentsTest {

    @Test
    void theOpenApiDocumentDescribesEveryOperationAndItsProblems() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("Baromètre · reporting-service"))
                .body("components.securitySchemes.keycloak.scheme", equalTo("bearer"))
                .body("paths.'/internal/facts'.post.responses.'422'.content.'application/problem+json'", notNullValue())
                .body("paths.'/barometers/{code}'.get.summary", notNullValue())
                .body("paths.'/barometers/{code}/strata'.get", notNullValue())
                .body("paths.'/barometers/{code}/questions/{question}'.get.responses.'404'", notNullValue())
                .body("paths.'/barometers/{code}/collectivities/{siren}'.get.responses.'401'", notNullValue())
                .body("paths.'/barometers/{code}/export.csv'.get.description", containsString("withheld"))
                .body("paths.'/barometers/{code}/publication'.post.responses.'403'", notNullValue())
                .body("paths.'/barometers/{code}'.get.security", hasItem(anEmptyMap()))
                .body("paths.'/barometers/{code}'.get.security.keycloak", hasItem(notNullValue()));
    }

    @Test
    void healthAndMetricsAreServed() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("reporting_figures_cache"));
    }
}
