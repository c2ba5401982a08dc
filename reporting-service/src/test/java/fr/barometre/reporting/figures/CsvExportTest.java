package fr.barometre.reporting.figures;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The open-data export: one header row, per theme a row overall and one per stratum, methodology in the columns. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class CsvExportTest {

    @Test
    void theExportHasOneHeaderAndARowPerThemeOverallAndPerStratum() {
        String code = "csv-2025";
        int[] dia = {4, 3, 3, 1, 0};   // engaged 3 of 5, mean (100+75+75+25+0)/5 = 55
        for (int i = 0; i < dia.length; i++) {
            fact(code, siren(10, i + 1)).stratum(i < 3 ? "S1" : "S2").allAt(2).theme("DONNEES_IA", String.valueOf(dia[i] * 25), dia[i], dia[i] >= 3).deliver();
        }
        String csv = given().auth().oauth2(Tokens.analyst()).get("/barometers/" + code + "/export.csv").then().statusCode(200)
                .contentType(containsString("text/csv")).contentType(containsString("UTF-8"))
                .header("Content-Disposition", containsString("barometre-" + code + ".csv"))
                .extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals(1 + 7 + 6 * 7, lines.length);
        assertEquals("campaign,source,published_at,model,confidentiality_threshold,scope,stratum,theme,respondents,engaged,share,mean_score,"
                + "level_0,level_1,level_2,level_3,level_4,withheld,withheld_reason", lines[0]);
        assertEquals(code + ",LIVE,,barometre-v1,5,overall,,DONNEES_IA,5,3,0.6000,55.00,1,1,0,2,1,false,", lines[7]);
        assertEquals(code + ",LIVE,,barometre-v1,5,stratum,S1,DONNEES_IA,3,3,1.0000,83.33,0,0,0,2,1,false,", lines[7 + 7]);
        assertEquals(code + ",LIVE,,barometre-v1,5,stratum,S2,DONNEES_IA,2,0,0.0000,12.50,1,1,0,0,0,false,", lines[7 + 14]);
        assertEquals(code + ",LIVE,,barometre-v1,5,stratum,S3,DONNEES_IA,0,0,,,0,0,0,0,0,false,", lines[7 + 21]);
    }
}
