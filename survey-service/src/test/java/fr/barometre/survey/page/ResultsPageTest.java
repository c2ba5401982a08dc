package fr.barometre.survey.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.ReportingWireMockResource;
import fr.barometre.survey.testing.ReportingWireMockResource.InjectReportingWireMock;
import fr.barometre.survey.testing.Responses;
import fr.barometre.survey.testing.ScoringWireMockResource;
import fr.barometre.survey.testing.ScoringWireMockResource.InjectScoringWireMock;
import fr.barometre.survey.testing.SubmissionFixtures;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * "Vos résultats": the assessment and the benchmark are read from scoring- and reporting-service
 * (WireMock stand-ins here) with the signed-in respondent's own access token; a part not computed
 * yet says so, a neighbour down or slow leaves the page standing with a mention, never a 500.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(ScoringWireMockResource.class)
@WithTestResource(ReportingWireMockResource.class)
class ResultsPageTest {

    static final String LYON = "216901231";
    static final String RENNES_METROPOLE = "243500139";

    @OidcWireMock
    WireMockServer oidc;

    @InjectScoringWireMock
    WireMockServer scoring;

    @InjectReportingWireMock
    WireMockServer reporting;

    @BeforeEach
    void resetStandIns() {
        scoring.resetAll();
        reporting.resetAll();
    }

    /** An open campaign inviting Lyon, whose respondent has submitted a complete response. */
    private static String submittedCampaign(String code) {
        SubmissionFixtures.createOpenCampaign(code, LYON);
        Responses.createAndSubmit(Tokens.agent("agent-lyon", LYON), code, LYON, SubmissionFixtures.completeAnswers(code));
        return code;
    }

    private static String assessmentPath(String code, String siren) {
        return "/campaigns/" + code + "/assessments/" + siren;
    }

    private static String benchmarkPath(String code, String siren) {
        return "/barometers/" + code + "/collectivities/" + siren;
    }

    private void serveAssessment(String code, String siren) {
        scoring.stubFor(get(urlEqualTo(assessmentPath(code, siren))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(NeighbourDocuments.assessment(code, siren))));
    }

    private void serveBenchmark(String code, String siren) {
        reporting.stubFor(get(urlEqualTo(benchmarkPath(code, siren))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(NeighbourDocuments.benchmark(code, siren))));
    }

    private void notComputedYet(String code, String siren) {
        scoring.stubFor(get(urlEqualTo(assessmentPath(code, siren))).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":404,\"title\":\"Not Found\"}")));
        reporting.stubFor(get(urlEqualTo(benchmarkPath(code, siren))).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":404,\"title\":\"Not Found\"}")));
    }

    @Test
    void resultsAreReadWithTheRespondentsOwnAccessToken() {
        String code = submittedCampaign("rp-token");
        serveAssessment(code, LYON);
        serveBenchmark(code, LYON);
        PageSession lyon = PageSession.respondent(oidc, "agent-lyon", LYON);
        String token = lyon.accessToken();

        lyon.get("/reponses/" + code + "/resultats", 200);

        List<LoggedRequest> assessmentReads = scoring.findAll(getRequestedFor(urlEqualTo(assessmentPath(code, LYON))));
        List<LoggedRequest> benchmarkReads = reporting.findAll(getRequestedFor(urlEqualTo(benchmarkPath(code, LYON))));
        assertEquals(1, assessmentReads.size());
        assertEquals(1, benchmarkReads.size());
        assertEquals("Bearer " + token, assessmentReads.get(0).getHeader("Authorization"));
        assertEquals("Bearer " + token, benchmarkReads.get(0).getHeader("Authorization"));
        // That token is the person's access token, issued through the web client for the API's audience.
        JsonNode claims = claims(token);
        assertEquals("agent-lyon", claims.path("sub").asText());
        assertEquals("barometre-web", claims.path("azp").asText());
        assertEquals(LYON, claims.path("collectivity").asText());
        assertTrue(claims.path("aud").toString().contains("barometre-api"), claims.toString());
    }

    @Test
    void pageShowsTheAssessmentAndThePositionAsTheirOwnersGiveThem() {
        String code = submittedCampaign("rp-content");
        PageSession lyon = PageSession.respondent(oidc, "agent-lyon", LYON);
        serveAssessment(code, LYON);
        serveBenchmark(code, LYON);

        Document page = lyon.get("/reponses/" + code + "/resultats", 200);

        assertEquals("Vos résultats, campagne " + code + " — Baromètre", page.title());
        assertTrue(page.getElementById("indice").text().contains("57,14"), page.getElementById("indice").text());
        Element donnees = page.getElementById("theme-DONNEES_IA");
        assertEquals(List.of("Données et IA", "62,50", "3 – Actions formalisées", "Oui"), cells(donnees));
        assertEquals(List.of("Cybersécurité", "37,50", "2 – En cours", "Non"), cells(page.getElementById("theme-CYBERSECURITE")));
        assertEquals(List.of("Inclusion numérique", "Non évalué", "Non évalué", "Non"), cells(page.getElementById("theme-INCLUSION")));
        assertEquals(List.of("Numérique responsable", "Données et IA"),
                page.getElementById("themes-engages").select("li").eachText());

        List<Element> steps = page.getElementById("prochaines-etapes").select("li");
        assertEquals(List.of("CYB-GOUVERNANCE", "CYB-DIAGNOSTIC", "NR-STRATEGIE", "DIA-GOUVERNANCE-DONNEES", "DIA-OUVERTURE-DONNEES"),
                steps.stream().map(s -> s.attr("data-question")).toList(), "the five next steps, in scoring-service's order");
        assertTrue(steps.get(0).text().startsWith("Pilotage de la sécurité des systèmes d'information"), steps.get(0).text());
        assertTrue(steps.get(0).text().contains("Cybersécurité, niveau actuel 1 – En réflexion"), steps.get(0).text());

        assertTrue(page.getElementById("strate").text().contains("S6"));
        assertEquals(List.of("Indice de maturité", "57,14", "75 %", "41", ""), cells(page.getElementById("position-INDEX")));
        assertEquals(List.of("Données et IA", "62,50", "90 %", "41", ""), cells(page.getElementById("position-DONNEES_IA")));
        List<String> withheld = cells(page.getElementById("position-CYBERSECURITE"));
        assertEquals("—", withheld.get(2));
        assertTrue(withheld.get(4).contains("secret statistique : moins de 5 collectivités"), withheld.get(4));
        assertNull(page.getElementById("evaluation-en-calcul"));
        assertNull(page.getElementById("position-indisponible"));
    }

    @Test
    void partsNotComputedYetSayEnCoursDeCalculAndAReloadShowsThemOnceComputed() {
        String code = submittedCampaign("rp-computing");
        PageSession lyon = PageSession.respondent(oidc, "agent-lyon", LYON);
        notComputedYet(code, LYON);

        Document before = lyon.get("/reponses/" + code + "/resultats", 200);
        assertNotNull(before.getElementById("evaluation-en-calcul"), "the assessment is being computed");
        assertNotNull(before.getElementById("position-en-calcul"), "the benchmark is being computed");
        assertTrue(before.getElementById("evaluation-en-calcul").text().startsWith("En cours de calcul"));
        assertTrue(before.getElementById("position-en-calcul").text().startsWith("En cours de calcul"));
        assertNull(before.getElementById("prochaines-etapes"));

        serveAssessment(code, LYON);
        Document after = lyon.get("/reponses/" + code + "/resultats", 200);
        assertNotNull(after.getElementById("prochaines-etapes"), "the assessment, computed since, is shown on reload");
        assertNull(after.getElementById("evaluation-en-calcul"));
        assertNotNull(after.getElementById("position-en-calcul"), "the benchmark still being computed");
    }

    @Test
    void neighboursDownLeaveThePageStandingWithAMention() {
        String code = submittedCampaign("rp-down");
        PageSession lyon = PageSession.respondent(oidc, "agent-lyon", LYON);
        serveAssessment(code, LYON);
        serveBenchmark(code, LYON);
        scoring.stop();
        reporting.stop();
        try {
            Document page = lyon.get("/reponses/" + code + "/resultats", 200);
            assertNotNull(page.getElementById("evaluation-indisponible"), "the assessment is said to be unavailable");
            assertNotNull(page.getElementById("position-indisponible"), "the benchmark is said to be unavailable");
            assertTrue(page.getElementById("evaluation-indisponible").text().startsWith("Résultats momentanément indisponibles"));
            assertTrue(page.getElementById("position-indisponible").text().startsWith("Résultats momentanément indisponibles"));
        } finally {
            scoring.start();
            reporting.start();
        }
    }

    @Test
    void neighbourRefusingOrBrokenLeavesThePageStandingWithAMention() {
        String code = submittedCampaign("rp-broken");
        PageSession lyon = PageSession.respondent(oidc, "agent-lyon", LYON);
        scoring.stubFor(get(urlEqualTo(assessmentPath(code, LYON))).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "5").withHeader("Content-Type", "application/problem+json").withBody("{\"status\":503}")));
        reporting.stubFor(get(urlEqualTo(benchmarkPath(code, LYON))).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        Document page = lyon.get("/reponses/" + code + "/resultats", 200);
        assertNotNull(page.getElementById("evaluation-indisponible"));
        assertNotNull(page.getElementById("position-indisponible"));
    }

    @Test
    void slowNeighboursAreGivenUpOnAfterTheReadTimeout() {
        String code = submittedCampaign("rp-slow");
        PageSession lyon = PageSession.respondent(oidc, "agent-lyon", LYON);
        scoring.stubFor(get(urlEqualTo(assessmentPath(code, LYON))).willReturn(aResponse().withStatus(200).withFixedDelay(15_000)
                .withHeader("Content-Type", "application/json").withBody(NeighbourDocuments.assessment(code, LYON))));
        reporting.stubFor(get(urlEqualTo(benchmarkPath(code, LYON))).willReturn(aResponse().withStatus(200).withFixedDelay(15_000)
                .withHeader("Content-Type", "application/json").withBody(NeighbourDocuments.benchmark(code, LYON))));

        long started = System.nanoTime();
        Document page = lyon.get("/reponses/" + code + "/resultats", 200);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertNotNull(page.getElementById("evaluation-indisponible"));
        assertNotNull(page.getElementById("position-indisponible"));
        // Both read at once, each given up on after its 3 s read timeout: well under the 15 s they would take.
        assertTrue(millis < 10_000, "answered after " + millis + " ms");
    }

    @Test
    void beforeSubmissionThePageSaysSoAndLinksBackToTheQuestionnaire() {
        String code = "rp-draft";
        SubmissionFixtures.createOpenCampaign(code, LYON);
        Responses.create(Tokens.agent("agent-lyon", LYON), code, LYON, SubmissionFixtures.completeAnswers(code));
        PageSession lyon = PageSession.respondent(oidc, "agent-lyon", LYON);

        Document page = lyon.get("/reponses/" + code + "/resultats", 200);
        assertNotNull(page.getElementById("pas-envoyee"), "the page says the response is not submitted yet");
        assertTrue(page.getElementById("pas-envoyee").text().contains("pas encore envoyée"));
        assertEquals("/reponses/" + code, page.getElementById("retour-questionnaire").attr("href"));
        assertTrue(scoring.getAllServeEvents().isEmpty(), "nothing is read before the submission");
        assertTrue(reporting.getAllServeEvents().isEmpty(), "nothing is read before the submission");

        // Not even started: the same page.
        String notStarted = "rp-not-started";
        SubmissionFixtures.createOpenCampaign(notStarted, LYON);
        assertNotNull(lyon.get("/reponses/" + notStarted + "/resultats", 200).getElementById("pas-envoyee"));
    }

    @Test
    void aRespondentOfAnAuthorityTheCampaignDoesNotInviteGetsTheNotFoundPage() {
        String code = submittedCampaign("rp-other");
        serveAssessment(code, LYON);
        serveBenchmark(code, LYON);

        PageSession rennes = PageSession.respondent(oidc, "agent-rennes-metropole", RENNES_METROPOLE);
        Document notInvited = rennes.get("/reponses/" + code + "/resultats", 404);
        assertEquals("Page introuvable", notInvited.getElementById("erreur-titre").text());
        rennes.get("/reponses/" + code + "/resultats?collectivite=" + LYON, 404);
        PageSession.respondent(oidc, "agent-lyon", LYON).get("/reponses/no-such-campaign/resultats", 404);
        assertTrue(scoring.getAllServeEvents().isEmpty(), "nothing read for another authority's respondent");
        assertTrue(reporting.getAllServeEvents().isEmpty(), "nothing read for another authority's respondent");
    }

    private static JsonNode claims(String jwt) {
        try {
            return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> cells(Element row) {
        return row.select("th, td").stream().map(Element::text).toList();
    }
}
