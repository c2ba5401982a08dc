package fr.barometre.reporting.figures;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * One authority against its peers of the same stratum. pc-2025 (DONNEES_IA score; index; other themes at 50):
 * <pre>
 *   S2: A1 0 / 10 (network INTERCONNECTES), A2 25 / 20, A3 50 / 30, A4 50 / 40, A5 100 / 50
 *   S3: A6 75 / 60, A7 25 / 70
 *   no stratum: three more (50 / 50), so that the five of S2 are not all but two (complementary suppression)
 * </pre>
 * percent_rank in S2: DIA 0, .25, .5, .5, 1; index 0, .25, .5, .75, 1. In S3 only 2 peers: withheld
 * from respondents and partners.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class CollectivityBenchmarkTest {

    private static final String CAMPAIGN = "pc-2025";
    private static final String UNPUBLISHED = "pc-2024";
    private static final String A1 = siren(5, 1);
    private static final String A2 = siren(5, 2);
    private static final String A3 = siren(5, 3);
    private static final String A4 = siren(5, 4);
    private static final String A5 = siren(5, 5);
    private static final String A6 = siren(5, 6);
    private static boolean loaded;

    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        int[] dia = {0, 1, 2, 2, 4, 3, 1};
        for (int i = 0; i < dia.length; i++) {
            var f = fact(CAMPAIGN, siren(5, i + 1)).stratum(i < 5 ? "S2" : "S3").allAt(2)
                    .theme("DONNEES_IA", String.valueOf(dia[i] * 25), dia[i], dia[i] >= 3).index(String.valueOf(10 * (i + 1)));
            if (i == 0) {
                f.networks("INTERCONNECTES");
            }
            f.deliver();
        }
        for (int i = 0; i < 3; i++) {
            fact(CAMPAIGN, siren(5, 8 + i)).stratum(null).allAt(2).index("50").deliver();
        }
        fact(UNPUBLISHED, A3).stratum("S2").allAt(2).index("50").deliver();
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + CAMPAIGN + "/publication").then().statusCode(200);
        loaded = true;
    }

    private static String path(String campaign, String siren) {
        return "/barometers/" + campaign + "/collectivities/" + siren;
    }

    @Test
    void percentilesArePercentRanksWithinTheStratum() {
        given().auth().oauth2(Tokens.analyst()).get(path(CAMPAIGN, A3)).then().statusCode(200)
                .body("stratum", equalTo("S2"))
                .body("index.score", equalTo(30))
                .body("index.percentRank", equalTo(0.5f))
                .body("index.peers", equalTo(5))
                .body("themes[6].theme", equalTo("DONNEES_IA"))
                .body("themes[6].score", equalTo(50))
                .body("themes[6].level", equalTo(2))
                .body("themes[6].percentRank", equalTo(0.5f))
                .body("themes[6].peers", equalTo(5));
        given().auth().oauth2(Tokens.analyst()).get(path(CAMPAIGN, A5)).then().statusCode(200)
                .body("index.percentRank", equalTo(1.0f)).body("themes[6].percentRank", equalTo(1.0f));
        given().auth().oauth2(Tokens.analyst()).get(path(CAMPAIGN, A2)).then().statusCode(200)
                .body("index.percentRank", equalTo(0.25f)).body("themes[6].percentRank", equalTo(0.25f));
        given().auth().oauth2(Tokens.analyst()).get(path(CAMPAIGN, A6)).then().statusCode(200)
                .body("themes[6].percentRank", equalTo(1.0f)).body("themes[6].peers", equalTo(2));
    }

    @Test
    void aRespondentSeesItsOwnAuthorityOnly() {
        given().auth().oauth2(Tokens.respondent(A3)).get(path(CAMPAIGN, A3)).then().statusCode(200)
                .body("edition.source", equalTo("LIVE")).body("themes[6].percentRank", equalTo(0.5f));
        given().auth().oauth2(Tokens.respondent(A3)).get(path(CAMPAIGN, A4)).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void ownScoresAreWholeButPercentilesAmongTooFewPeersAreWithheld() {
        given().auth().oauth2(Tokens.respondent(A6)).get(path(CAMPAIGN, A6)).then().statusCode(200)
                .body("themes[6].score", equalTo(75))
                .body("themes[6].level", equalTo(3))
                .body("themes[6].engaged", equalTo(true))
                .body("themes[6].percentRank", nullValue())
                .body("themes[6].withheld", equalTo(true))
                .body("index.score", equalTo(60))
                .body("index.withheld", equalTo(true));
    }

    @Test
    void aPartnerSeesTheAuthoritiesOfItsScopeBySirenOrNetwork() {
        String bySiren = Tokens.partner(List.of(), List.of(A4));
        given().auth().oauth2(bySiren).get(path(CAMPAIGN, A4)).then().statusCode(200).body("siren", equalTo(A4));
        given().auth().oauth2(bySiren).get(path(CAMPAIGN, A3)).then().statusCode(404);
        String byNetwork = Tokens.partner(List.of("INTERCONNECTES"), List.of());
        given().auth().oauth2(byNetwork).get(path(CAMPAIGN, A1)).then().statusCode(200).body("siren", equalTo(A1));
        given().auth().oauth2(byNetwork).get(path(CAMPAIGN, A2)).then().statusCode(404);
    }

    @Test
    void anonymousCallersNeverReadAnAuthority() {
        given().get(path(CAMPAIGN, A3)).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void serviceAccountsDoNotReadAuthorities() {
        given().auth().oauth2(Tokens.withRoles("reporting-ingest")).get(path(CAMPAIGN, A3)).then().statusCode(403);
    }

    @Test
    void aRespondentReadsItsOwnBenchmarkBeforePublicationWithPercentilesAmongTooFewPeersWithheld() {
        given().auth().oauth2(Tokens.respondent(A3)).get(path(UNPUBLISHED, A3)).then().statusCode(200)
                .body("edition.source", equalTo("LIVE"))
                .body("index.score", equalTo(50))
                .body("index.percentRank", nullValue())
                .body("index.withheld", equalTo(true));
        given().auth().oauth2(Tokens.respondent(A4)).get(path(UNPUBLISHED, A3)).then().statusCode(404);
        given().auth().oauth2(Tokens.analyst()).get(path(UNPUBLISHED, A3)).then().statusCode(200).body("edition.source", equalTo("LIVE"));
    }

    @Test
    void anUnknownAuthorityIsNotFoundEvenForAnalysts() {
        given().auth().oauth2(Tokens.analyst()).get(path(CAMPAIGN, siren(5, 99))).then().statusCode(404);
    }
}
