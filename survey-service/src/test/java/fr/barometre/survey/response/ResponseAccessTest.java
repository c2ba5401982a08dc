package fr.barometre.survey.response;

import fr.barometre.survey.testing.Answers;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Responses;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static fr.barometre.survey.testing.Answers.level;
import static fr.barometre.survey.testing.Responses.path;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Who reaches which response: an authority outside the caller's reach, or a campaign it may not
 * see, is 404 — its existence is not revealed; a role that may not write is 403.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class ResponseAccessTest {

    static final String LYON = "216901231";
    static final String RENNES = "243500139";
    /** Chadenet (Lozère): in partners' scopes by SIREN only; no network. */
    static final String CHADENET = "214800377";
    /** Le Pompidou (Lozère): set to network FRANCE_URBAINE by this class. */
    static final String POMPIDOU = "214801151";
    /** Saint-André-Capcèze (Lozère): invited to no campaign of this class. */
    static final String CAPCEZE = "214801359";
    static final String PROBLEM = "application/problem+json";

    /** Opens a campaign inviting Lyon, Rennes Métropole, Chadenet and Le Pompidou; returns a complete answer set. */
    private static List<Map<String, Object>> openCampaign(String code) {
        Campaigns.createOpen(code, Campaigns.sirens(LYON, RENNES, CHADENET, POMPIDOU));
        return Answers.complete(Campaigns.questionnaire(code));
    }

    /** Every way to reach one response, each expected to answer {@code status}. */
    private static void everyRequestAnswers(String token, String code, String siren, String etag, int status) {
        List<Map<String, Object>> change = List.of(level("DIA-PLAN-FORMATION", 0));
        given().auth().oauth2(token).get(path(code, siren))
                .then().statusCode(status).contentType(PROBLEM).body("answers", nullValue());
        given().auth().oauth2(token).contentType("application/json").body(Answers.body(change))
                .put(path(code, siren))
                .then().statusCode(status).contentType(PROBLEM);
        given().auth().oauth2(token).contentType("application/json").header("If-Match", etag).body(Answers.body(change))
                .put(path(code, siren))
                .then().statusCode(status).contentType(PROBLEM);
        given().auth().oauth2(token).contentType("application/json").header("If-Match", etag).body(Answers.body(change))
                .patch(path(code, siren))
                .then().statusCode(status).contentType(PROBLEM);
        given().auth().oauth2(token)
                .post(path(code, siren) + "/submission")
                .then().statusCode(status).contentType(PROBLEM);
        given().auth().oauth2(token).header("Idempotency-Key", "acc-" + code + "-" + siren + "-" + status)
                .post(path(code, siren) + "/submission")
                .then().statusCode(status).contentType(PROBLEM);
    }

    /** The response is still the complete draft it was, with the same ETag. */
    private static void unchanged(String code, String siren, String etag, int answers) {
        given().auth().oauth2(Tokens.admin()).get(path(code, siren))
                .then().statusCode(200)
                .header("ETag", equalTo(etag))
                .body("status", equalTo("DRAFT"))
                .body("answers", hasSize(answers))
                .body("answers.find { it.question == 'DIA-PLAN-FORMATION' }.level", equalTo(2));
    }

    // ---------------------------------------------------------------------------------------------
    // Respondents
    // ---------------------------------------------------------------------------------------------

    @Test
    void respondentOfAnotherAuthorityGetsNotFoundAndChangesNothing() {
        String code = "acc-tenant";
        List<Map<String, Object>> complete = openCampaign(code);
        // Complete: a submission by anyone allowed would succeed.
        String etag = Responses.create(Tokens.respondent(RENNES), code, RENNES, complete);

        everyRequestAnswers(Tokens.respondent(LYON), code, RENNES, etag, 404);

        unchanged(code, RENNES, etag, complete.size());
        given().auth().oauth2(Tokens.respondent(RENNES)).get(path(code, RENNES))
                .then().statusCode(200).header("ETag", equalTo(etag));
    }

    @Test
    void respondentOfAnotherAuthorityCannotCreateItsResponse() {
        String code = "acc-tenant-create";
        List<Map<String, Object>> complete = openCampaign(code);
        given().auth().oauth2(Tokens.respondent(LYON))
                .contentType("application/json").body(Answers.body(complete))
                .put(path(code, RENNES))
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(Tokens.admin()).get(path(code, RENNES)).then().statusCode(404);
        // Its own authority's is taken.
        Responses.create(Tokens.respondent(LYON), code, LYON, complete);
    }

    @Test
    void respondentWithoutCollectivityClaimGetsNotFound() {
        String code = "acc-no-claim";
        List<Map<String, Object>> complete = openCampaign(code);
        String etag = Responses.create(Tokens.respondent(LYON), code, LYON, complete);

        everyRequestAnswers(Tokens.withRoles("respondent"), code, LYON, etag, 404);

        unchanged(code, LYON, etag, complete.size());
    }

    @Test
    void authorityNotInvitedIsNotFoundEvenForItsOwnRespondent() {
        String code = "acc-audience";
        List<Map<String, Object>> complete = openCampaign(code);
        String capceze = Tokens.respondent(CAPCEZE);

        given().auth().oauth2(capceze).contentType("application/json").header("If-None-Match", "*")
                .body(Answers.body(complete))
                .put(path(code, CAPCEZE))
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(capceze).get(path(code, CAPCEZE)).then().statusCode(404);
        given().auth().oauth2(capceze).post(path(code, CAPCEZE) + "/submission").then().statusCode(404);
        given().auth().oauth2(capceze).get("/campaigns/" + code).then().statusCode(404);
        given().auth().oauth2(capceze).get("/campaigns/" + code + "/questionnaire").then().statusCode(404);
        // Not even an admin answers for an authority the campaign does not invite.
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(Answers.body(complete))
                .put(path(code, CAPCEZE))
                .then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).get(path(code, CAPCEZE)).then().statusCode(404);

        // An invited authority's respondent is served.
        given().auth().oauth2(Tokens.respondent(CHADENET)).get("/campaigns/" + code).then().statusCode(200);
        Responses.create(Tokens.respondent(CHADENET), code, CHADENET, complete);
    }

    @Test
    void responsesOfADraftCampaignAreUnreachableForRespondentsAndPartners() {
        String code = "acc-draft";
        Campaigns.create(code, Campaigns.sirens(LYON, CHADENET));
        String body = Answers.body(level("DIA-PLAN-FORMATION", 2));

        given().auth().oauth2(Tokens.respondent(LYON)).contentType("application/json").body(body)
                .put(path(code, LYON))
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(Tokens.respondent(LYON)).get(path(code, LYON))
                .then().statusCode(404);
        given().auth().oauth2(Tokens.partner(List.of(), List.of(CHADENET))).contentType("application/json").body(body)
                .put(path(code, CHADENET))
                .then().statusCode(404);
        // The campaign exists: an admin, who sees it, is told it takes no responses yet.
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body(body)
                .put(path(code, LYON))
                .then().statusCode(409);
    }

    // ---------------------------------------------------------------------------------------------
    // Partners
    // ---------------------------------------------------------------------------------------------

    @Test
    void partnerWhoseScopeLacksTheAuthorityGetsNotFound() {
        String code = "acc-partner-out";
        List<Map<String, Object>> complete = openCampaign(code);
        Campaigns.setNetworks(POMPIDOU, "FRANCE_URBAINE");
        String etag = Responses.create(Tokens.respondent(POMPIDOU), code, POMPIDOU, complete);

        everyRequestAnswers(Tokens.partner(List.of("INTERCOMMUNALITES_DE_FRANCE"), List.of(CHADENET)), code, POMPIDOU, etag, 404);
        everyRequestAnswers(Tokens.withRoles("partner"), code, POMPIDOU, etag, 404);

        unchanged(code, POMPIDOU, etag, complete.size());
    }

    @Test
    void partnerWithinScopeBySirenReadsWritesAndSubmits() {
        String code = "acc-partner-siren";
        List<Map<String, Object>> complete = openCampaign(code);
        String partner = Tokens.partner(List.of(), List.of(CHADENET));

        String etag = Responses.create(partner, code, CHADENET, Answers.without(complete, "DIA-PLAN-FORMATION"));
        given().auth().oauth2(partner).get(path(code, CHADENET))
                .then().statusCode(200).header("ETag", equalTo(etag));
        given().auth().oauth2(partner).contentType("application/json").header("If-Match", etag)
                .body(Answers.body(level("DIA-PLAN-FORMATION", 3)))
                .patch(path(code, CHADENET))
                .then().statusCode(200);
        given().auth().oauth2(partner).post(path(code, CHADENET) + "/submission")
                .then().statusCode(200).body("status", equalTo("SUBMITTED"));

        // The SIREN, not the role, opens the door: another invited authority stays out of reach.
        given().auth().oauth2(partner).get(path(code, LYON)).then().statusCode(404);
    }

    @Test
    void partnerWithinScopeByNetworkReadsWritesAndSubmits() {
        String code = "acc-partner-network";
        List<Map<String, Object>> complete = openCampaign(code);
        Campaigns.setNetworks(POMPIDOU, "FRANCE_URBAINE");
        String partner = Tokens.partner(List.of("FRANCE_URBAINE"), List.of());

        String etag = Responses.create(partner, code, POMPIDOU, complete);
        given().auth().oauth2(partner).get(path(code, POMPIDOU))
                .then().statusCode(200).header("ETag", equalTo(etag));
        given().auth().oauth2(partner).post(path(code, POMPIDOU) + "/submission")
                .then().statusCode(200).body("status", equalTo("SUBMITTED"));

        // Chadenet belongs to no network: outside this partner's scope.
        given().auth().oauth2(partner).contentType("application/json").body(Answers.body(complete))
                .put(path(code, CHADENET))
                .then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).get(path(code, CHADENET)).then().statusCode(404);
    }

    // ---------------------------------------------------------------------------------------------
    // Analysts, anonymous callers
    // ---------------------------------------------------------------------------------------------

    @Test
    void analystReadsEveryResponseButCannotWrite() {
        String code = "acc-analyst";
        List<Map<String, Object>> complete = openCampaign(code);
        String etag = Responses.create(Tokens.respondent(RENNES), code, RENNES, complete);
        String analyst = Tokens.analyst();

        given().auth().oauth2(analyst).get(path(code, RENNES))
                .then().statusCode(200)
                .header("ETag", equalTo(etag))
                .body("answers", hasSize(complete.size()));

        given().auth().oauth2(analyst).contentType("application/json").header("If-Match", etag)
                .body(Answers.body(complete))
                .put(path(code, RENNES))
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(analyst).contentType("application/json").header("If-Match", etag)
                .body(Answers.body(level("DIA-PLAN-FORMATION", 0)))
                .patch(path(code, RENNES))
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(analyst).post(path(code, RENNES) + "/submission")
                .then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(analyst).contentType("application/json")
                .body(Answers.batch(List.of(Answers.item(RENNES, complete))))
                .post("/campaigns/" + code + "/responses/batch")
                .then().statusCode(403).contentType(PROBLEM);

        unchanged(code, RENNES, etag, complete.size());
    }

    @Test
    void anonymousCallerGetsUnauthorizedProblem() {
        String code = "acc-anonymous";
        List<Map<String, Object>> complete = openCampaign(code);
        String etag = Responses.create(Tokens.respondent(LYON), code, LYON, complete);

        given().get(path(code, LYON))
                .then().statusCode(401)
                .contentType(PROBLEM)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401))
                .body("answers", nullValue());
        given().contentType("application/json").header("If-Match", etag).body(Answers.body(complete))
                .put(path(code, LYON))
                .then().statusCode(401).contentType(PROBLEM);
        given().post(path(code, LYON) + "/submission")
                .then().statusCode(401).contentType(PROBLEM);

        assertEquals("DRAFT", Responses.status(code, LYON));
        unchanged(code, LYON, etag, complete.size());
    }
}
