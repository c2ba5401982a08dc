package fr.barometre.scoring.assessment;

import fr.barometre.scoring.testing.Api;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Submissions;
import fr.barometre.scoring.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubQuestionnaire;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.comparesEqualTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** GET /campaigns/{code}/assessments/{siren}: who may read an authority's assessment, and what it explains. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class AssessmentAccessTest {

    private static final String CAMPAIGN = "access-25";
    private static final String VERSION = "access-25.1";
    /** The worked example's authority, a member of INTERCONNECTES by its submission's profile. */
    private static final String LYON = "200000018";
    /** Another authority, of FRANCE_URBAINE. */
    private static final String RENNES = "200000026";

    private static final RestAssuredConfig DECIMALS = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    /**
     * The worked example, under barometre-v1 (item score = level × 25, weights 1, bands
     * [0,12.5) [12.5,37.5) [37.5,62.5) [62.5,87.5) [87.5,100], engaged ⇔ level ≥ 3):
     * <pre>
     * CYBERSECURITE  CYB-A 3 → 75, CYB-B 2 → 50, CYB-C NSP (left out), CYB-D 4 → 100
     *                score (75 + 50 + 100) / 3 = 75          → level 3, engaged
     *                contributions 75/3 = 25, 50/3 = 16.67, 100/3 = 33.33
     * DONNEES_IA     DIA-A 2 → 50, DIA-B 3 → 75, DIA-C 2 → 50, DIA-D 3 → 75
     *                score 250 / 4 = 62.5 exactly            → level 3 (the band's lower bound), engaged
     *                contributions 12.5, 18.75, 12.5, 18.75
     * INCLUSION      INC-A 1 → 25, INC-B 0 → 0, INC-C NA (left out), INC-D 2 → 50
     *                score 75 / 3 = 25                        → level 1, not engaged
     *                contributions 8.33, 0, 16.67
     * index          (75 + 62.5 + 25) / 3 = 54.1666…          → 54.17
     * next steps     scored items below 4, by theme score (INCLUSION 25, DONNEES_IA 62.5, CYBERSECURITE 75),
     *                then level, then code: INC-B (0), INC-A (1), INC-D (2), DIA-A (2), DIA-C (2)
     *                — DIA-B, DIA-D (3), CYB-B (2), CYB-A (3) come after the first five.
     * </pre>
     * Non-scored answers (CYB-NIS2, GEN-BUDGET) change nothing.
     */
    private static Submissions workedExample() {
        return Submissions.of(CAMPAIGN, LYON, 1, VERSION)
                .profile("COMMUNE", 519127, "S6", "69", "84", List.of("INTERCONNECTES"))
                .level("CYB-A", 3).level("CYB-B", 2).abstention("CYB-C", "NSP").level("CYB-D", 4).value("CYB-NIS2", "OUI")
                .level("DIA-A", 2).level("DIA-B", 3).level("DIA-C", 2).level("DIA-D", 3)
                .level("INC-A", 1).level("INC-B", 0).abstention("INC-C", "NA").level("INC-D", 2)
                .value("GEN-BUDGET", 12);
    }

    @BeforeEach
    void bothAuthoritiesAreAssessed() {
        stubQuestionnaire(CAMPAIGN, VERSION, Questionnaires.small(VERSION));
        // delivery is idempotent: each test may deliver them again
        Api.deliver(workedExample()).statusCode(200).body("assessmentVersion", equalTo(1));
        Api.deliver(Submissions.of(CAMPAIGN, RENNES, 1, VERSION)
                        .profile("EPCI_CU", 230000, "S6", "35", "53", List.of("FRANCE_URBAINE"))
                        .levels(1, "CYB-A", "CYB-B", "CYB-C", "CYB-D"))
                .statusCode(200).body("assessmentVersion", equalTo(1));
    }

    private static ValidatableResponse read(String token, String siren) {
        return (token == null ? given() : given().auth().oauth2(token)).config(DECIMALS)
                .get("/campaigns/" + CAMPAIGN + "/assessments/" + siren).then();
    }

    private static Matcher<BigDecimal> dec(String value) {
        return comparesEqualTo(new BigDecimal(value));
    }

    @Test
    void respondentReadsItsOwnAssessmentWithEachItemsContributionAndTheFiveNextSteps() {
        read(Tokens.respondent(LYON), LYON).statusCode(200)
                .body("campaign", equalTo(CAMPAIGN))
                .body("siren", equalTo(LYON))
                .body("revision", equalTo(1))
                .body("assessmentVersion", equalTo(1))
                .body("model", equalTo("barometre-v1"))
                .body("questionnaireVersion", equalTo(VERSION))
                .body("profile.networks", contains("INTERCONNECTES"))
                .body("index", dec("54.17"))
                .body("themes.theme", contains("CYBERSECURITE", "DONNEES_IA", "INCLUSION"))
                .body("themes[0].score", dec("75"))
                .body("themes[0].level", equalTo(3))
                .body("themes[0].engaged", equalTo(true))
                .body("themes[1].score", dec("62.5"))
                .body("themes[1].level", equalTo(3))
                .body("themes[1].engaged", equalTo(true))
                .body("themes[2].score", dec("25"))
                .body("themes[2].level", equalTo(1))
                .body("themes[2].engaged", equalTo(false))
                // each item's contribution to its theme; abstentions listed, left out
                .body("explanation.themes.theme", contains("CYBERSECURITE", "DONNEES_IA", "INCLUSION"))
                .body("explanation.themes[0].items.question", contains("CYB-A", "CYB-B", "CYB-C", "CYB-D"))
                .body("explanation.themes[0].items.level", contains(3, 2, null, 4))
                .body("explanation.themes[0].items.score", contains(75, 50, null, 100))
                .body("explanation.themes[0].items[0].contribution", dec("25"))
                .body("explanation.themes[0].items[1].contribution", dec("16.67"))
                .body("explanation.themes[0].items[2].abstention", equalTo("NSP"))
                .body("explanation.themes[0].items[2]", not(hasKey("contribution")))
                .body("explanation.themes[0].items[3].contribution", dec("33.33"))
                .body("explanation.themes[0].items.weight", contains(1, 1, null, 1))
                .body("explanation.themes[1].items.contribution", contains(dec("12.5"), dec("18.75"), dec("12.5"), dec("18.75")))
                .body("explanation.themes[2].items.question", contains("INC-A", "INC-B", "INC-C", "INC-D"))
                .body("explanation.themes[2].items[0].contribution", dec("8.33"))
                .body("explanation.themes[2].items[1].contribution", dec("0"))
                .body("explanation.themes[2].items[2].abstention", equalTo("NA"))
                .body("explanation.themes[2].items[3].contribution", dec("16.67"))
                // the five next steps: by theme score, then level, then code
                .body("explanation.nextSteps", hasSize(5))
                .body("explanation.nextSteps.question", contains("INC-B", "INC-A", "INC-D", "DIA-A", "DIA-C"))
                .body("explanation.nextSteps.theme", contains("INCLUSION", "INCLUSION", "INCLUSION", "DONNEES_IA", "DONNEES_IA"))
                .body("explanation.nextSteps.level", contains(0, 1, 2, 2, 2));
    }

    @Test
    void respondentOfAnotherAuthorityGets404() {
        read(Tokens.respondent(RENNES), LYON).statusCode(404)
                .contentType("application/problem+json")
                .body("themes", nullValue())
                .body("index", nullValue());
        read(Tokens.respondent(LYON), RENNES).statusCode(404);
        read(Tokens.respondent(RENNES), RENNES).statusCode(200).body("siren", equalTo(RENNES));
    }

    @Test
    void partnerReadsTheAuthoritiesInItsScopeBySirenAndByTheNetworksOfTheProfileSnapshot() {
        String bySiren = Tokens.partner(List.of(), List.of(RENNES));
        read(bySiren, RENNES).statusCode(200).body("siren", equalTo(RENNES));
        read(bySiren, LYON).statusCode(404);

        String byNetwork = Tokens.partner(List.of("INTERCONNECTES"), List.of());
        read(byNetwork, LYON).statusCode(200).body("siren", equalTo(LYON)).body("index", dec("54.17"));
        read(byNetwork, RENNES).statusCode(404);

        String outside = Tokens.partner(List.of("INTERCOMMUNALITES_DE_FRANCE"), List.of("200000034"));
        read(outside, LYON).statusCode(404);
        read(outside, RENNES).statusCode(404);
    }

    @Test
    void partnerScopeFollowsTheNetworksOfTheCurrentRevisionsSnapshot() {
        String siren = "200000042";
        Api.deliver(Submissions.of(CAMPAIGN, siren, 1, VERSION)
                .profile("COMMUNE", 4000, "S2", "01", "84", List.of("INTERCONNECTES")).level("CYB-A", 2)).statusCode(200);
        String byNetwork = Tokens.partner(List.of("INTERCONNECTES"), List.of());
        read(byNetwork, siren).statusCode(200);
        // the authority left the network by its next submission
        Api.deliver(Submissions.of(CAMPAIGN, siren, 2, VERSION)
                .profile("COMMUNE", 4000, "S2", "01", "84", List.of()).level("CYB-A", 3)).statusCode(200);
        read(byNetwork, siren).statusCode(404);
        read(Tokens.analyst(), siren).statusCode(200).body("revision", equalTo(2));
    }

    @Test
    void analystAndAdminReadEveryAssessment() {
        read(Tokens.analyst(), LYON).statusCode(200).body("index", dec("54.17"));
        read(Tokens.analyst(), RENNES).statusCode(200).body("themes[0].score", dec("25"));
        read(Tokens.admin(), LYON).statusCode(200).body("explanation.nextSteps", hasSize(5));
        read(Tokens.admin(), RENNES).statusCode(200);
    }

    @Test
    void otherRolesAndAnonymousCallersCannotRead() {
        read(null, LYON).statusCode(401).contentType("application/problem+json");
        // a token of the realm, but for another audience than barometre-api
        read(Tokens.sign(Tokens.claims("admin", "admin").audience("another-api")), LYON).statusCode(401);
        read(Tokens.withRoles("scoring-ingest"), LYON).statusCode(403);
        read(Tokens.withRoles("scoring-feed"), LYON).statusCode(403);
    }

    @Test
    void authorityWithoutAssessmentIs404EvenForAdmins() {
        read(Tokens.admin(), "200000059").statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).get("/campaigns/no-such-campaign/assessments/" + LYON).then().statusCode(404);
    }
}
