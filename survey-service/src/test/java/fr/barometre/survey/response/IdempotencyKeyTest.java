package fr.barometre.survey.response;

import fr.barometre.survey.testing.Answers;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Responses;
import fr.barometre.survey.testing.SubmissionFixtures;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static fr.barometre.survey.testing.Responses.path;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Idempotency keys belong to the caller that chose them (the token's client and subject) and are
 * looked up once access is granted: a replay returns the first outcome, the caller's key reused for
 * another response is a 422, another caller's keys are invisible and never collide.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class IdempotencyKeyTest {

    private static final String LYON = "216901231";
    private static final String RENNES = "243500139";
    private static final String PROBLEM = "application/problem+json";

    /** Opens a campaign of this class for Lyon, Rennes Métropole and the others given; returns a complete answer set. */
    private static List<Map<String, Object>> openCampaign(String code, String... others) {
        String[] audience = new String[others.length + 2];
        audience[0] = LYON;
        audience[1] = RENNES;
        System.arraycopy(others, 0, audience, 2, others.length);
        Campaigns.createOpen(code, Campaigns.sirens(audience));
        return Answers.complete(Campaigns.questionnaire(code));
    }

    private static ExtractableResponse<Response> submit(String token, String code, String siren, String key, int status) {
        return given().auth().oauth2(token)
                .header("Idempotency-Key", key)
                .post(path(code, siren) + "/submission")
                .then().statusCode(status)
                .extract();
    }

    private static String key() {
        return "idem-" + UUID.randomUUID();
    }

    @Test
    void anotherTenantsKeyIsInvisibleToACallerOutOfScope() {
        String code = "idem-cross";
        List<Map<String, Object>> complete = openCampaign(code);
        String key = key();
        String rennesAgent = Tokens.agent("agent-rennes-metropole", RENNES);
        Responses.create(rennesAgent, code, RENNES, complete);
        Responses.create(Tokens.admin(), code, LYON, complete);
        submit(rennesAgent, code, RENNES, key, 200);

        // A partner whose scope holds neither authority: its request is about an authority out of
        // its reach, which is 404 whatever key it sends, never a word about another tenant's key.
        String partner = Tokens.partnerClient("partner-demo", List.of(), List.of());
        given().auth().oauth2(partner)
                .header("Idempotency-Key", key)
                .post(path(code, LYON) + "/submission")
                .then().statusCode(404)
                .contentType(PROBLEM);
        given().auth().oauth2(partner)
                .header("Idempotency-Key", key)
                .post(path(code, RENNES) + "/submission")
                .then().statusCode(404)
                .contentType(PROBLEM);
        assertEquals("DRAFT", Responses.status(code, LYON));
    }

    @Test
    void twoCallersUsingTheSameKeyOnTheirOwnResponsesBothSucceed() {
        String code = "idem-two";
        List<Map<String, Object>> complete = openCampaign(code);
        String key = key();
        String lyonAgent = Tokens.agent("agent-lyon", LYON);
        String rennesAgent = Tokens.agent("agent-rennes-metropole", RENNES);
        Responses.create(lyonAgent, code, LYON, complete);
        Responses.create(rennesAgent, code, RENNES, complete);

        submit(lyonAgent, code, LYON, key, 200);
        assertEquals(RENNES, submit(rennesAgent, code, RENNES, key, 200).path("siren"));
        assertEquals("SUBMITTED", Responses.status(code, RENNES));

        // Each caller's replay still returns its own first outcome.
        assertEquals(LYON, submit(lyonAgent, code, LYON, key, 200).path("siren"));
        assertEquals(RENNES, submit(rennesAgent, code, RENNES, key, 200).path("siren"));
    }

    @Test
    void theSameSubjectThroughAnotherClientHasKeysOfItsOwn() {
        String code = "idem-client";
        List<Map<String, Object>> complete = openCampaign(code);
        String key = key();
        Responses.create(Tokens.admin(), code, LYON, complete);
        Responses.create(Tokens.admin(), code, RENNES, complete);

        submit(Tokens.issuedTo(Tokens.APP_CLIENT, Tokens.claims("admin", "admin")), code, LYON, key, 200);
        submit(Tokens.issuedTo("admin-portal", Tokens.claims("admin", "admin")), code, RENNES, key, 200);
        assertEquals("SUBMITTED", Responses.status(code, RENNES));
    }

    @Test
    void theSameCallerReusingItsKeyForAnotherResponseGets422AndNothingChanges() {
        String third = SubmissionFixtures.communes("35", 1).get(0);
        String code = "idem-reuse";
        List<Map<String, Object>> complete = openCampaign(code, third);
        String key = key();
        String partner = Tokens.partnerClient("partner-demo", List.of(), List.of(LYON, third));
        Responses.create(partner, code, LYON, complete);
        Responses.create(partner, code, third, complete);

        submit(partner, code, LYON, key, 200);
        given().auth().oauth2(partner)
                .header("Idempotency-Key", key)
                .post(path(code, third) + "/submission")
                .then().statusCode(422)
                .contentType(PROBLEM)
                .body("errors.field", contains("Idempotency-Key"));
        assertEquals("DRAFT", Responses.status(code, third));

        // The same partner with a key of the other response's own submits it.
        assertEquals(third, submit(partner, code, third, key(), 200).path("siren"));
    }

    @Test
    void aReplayBySameCallerReturnsTheFirstOutcome() {
        String code = "idem-replay";
        List<Map<String, Object>> complete = openCampaign(code);
        String key = key();
        String lyonAgent = Tokens.agent("agent-lyon", LYON);
        Responses.create(lyonAgent, code, LYON, complete);

        ExtractableResponse<Response> first = submit(lyonAgent, code, LYON, key, 200);
        ExtractableResponse<Response> replay = submit(Tokens.agent("agent-lyon", LYON), code, LYON, key, 200);
        assertEquals(first.asString(), replay.asString(), "a replay returns the first body");
        assertEquals(first.header("ETag"), replay.header("ETag"));

        // Without the key it is a new request: the response is submitted already.
        given().auth().oauth2(lyonAgent)
                .post(path(code, LYON) + "/submission")
                .then().statusCode(409);

        // Reopened as revision 2, the first outcome still answers the replay; it submits nothing.
        given().auth().oauth2(Tokens.admin()).post(path(code, LYON) + "/reopen").then().statusCode(200);
        given().auth().oauth2(lyonAgent)
                .header("Idempotency-Key", key)
                .post(path(code, LYON) + "/submission")
                .then().statusCode(200)
                .body(equalTo(first.asString()));
        assertEquals("DRAFT", Responses.status(code, LYON));
    }
}
