package fr.barometre.survey.response;

import fr.barometre.survey.identity.IdentityDirectory;
import fr.barometre.survey.identity.InMemoryDirectory;
import fr.barometre.survey.security.PartnerScope;
import fr.barometre.survey.testing.Answers;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Responses;
import fr.barometre.survey.testing.Tokens;
import fr.barometre.testing.WebhookRows;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static fr.barometre.survey.testing.Answers.level;
import static fr.barometre.survey.testing.Responses.path;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The response events (response.submitted, response.reopened): written in the transaction of the change they
 * tell of, naming the revision written and never its answers, with one pending delivery per active
 * subscription wanting the type (a batch's: per subscription whose partner's scope covers the authority);
 * nothing when nobody subscribes, when the change is refused or rolled back, or when a replay changes nothing.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class ResponseEventsTest {

    // Communes of the Hautes-Alpes no other test class uses.
    static final String AIGUILLES = "210500039";
    static final String ANCELLE = "210500047";
    static final String ARGENTIERE = "210500062";
    static final String ARVIEUX = "210500070";

    private final WebhookRows webhooks = new WebhookRows(ResponseEventsTest::db);

    @Inject
    IdentityDirectory directory;

    /** The subscribers' partner scopes: the portal's covers the four communes, the network's only Arvieux. */
    @BeforeEach
    void partners() {
        Map<String, PartnerScope> scopes = ((InMemoryDirectory) directory).partnerScopes();
        scopes.put("rev-portal", new PartnerScope(Set.of(), Set.of(AIGUILLES, ANCELLE, ARGENTIERE, ARVIEUX)));
        scopes.put("rev-network", new PartnerScope(Set.of(), Set.of(ARVIEUX)));
    }

    @AfterEach
    void unsubscribe() {
        webhooks.deleteSubscriptions();
    }

    private static Connection db() throws SQLException {
        return EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
    }

    private static String partner() {
        return Tokens.partner(List.of(), List.of(AIGUILLES, ANCELLE, ARGENTIERE, ARVIEUX));
    }

    private static List<Map<String, Object>> openCampaign(String code) {
        Campaigns.createOpen(code, Campaigns.sirens(AIGUILLES, ANCELLE, ARGENTIERE, ARVIEUX));
        return Answers.complete(Campaigns.questionnaire(code));
    }

    private static String batchPath(String code) {
        return "/campaigns/" + code + "/responses/batch";
    }

    private static void assertResponseEvent(WebhookRows.Event event, String type, String code, String siren, int revision) {
        assertEquals(type, event.type());
        assertEquals(code, event.campaign());
        assertEquals(siren, event.siren());
        assertEquals(Set.of("data", "timestamp", "type"), event.payloadKeys());
        assertEquals(type, event.payload().get("type").asText());
        assertEquals(Set.of("campaign", "path", "revision", "siren"), event.dataKeys());
        assertEquals(code, event.data().get("campaign").asText());
        assertEquals(siren, event.data().get("siren").asText());
        assertEquals(revision, event.data().get("revision").asInt());
        assertEquals(path(code, siren), event.data().get("path").asText());
        assertEquals(Set.of(), WebhookRows.forbiddenWords(event), "no answers, no scores");
    }

    @Test
    void aSubmissionWritesOneEventWithAPendingDeliveryPerSubscriptionWantingIt() {
        String code = "rev-single";
        List<Map<String, Object>> complete = openCampaign(code);
        Campaigns.setNetworks(AIGUILLES, "INTERCONNECTES", "FRANCE_URBAINE");
        String first = webhooks.subscribe("rev-portal", ResponseEvents.SUBMITTED);
        String second = webhooks.subscribe("rev-network", "campaign.opened", ResponseEvents.SUBMITTED);
        webhooks.subscribe("rev-other", "campaign.closed");   // wants another type: no delivery
        webhooks.disable(webhooks.subscribe("rev-disabled", ResponseEvents.SUBMITTED));   // disabled: no delivery

        String partner = partner();
        Responses.create(partner, code, AIGUILLES, complete);
        assertEquals(0, webhooks.eventCount(code), "a draft saved is no event");
        given().auth().oauth2(partner).post(path(code, AIGUILLES) + "/submission").then().statusCode(200);

        List<WebhookRows.Event> events = webhooks.events(ResponseEvents.SUBMITTED, code);
        assertEquals(1, events.size());
        WebhookRows.Event event = events.get(0);
        assertResponseEvent(event, ResponseEvents.SUBMITTED, code, AIGUILLES, 1);
        assertEquals(Set.of("FRANCE_URBAINE", "INTERCONNECTES"), event.networks(), "the authority's networks, for the scope check");
        assertEquals(Map.of(first, "PENDING", second, "PENDING"), webhooks.deliveries(event.id()));
    }

    @Test
    void nothingIsWrittenWhenNobodySubscribesOrTheOnlySubscriptionIsDisabled() {
        String code = "rev-nobody";
        List<Map<String, Object>> complete = openCampaign(code);
        webhooks.subscribe("rev-elsewhere", ResponseEvents.REOPENED);
        Responses.createAndSubmit(partner(), code, AIGUILLES, complete);
        assertEquals(0, webhooks.eventCount(code), "no subscription to the type, no event");

        webhooks.disable(webhooks.subscribe("rev-disabled", ResponseEvents.SUBMITTED));
        Responses.createAndSubmit(partner(), code, ANCELLE, complete);
        assertEquals(0, webhooks.eventCount(code), "a disabled subscription wants nothing");
    }

    @Test
    void aRefusedSubmissionWritesNoEvent() {
        String code = "rev-refused";
        List<Map<String, Object>> complete = openCampaign(code);
        webhooks.subscribe("rev-portal", ResponseEvents.SUBMITTED);
        String partner = partner();

        // Incomplete: 422.
        Responses.create(partner, code, AIGUILLES, List.of(level("DIA-PLAN-FORMATION", 1)));
        given().auth().oauth2(partner).post(path(code, AIGUILLES) + "/submission").then().statusCode(422);
        // Stale If-Match: 412.
        String stale = Responses.create(partner, code, ANCELLE, complete);
        given().auth().oauth2(partner).contentType("application/json").header("If-Match", stale)
                .body(Answers.body(complete)).put(path(code, ANCELLE)).then().statusCode(200);
        given().auth().oauth2(partner).header("If-Match", stale).post(path(code, ANCELLE) + "/submission").then().statusCode(412);
        // Submitted already: 409.
        Responses.createAndSubmit(partner, code, ARGENTIERE, complete);
        given().auth().oauth2(partner).post(path(code, ARGENTIERE) + "/submission").then().statusCode(409);

        List<WebhookRows.Event> events = webhooks.events(ResponseEvents.SUBMITTED, code);
        assertEquals(1, events.size(), "only the submission that was written");
        assertEquals(ARGENTIERE, events.get(0).siren());
    }

    @Test
    void aReplayedSubmissionWritesNoSecondEvent() {
        String code = "rev-replay";
        List<Map<String, Object>> complete = openCampaign(code);
        webhooks.subscribe("rev-portal", ResponseEvents.SUBMITTED);
        String partner = partner();
        Responses.create(partner, code, AIGUILLES, complete);
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(partner).header("Idempotency-Key", "rev-replay-1")
                    .post(path(code, AIGUILLES) + "/submission").then().statusCode(200).body("revision", equalTo(1));
        }
        assertEquals(1, webhooks.events(ResponseEvents.SUBMITTED, code).size());
        assertEquals(1, webhooks.deliveryCount(ResponseEvents.SUBMITTED, code));
    }

    /**
     * A batch's events are addressed as they are written: a delivery for each subscription whose partner's scope
     * covers the authority (a single submission's event gets one per subscription, checked at delivery).
     */
    @Test
    void aBatchWritesOneEventPerResponseSubmittedAndNoneForTheOthers() {
        String code = "rev-batch";
        List<Map<String, Object>> complete = openCampaign(code);
        Campaigns.setNetworks(ARVIEUX, "INTERCOMMUNALITES_DE_FRANCE");
        String a = webhooks.subscribe("rev-portal", ResponseEvents.SUBMITTED);
        String b = webhooks.subscribe("rev-network", ResponseEvents.SUBMITTED);
        String partner = partner();
        Responses.createAndSubmit(partner, code, ARGENTIERE, complete);   // the batch's item for it is a conflict
        Responses.create(partner, code, ANCELLE, List.of(level("DIA-PLAN-FORMATION", 1)));   // a draft the batch completes

        given().auth().oauth2(partner).contentType("application/json")
                .body(Answers.batch(List.of(
                        Answers.item(AIGUILLES, complete),
                        Answers.item(ANCELLE, complete),
                        Answers.item(ARGENTIERE, complete),
                        Answers.item(ARVIEUX, Answers.without(complete, "NR-ACHATS")))))
                .post(batchPath(code))
                .then().statusCode(200)
                .body("results.status", contains("SUBMITTED", "SUBMITTED", "CONFLICT", "INVALID"));

        List<WebhookRows.Event> events = webhooks.events(ResponseEvents.SUBMITTED, code);
        assertEquals(3, events.size(), "the single submission's and the two the batch wrote");
        Map<String, WebhookRows.Event> bySiren = new java.util.HashMap<>();
        events.forEach(e -> bySiren.put(e.siren(), e));
        assertEquals(Set.of(AIGUILLES, ANCELLE, ARGENTIERE), bySiren.keySet());
        assertResponseEvent(bySiren.get(AIGUILLES), ResponseEvents.SUBMITTED, code, AIGUILLES, 1);
        assertResponseEvent(bySiren.get(ANCELLE), ResponseEvents.SUBMITTED, code, ANCELLE, 1);
        assertEquals(Map.of(a, "PENDING", b, "PENDING"), webhooks.deliveries(bySiren.get(ARGENTIERE).id()),
                "the single submission's event: a delivery per subscription, the scope checked at delivery");
        assertEquals(Map.of(a, "PENDING"), webhooks.deliveries(bySiren.get(AIGUILLES).id()),
                "the batch's: a delivery only for the subscription whose scope covers the authority");
        assertEquals(Map.of(a, "PENDING"), webhooks.deliveries(bySiren.get(ANCELLE).id()));

        // A batch of the remaining authority, then its replay: the replay's items are conflicts, no event.
        String arvieux = Answers.batch(List.of(Answers.item(ARVIEUX, complete)));
        given().auth().oauth2(partner).contentType("application/json").body(arvieux).post(batchPath(code))
                .then().statusCode(200).body("results.status", contains("SUBMITTED"));
        given().auth().oauth2(partner).contentType("application/json").body(arvieux).post(batchPath(code))
                .then().statusCode(200).body("results.status", contains("CONFLICT"));
        WebhookRows.Event last = webhooks.events(ResponseEvents.SUBMITTED, code).stream()
                .filter(e -> e.siren().equals(ARVIEUX)).reduce((x, y) -> {
                    throw new AssertionError("two events for " + ARVIEUX);
                }).orElseThrow();
        assertEquals(Set.of("INTERCOMMUNALITES_DE_FRANCE"), last.networks());
        assertEquals(Map.of(a, "PENDING", b, "PENDING"), webhooks.deliveries(last.id()), "both scopes cover Arvieux");
        assertEquals(6, webhooks.deliveryCount(ResponseEvents.SUBMITTED, code), "4 events: 2 + 1 + 1 + 2 deliveries");
    }

    /**
     * A batch whose transaction fails at commit (a deferred check refusing one authority's row) is taken
     * again one response per transaction: the events of the failed transaction go with it, each response
     * written one by one gets its own, and the refused one none.
     */
    @Test
    void aBatchRolledBackAtCommitLeavesNoEventOfItsOwn() throws SQLException {
        String code = "rev-rollback";
        List<Map<String, Object>> complete = openCampaign(code);
        webhooks.subscribe("rev-portal", ResponseEvents.SUBMITTED);
        try (Connection c = db(); Statement st = c.createStatement()) {
            st.execute("""
                    create or replace function rev_refuse_argentiere() returns trigger language plpgsql as $$
                    begin
                        if new.campaign_code = 'rev-rollback' and new.siren = '210500062' then
                            raise exception 'refused at commit by the test';
                        end if;
                        return new;
                    end $$""");
            st.execute("""
                    create constraint trigger rev_refuse_argentiere after insert or update on response
                    deferrable initially deferred for each row execute function rev_refuse_argentiere()""");
        }
        try {
            given().auth().oauth2(partner()).contentType("application/json")
                    .body(Answers.batch(List.of(Answers.item(AIGUILLES, complete), Answers.item(ARGENTIERE, complete),
                            Answers.item(ANCELLE, complete))))
                    .post(batchPath(code))
                    .then().statusCode(200)
                    .body("results.status", contains("SUBMITTED", "FAILED", "SUBMITTED"));
        } finally {
            try (Connection c = db(); Statement st = c.createStatement()) {
                st.execute("drop trigger rev_refuse_argentiere on response");
                st.execute("drop function rev_refuse_argentiere()");
            }
        }
        List<WebhookRows.Event> events = webhooks.events(ResponseEvents.SUBMITTED, code);
        assertEquals(2, events.size(), "one per response written, none of the rolled-back transaction");
        assertEquals(Set.of(AIGUILLES, ANCELLE), Set.of(events.get(0).siren(), events.get(1).siren()));
        assertTrue(events.stream().allMatch(e -> e.data().get("revision").asInt() == 1));
    }

    @Test
    void aReopeningWritesTheNewDraftRevision() {
        String code = "rev-reopen";
        List<Map<String, Object>> complete = openCampaign(code);
        Campaigns.setNetworks(ANCELLE, "FRANCE_URBAINE");
        String subscription = webhooks.subscribe("rev-portal", ResponseEvents.REOPENED);
        Responses.createAndSubmit(partner(), code, ANCELLE, complete);
        assertEquals(0, webhooks.eventCount(code), "nobody wants response.submitted");

        given().auth().oauth2(Tokens.admin()).post(path(code, ANCELLE) + "/reopen").then().statusCode(200)
                .body("revision", equalTo(2));
        given().auth().oauth2(Tokens.admin()).post(path(code, ANCELLE) + "/reopen").then().statusCode(409);   // a draft already

        List<WebhookRows.Event> events = webhooks.events(ResponseEvents.REOPENED, code);
        assertEquals(1, events.size());
        assertResponseEvent(events.get(0), ResponseEvents.REOPENED, code, ANCELLE, 2);
        assertEquals(Set.of("FRANCE_URBAINE"), events.get(0).networks());
        assertEquals(Map.of(subscription, "PENDING"), webhooks.deliveries(events.get(0).id()));
    }
}
