package fr.barometre.scoring.assessment;

import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import fr.barometre.scoring.catchup.SubmissionCatchUp;
import fr.barometre.scoring.rescoring.RescoringService;
import fr.barometre.scoring.testing.Api;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import fr.barometre.scoring.testing.Questionnaires;
import fr.barometre.scoring.testing.Submissions;
import fr.barometre.scoring.testing.Tokens;
import fr.barometre.testing.WebhookRows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.server;
import static fr.barometre.scoring.testing.NeighboursWireMockResource.stubQuestionnaire;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * assessment.updated: one event per new assessment version, whichever path wrote it (a delivery, a batch, the
 * catch-up from survey-service's feed, a rescoring chunk), in the same transaction, naming the version written
 * and never its scores; nothing for a redelivery, a superseded revision, a refused message or a rolled-back
 * transaction, nor when nobody subscribes.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class AssessmentEventsTest {

    private static final String CAMPAIGN = "aev-25";
    private static final String VERSION = "aev-25.1";
    private static final String TYPE = AssessmentEvents.UPDATED;

    @Inject
    SubmissionCatchUp catchUp;

    @Inject
    RescoringService rescoring;

    private final WebhookRows webhooks = new WebhookRows(Db::connect);

    @BeforeAll
    static void surveyServesTheQuestionnaire() {
        stubQuestionnaire(CAMPAIGN, VERSION, Questionnaires.small(VERSION));
    }

    private final List<StubMapping> scopes = new java.util.ArrayList<>();

    /**
     * The subscribers' partner scopes, as survey-service answers them: the portal's covers every authority of this
     * class, the network's only the members of Intercommunalités de France (a batch's events are addressed by them).
     */
    @BeforeEach
    void partners() {
        scopes.add(server().stubFor(get(urlPathEqualTo("/partners/aev-portal/scope")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"networks\": [], \"sirens\": [\"710000018\", \"710000042\", \"710000059\", \"710000067\", "
                        + "\"710000075\", \"710000083\", \"710000091\", \"710000109\", \"710000117\", \"710000125\", \"710000133\", "
                        + "\"710000141\", \"710000158\", \"710000166\", \"710000174\"]}"))));
        scopes.add(server().stubFor(get(urlPathEqualTo("/partners/aev-network/scope")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("{\"networks\": [\"INTERCOMMUNALITES_DE_FRANCE\"], \"sirens\": []}"))));
    }

    @AfterEach
    void unsubscribe() {
        webhooks.deleteSubscriptions();
        scopes.forEach(server()::removeStub);
        scopes.clear();
    }

    private static Submissions submission(String siren, int revision) {
        return Submissions.of(CAMPAIGN, siren, revision, VERSION).level("DIA-A", 3).level("CYB-A", 2);
    }

    private List<WebhookRows.Event> eventsOf(String siren) {
        return webhooks.events(TYPE, CAMPAIGN).stream().filter(e -> siren.equals(e.siren())).toList();
    }

    private static void assertAssessmentEvent(WebhookRows.Event event, String siren, int version) {
        assertEquals(TYPE, event.type());
        assertEquals(CAMPAIGN, event.campaign());
        assertEquals(siren, event.siren());
        assertEquals(Set.of("data", "timestamp", "type"), event.payloadKeys());
        assertEquals(Set.of("assessmentVersion", "campaign", "path", "siren"), event.dataKeys());
        assertEquals(CAMPAIGN, event.data().get("campaign").asText());
        assertEquals(siren, event.data().get("siren").asText());
        assertEquals(version, event.data().get("assessmentVersion").asInt());
        assertEquals("/campaigns/" + CAMPAIGN + "/assessments/" + siren, event.data().get("path").asText());
        assertEquals(Set.of(), WebhookRows.forbiddenWords(event), "no answers, no scores");
    }

    @Test
    void aDeliveredSubmissionWritesOneEventWithAPendingDeliveryPerSubscriptionWantingIt() {
        String siren = "710000018";
        String first = webhooks.subscribe("aev-portal", TYPE);
        String second = webhooks.subscribe("aev-network", "ping", TYPE);
        webhooks.subscribe("aev-other", "edition.published");
        webhooks.disable(webhooks.subscribe("aev-disabled", TYPE));

        Api.deliver(submission(siren, 1).networks("INTERCONNECTES", "FRANCE_URBAINE")).statusCode(200)
                .body("assessmentVersion", equalTo(1));

        List<WebhookRows.Event> events = eventsOf(siren);
        assertEquals(1, events.size());
        assertAssessmentEvent(events.get(0), siren, 1);
        assertEquals(Set.of("FRANCE_URBAINE", "INTERCONNECTES"), events.get(0).networks(), "the networks of the submission's profile");
        assertEquals(Map.of(first, "PENDING", second, "PENDING"), webhooks.deliveries(events.get(0).id()));
    }

    @Test
    void aRedeliveryOrASupersededRevisionWritesNoEventAndANewerRevisionItsVersion() {
        String siren = "710000026";
        webhooks.subscribe("aev-portal", TYPE);
        Api.deliver(submission(siren, 2)).statusCode(200).body("assessmentVersion", equalTo(1));
        Api.deliver(submission(siren, 2)).statusCode(200).body("assessmentVersion", equalTo(1));   // redelivered
        Api.deliverBatch(submission(siren, 2), submission(siren, 2)).statusCode(200);                 // again, twice
        Api.deliver(submission(siren, 1)).statusCode(200).body("superseded", equalTo(true));         // older, after
        assertEquals(1, eventsOf(siren).size());

        Api.deliver(submission(siren, 3)).statusCode(200).body("assessmentVersion", equalTo(2));
        List<WebhookRows.Event> events = eventsOf(siren);
        assertEquals(2, events.size());
        assertEquals(Set.of(1, 2), Set.of(events.get(0).data().get("assessmentVersion").asInt(),
                events.get(1).data().get("assessmentVersion").asInt()));
    }

    @Test
    void aRefusedMessageOrNobodySubscribingWritesNoEvent() {
        webhooks.subscribe("aev-portal", TYPE);
        Api.deliver(Submissions.of(CAMPAIGN, "710000034", 1, VERSION).level("DIA-A", 9)).statusCode(422);
        assertEquals(0, eventsOf("710000034").size());
        webhooks.deleteSubscriptions();

        webhooks.subscribe("aev-elsewhere", "ping");
        webhooks.disable(webhooks.subscribe("aev-disabled", TYPE));
        Api.deliver(submission("710000042", 1)).statusCode(200);
        Api.deliverBatch(submission("710000059", 1), submission("710000067", 1)).statusCode(200);
        assertEquals(0, eventsOf("710000042").size() + eventsOf("710000059").size() + eventsOf("710000067").size());
    }

    @Test
    void aBatchWritesOneEventPerNewAssessment() {
        String a = webhooks.subscribe("aev-portal", TYPE);
        String b = webhooks.subscribe("aev-network", TYPE);
        Api.deliver(submission("710000075", 1)).statusCode(200);   // held already: redelivered by the batch
        Api.deliverBatch(
                        submission("710000075", 1),
                        submission("710000083", 1).networks("INTERCOMMUNALITES_DE_FRANCE"),
                        Submissions.of(CAMPAIGN, "710000091", 1, VERSION).level("DIA-A", 9),
                        submission("710000109", 1),
                        submission("710000109", 2),
                        submission("710000117", 1))
                .statusCode(200)
                .body("results.status", contains(200, 200, 422, 200, 200, 200));

        assertEquals(1, eventsOf("710000075").size(), "the first delivery's only");
        assertEquals(0, eventsOf("710000091").size());
        List<WebhookRows.Event> versions = eventsOf("710000109");
        assertEquals(2, versions.size(), "two revisions in one batch: two versions");
        Map<String, WebhookRows.Event> bySiren = new HashMap<>();
        webhooks.events(TYPE, CAMPAIGN).forEach(e -> bySiren.put(e.siren(), e));
        assertAssessmentEvent(bySiren.get("710000083"), "710000083", 1);
        assertEquals(Set.of("INTERCOMMUNALITES_DE_FRANCE"), bySiren.get("710000083").networks());
        assertAssessmentEvent(bySiren.get("710000117"), "710000117", 1);
        assertEquals(Map.of(a, "PENDING", b, "PENDING"), webhooks.deliveries(bySiren.get("710000083").id()),
                "both scopes cover a member of Intercommunalités de France");
        assertEquals(Map.of(a, "PENDING"), webhooks.deliveries(bySiren.get("710000117").id()),
                "a batch's event: a delivery only where the partner's scope covers the authority");
    }

    /** A transaction failing at commit (a deferred check refusing one authority's assessment) leaves no event. */
    @Test
    void aTransactionRolledBackAtCommitLeavesNoEvent() throws SQLException {
        webhooks.subscribe("aev-portal", TYPE);
        try (Connection c = Db.connect(); Statement st = c.createStatement()) {
            st.execute("""
                    create or replace function aev_refuse() returns trigger language plpgsql as $$
                    begin
                        if new.campaign_code = 'aev-25' and new.siren = '710000125' then
                            raise exception 'refused at commit by the test';
                        end if;
                        return new;
                    end $$""");
            st.execute("""
                    create constraint trigger aev_refuse after insert on assessment
                    deferrable initially deferred for each row execute function aev_refuse()""");
        }
        try {
            Api.deliverBatch(submission("710000133", 1), submission("710000125", 1)).statusCode(greaterThanOrEqualTo(500));
        } finally {
            try (Connection c = Db.connect(); Statement st = c.createStatement()) {
                st.execute("drop trigger aev_refuse on assessment");
                st.execute("drop function aev_refuse()");
            }
        }
        assertEquals(0, eventsOf("710000133").size() + eventsOf("710000125").size());
        assertEquals(0, Db.count("select count(*) from assessment where campaign_code = ? and siren in ('710000133', '710000125')", CAMPAIGN));
    }

    @Test
    void theCatchUpWritesAnEventForEachSubmissionItAssessesOnly() {
        webhooks.subscribe("aev-portal", TYPE);
        String held = submission("710000141", 1).json();
        String missed = submission("710000158", 1).networks("INTERCONNECTES").json();
        Api.deliver(held).statusCode(200);
        StubMapping page = server().stubFor(get(urlPathEqualTo("/internal/submissions")).atPriority(1)
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"items\": [" + held + ", " + missed + "], \"nextCursor\": null}")));
        try {
            assertEquals(2, catchUp.catchUp());
        } finally {
            server().removeStub(page);
        }
        assertEquals(1, eventsOf("710000141").size(), "the delivery's only");
        List<WebhookRows.Event> events = eventsOf("710000158");
        assertEquals(1, events.size());
        assertAssessmentEvent(events.get(0), "710000158", 1);
        assertEquals(Set.of("INTERCONNECTES"), events.get(0).networks());
    }

    @Test
    void rescoringWritesAnEventForEachAuthorityRescored() {
        String campaign = "aev-rescore";
        String version = "aev-rescore.1";
        stubQuestionnaire(campaign, version, Questionnaires.small(version));
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"id\": \"aev-v2\", \"itemWeights\": {\"DIA-A\": 2}}").post("/models");   // 201, or 409 when it exists
        Api.deliver(Submissions.of(campaign, "710000166", 1, version).level("DIA-A", 3).networks("FRANCE_URBAINE")).statusCode(200);
        Api.deliver(Submissions.of(campaign, "710000174", 1, version).level("DIA-A", 1)).statusCode(200);
        Api.deliver(Submissions.of(campaign, "710000174", 2, version).level("DIA-A", 2)).statusCode(200);
        while (rescoring.workOneChunk()) {
            // jobs other classes left running
        }
        String subscription = webhooks.subscribe("aev-portal", TYPE);

        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"model\": \"aev-v2\"}")
                .post("/campaigns/" + campaign + "/rescoring").then().statusCode(202);
        while (rescoring.workOneChunk()) {
            // until the job is done
        }

        List<WebhookRows.Event> events = webhooks.events(TYPE, campaign);
        assertEquals(2, events.size(), "one per authority rescored");
        Map<String, WebhookRows.Event> bySiren = new HashMap<>();
        events.forEach(e -> bySiren.put(e.siren(), e));
        assertEquals(2, bySiren.get("710000166").data().get("assessmentVersion").asInt());
        assertEquals(Set.of("FRANCE_URBAINE"), bySiren.get("710000166").networks());
        assertEquals(3, bySiren.get("710000174").data().get("assessmentVersion").asInt());
        assertEquals("/campaigns/" + campaign + "/assessments/710000174", bySiren.get("710000174").data().get("path").asText());
        for (WebhookRows.Event e : events) {
            assertEquals(Map.of(subscription, "PENDING"), webhooks.deliveries(e.id()));
        }
    }
}
