package fr.barometre.survey.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import fr.barometre.survey.testing.Browser;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Responses;
import fr.barometre.survey.testing.SubmissionFixtures;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The analyst's participation page shows the figures of {@code GET /campaigns/{code}/participation},
 * in its table and in its chart, for a campaign inviting every authority of the registry.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class ParticipationPageTest {

    // Territoire de Belfort and Lozère, by stratum (INSEE population municipale).
    static final String FELON = "219000445";          // S1
    static final String FRAIS = "219000502";          // S1
    static final String MENDE = "214800955";          // S2
    static final String BELFORT = "219000106";        // S3
    static final String GRAND_BELFORT = "200069052";  // S5

    @OidcWireMock
    WireMockServer oidc;

    @Test
    void pageFiguresAreTheApisFigures() {
        String code = "pp-everyone";
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body(Map.of("code", code)).post("/campaigns").then().statusCode(201);
        SubmissionFixtures.openCampaign(code);
        List<Map<String, Object>> complete = SubmissionFixtures.completeAnswers(code);
        String admin = Tokens.admin();
        Responses.createAndSubmit(admin, code, FELON, complete);
        Responses.create(admin, code, FRAIS, complete);
        Responses.createAndSubmit(admin, code, MENDE, complete);
        Responses.createAndSubmit(admin, code, BELFORT, complete);
        Responses.create(admin, code, GRAND_BELFORT, complete);

        JsonNode api = SubmissionFixtures.readTree(given().auth().oauth2(Tokens.analyst())
                .get("/campaigns/" + code + "/participation").then().statusCode(200).extract().asString());
        Document page = PageSession.of(oidc, Browser.withRoles(oidc, "analyst", "analyst"))
                .get("/campagnes/" + code + "/participation", 200);

        assertEquals("Participation, campagne " + code + " — Baromètre", page.title());
        assertTrue(api.path("overall").path("audience").asLong() > 30_000, "every authority of the registry is invited");
        expectRow(page.getElementById("participation-TOTAL"), api.path("overall"));
        List<Element> bars = page.select("#participation-graphique g.barre");
        assertEquals(6, bars.size());
        for (int i = 0; i < 6; i++) {
            JsonNode stratum = api.path("byStratum").get(i);
            String name = stratum.path("stratum").asText();
            JsonNode counts = stratum.path("counts");
            expectRow(page.getElementById("participation-" + name), counts);
            assertTrue(page.getElementById("participation-" + name).child(0).text().startsWith(name + " · "));

            Element bar = bars.get(i);
            String label = plain(bar.select("text").get(0).text());
            assertTrue(label.startsWith(name + " · "), label);
            assertTrue(label.endsWith(": " + counts.path("audience").asLong() + " invitées"), label);
            String caption = plain(bar.select("text").get(1).text());
            assertTrue(caption.startsWith(counts.path("submitted").asLong() + " envoyées"), caption);
            assertTrue(caption.contains(counts.path("drafts").asLong() + " en cours"), caption);
            assertTrue(caption.endsWith(counts.path("notStarted").asLong() + " non commencées"), caption);
            List<Element> rects = bar.select("rect");
            double whole = Double.parseDouble(rects.get(0).attr("width"));
            assertEquals(whole * counts.path("submitted").asLong() / counts.path("audience").asLong(),
                    Double.parseDouble(rects.get(1).attr("width")), 0.05, name + ": the solid part is the submitted share");
            assertEquals(whole * counts.path("drafts").asLong() / counts.path("audience").asLong(),
                    Double.parseDouble(rects.get(2).attr("width")), 0.05, name + ": the hatched part is the drafts' share");
        }
        // Some counts of this campaign, as the seeded responses make them.
        assertEquals(2, api.path("byStratum").get(0).path("counts").path("drafts").asLong() + api.path("byStratum").get(0).path("counts").path("submitted").asLong());
        assertEquals(3, api.path("overall").path("submitted").asLong());
        assertEquals(2, api.path("overall").path("drafts").asLong());
    }

    @Test
    void anUnknownCampaignIsTheNotFoundPage() {
        Document page = PageSession.of(oidc, Browser.withRoles(oidc, "analyst", "analyst"))
                .get("/campagnes/pp-no-such-campaign/participation", 404);
        assertEquals("Page introuvable", page.getElementById("erreur-titre").text());
    }

    /** A row of the table: audience, submitted, drafts, not started and the rate, as the API counts them. */
    private static void expectRow(Element row, JsonNode counts) {
        List<String> cells = row.select("td").stream().map(Element::text).map(ParticipationPageTest::plain).toList();
        assertEquals(List.of(counts.path("audience").asText(), counts.path("submitted").asText(), counts.path("drafts").asText(),
                counts.path("notStarted").asText()), cells.subList(0, 4), row.id());
        long audience = counts.path("audience").asLong();
        String rate = audience == 0 ? "—" : String.format(java.util.Locale.FRANCE, "%.1f %%", 100 * counts.path("submittedRate").asDouble());
        assertEquals(rate, cells.get(4), row.id());
    }

    /** Text without the no-break spaces that group digits. */
    private static String plain(String text) {
        return text.replace('\u00a0', ' ').replaceAll("(\\d) (?=\\d{3}\\b)", "$1");
    }
}
