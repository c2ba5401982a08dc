package fr.barometre.reporting.publication;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Publication freezes an edition: the public reads the snapshot, later facts leave it alone until the next publication. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class PublicationTest {

    @Test
    void laterFactsDoNotChangeThePublishedFiguresUntilTheNextPublication() {
        String code = "pub-2025";
        for (int i = 1; i <= 5; i++) {
            fact(code, siren(6, i)).allAt(i <= 3 ? 3 : 0).level("DIA-PLAN-FORMATION", i <= 3 ? 3 : 0).deliver();
        }
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + code + "/publication").then().statusCode(200)
                .body("campaign", equalTo(code)).body("authorities", equalTo(5)).body("publishedBy", equalTo("admin"))
                .body("publishedAt", notNullValue());
        given().get("/barometers/" + code).then().statusCode(200)
                .body("edition.source", equalTo("PUBLISHED")).body("themes[6].share", equalTo(0.6f));

        fact(code, siren(6, 4)).version(2).allAt(4).level("DIA-PLAN-FORMATION", 4).deliver();   // a rescoring
        fact(code, siren(6, 6)).allAt(3).level("DIA-PLAN-FORMATION", 3).deliver();              // a new authority

        given().get("/barometers/" + code).then().statusCode(200)
                .body("themes[6].respondents", equalTo(5)).body("themes[6].share", equalTo(0.6f));
        given().get("/barometers/" + code + "?stratum=S1").then().statusCode(200).body("themes[6].share", equalTo(0.6f));
        given().get("/barometers/" + code + "/questions/DIA-PLAN-FORMATION").then().statusCode(200)
                .body("answers[3].count", equalTo(3)).body("answers[4].count", equalTo(0));
        given().auth().oauth2(Tokens.partner(List.of(), List.of())).get("/barometers/" + code).then().statusCode(200)
                .body("themes[6].share", equalTo(0.6f));
        given().auth().oauth2(Tokens.respondent(siren(6, 1))).get("/barometers/" + code).then().statusCode(200)
                .body("themes[6].share", equalTo(0.6f));
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + code + "?published=true").then().statusCode(200)
                .body("edition.source", equalTo("PUBLISHED")).body("themes[6].share", equalTo(0.6f));
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + code).then().statusCode(200)
                .body("edition.source", equalTo("LIVE")).body("themes[6].respondents", equalTo(6)).body("themes[6].share", equalTo(0.8333f));

        given().auth().oauth2(Tokens.admin()).post("/barometers/" + code + "/publication").then().statusCode(200).body("authorities", equalTo(6));
        given().get("/barometers/" + code).then().statusCode(200)
                .body("themes[6].respondents", equalTo(6)).body("themes[6].share", equalTo(0.8333f));
    }

    @Test
    void thePublicReadsNothingOfAnUnpublishedEdition() {
        String code = "pub-2026";
        for (int i = 1; i <= 5; i++) {
            fact(code, siren(6, 10 + i)).allAt(3).level("DIA-PLAN-FORMATION", 3).deliver();
        }
        for (String path : new String[] {"", "/strata", "/questions/DIA-PLAN-FORMATION", "/export.csv"}) {
            given().get("/barometers/" + code + path).then().statusCode(404).contentType("application/problem+json");
            given().auth().oauth2(Tokens.partner(List.of("INTERCONNECTES"), List.of())).get("/barometers/" + code + path).then().statusCode(404);
            given().auth().oauth2(Tokens.analyst()).get("/barometers/" + code + path).then().statusCode(200);
        }
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + code + "?published=true").then().statusCode(404);
    }

    @Test
    void onlyAdminsPublish() {
        String code = "pub-2027";
        fact(code, siren(6, 21)).allAt(3).deliver();
        given().post("/barometers/" + code + "/publication").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(Tokens.analyst()).post("/barometers/" + code + "/publication").then().statusCode(403);
        given().auth().oauth2(Tokens.partner(List.of(), List.of(siren(6, 21)))).post("/barometers/" + code + "/publication").then().statusCode(403);
        given().get("/barometers/" + code).then().statusCode(404);
    }

    @Test
    void anEditionWithoutFactsCannotBePublished() {
        given().auth().oauth2(Tokens.admin()).post("/barometers/pub-1900/publication").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
