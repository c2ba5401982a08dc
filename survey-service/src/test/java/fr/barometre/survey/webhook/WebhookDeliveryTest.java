package fr.barometre.survey.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.identity.InMemoryDirectory;
import fr.barometre.survey.identity.IdentityDirectory;
import fr.barometre.survey.security.PartnerScope;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static fr.barometre.survey.webhook.Webhooks.dueNow;
import static fr.barometre.survey.webhook.Webhooks.sql;
import static fr.barometre.survey.webhook.Webhooks.subscribe;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deliveries to a real HTTP receiver on 127.0.0.1, made by the real worker ({@link WebhookDispatcher},
 * called here rather than by its schedule, which the tests turn off): signed, only for committed events,
 * retried with a growing backoff, disabled after failing long enough, checked against the partner's scope
 * (the real {@code PartnerScopeSubscribers} over the tests' in-memory identity directory) and against
 * local targets at each attempt.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class WebhookDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    @Inject
    WebhookEvents events;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    IdentityDirectory directory;

    @Inject
    io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter spans;

    /** Each test's subscriptions go with it: no later test's round spends time on receivers that are gone. */
    @org.junit.jupiter.api.BeforeEach
    @org.junit.jupiter.api.AfterEach
    void dropSubscriptions() {
        sql("delete from webhook_subscription where client_id like 'hooks-%'");
    }

    @Test
    void theBackoffDoublesFromInitialUpToMax() {
        // the tests' settings: initial-backoff 200ms, max-backoff 2s
        assertEquals(List.of(200L, 400L, 800L, 1600L, 2000L, 2000L),
                java.util.stream.IntStream.of(1, 2, 3, 4, 5, 30).mapToObj(n -> dispatcher.backoff(n).toMillis()).toList());
    }

    private static String newClient() {
        return "hooks-" + CLIENTS.incrementAndGet() + "-" + System.nanoTime();
    }

    private static String partner(String client, String... sirens) {
        return Tokens.partnerClient(client, List.of(), List.of(sirens));
    }

    private void emit(String type, String campaign, String siren) {
        QuarkusTransaction.requiringNew().run(() -> events.emit(event(type, campaign, siren)));
    }

    private static WebhookEvent event(String type, String campaign, String siren) {
        return siren == null
                ? new WebhookEvent(type, campaign, null, null, Map.of("campaign", campaign, "path", "/campaigns/" + campaign))
                : new WebhookEvent(type, campaign, siren, Set.of("FRANCE_URBAINE"), Map.of("campaign", campaign, "siren", siren,
                "revision", 3, "path", "/campaigns/" + campaign + "/responses/" + siren));
    }

    private static JsonPath deliveries(String token, String subscription) {
        return given().auth().oauth2(token).get("/webhooks/" + subscription + "/deliveries")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aCommittedEventIsDeliveredSignedOnlyOnceItsTransactionCommits() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String token = partner(newClient());
            JsonPath created = subscribe(token, receiver.url("/hooks/barometre?source=survey"), List.of("campaign.opened"));
            String id = created.getString("id");
            String secret = created.getString("secret");
            String campaign = "hooks-commit-" + System.nanoTime();

            QuarkusTransaction.requiringNew().run(() -> {
                events.emit(event("campaign.opened", campaign, null));
                // another worker, while the change is not committed, finds nothing to deliver
                Thread worker = new Thread(dispatcher::deliverDue);
                worker.start();
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(receiver.received().isEmpty(), "delivered before its transaction committed");

            dispatcher.deliverDue();
            assertEquals(1, receiver.received().size());
            WebhookReceiver.Received request = receiver.received().get(0);
            String eventId = sql("select id from webhook_event where campaign = ?", campaign).get(0);
            String stored = sql("select payload::text from webhook_event where id = ?::uuid", eventId).get(0);
            assertEquals("/hooks/barometre?source=survey", request.path());
            assertEquals(stored, request.body(), "the body is the stored payload's text, byte for byte");
            assertEquals("application/json", request.header("content-type"));
            assertEquals(eventId, request.header("webhook-id"));
            long timestamp = Long.parseLong(request.header("webhook-timestamp"));
            assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 60);
            assertTrue(WebhookSignature.verify(secret, eventId, timestamp, request.body(), request.header("webhook-signature")),
                    "the signature verifies with the subscription's secret");
            assertFalse(WebhookSignature.verify(WebhookSignature.newSecret(), eventId, timestamp, request.body(),
                    request.header("webhook-signature")), "and with no other");
            JsonNode body = JSON.readTree(request.body());
            assertEquals("campaign.opened", body.path("type").asText());
            assertEquals(campaign, body.path("data").path("campaign").asText());
            assertEquals("/campaigns/" + campaign, body.path("data").path("path").asText());

            JsonPath delivery = deliveries(token, id);
            assertEquals("DELIVERED", delivery.getString("items[0].status"));
            assertEquals(eventId, delivery.getString("items[0].webhookId"));
            assertEquals("campaign.opened", delivery.getString("items[0].eventType"));
            assertEquals(1, delivery.getInt("items[0].attempts"));
            assertEquals(204, delivery.getInt("items[0].lastStatusCode"));
            assertNotNull(delivery.getString("items[0].deliveredAt"));

            dispatcher.deliverDue();
            assertEquals(1, receiver.received().size(), "a delivered event is not sent again");
        }
    }

    @Test
    void aRolledBackEventIsNeverDelivered() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            subscribe(partner(newClient()), receiver.url("/"), List.of("campaign.closed"));
            String campaign = "hooks-rollback-" + System.nanoTime();
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    events.emit(event("campaign.closed", campaign, null));
                    throw new IllegalStateException("the change fails after its event was written");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
            dispatcher.deliverDue();
            assertTrue(receiver.received().isEmpty());
            assertTrue(sql("select id from webhook_event where campaign = ?", campaign).isEmpty());
        }
    }

    @Test
    void aRefusedDeliveryIsRetriedWithAGrowingBackoffUntilItSucceeds() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver().answering(500)) {
            String token = partner(newClient());
            String id = subscribe(token, receiver.url("/"), List.of("campaign.opened")).getString("id");
            emit("campaign.opened", "hooks-retry-" + System.nanoTime(), null);

            Instant before = Instant.now();
            dispatcher.deliverDue();
            Instant after = Instant.now();
            JsonPath first = deliveries(token, id);
            assertEquals("PENDING", first.getString("items[0].status"));
            assertEquals(1, first.getInt("items[0].attempts"));
            assertEquals(500, first.getInt("items[0].lastStatusCode"));
            assertEquals("HTTP 500", first.getString("items[0].lastError"));
            Instant firstNext = Instant.parse(first.getString("items[0].nextAttemptAt"));
            JsonPath subscription = given().auth().oauth2(token).get("/webhooks/" + id).then().statusCode(200).extract().jsonPath();
            assertNotNull(subscription.getString("failingSince"), "a failing subscription says since when");

            Thread.sleep(Math.max(0, Duration.between(Instant.now(), firstNext).toMillis() + 20));
            Instant before2 = Instant.now();
            dispatcher.deliverDue();
            Instant after2 = Instant.now();
            assertEquals(2, receiver.received().size());
            JsonPath again = deliveries(token, id);
            assertEquals(2, again.getInt("items[0].attempts"));
            Instant secondNext = Instant.parse(again.getString("items[0].nextAttemptAt"));
            // initial-backoff 200 ms in the tests: 200 ms after the first failure, 400 ms after the second, each
            // counted from the attempt, which was made between the instants taken around the worker's round
            assertTrue(!firstNext.isBefore(before.plusMillis(190)) && !firstNext.isAfter(after.plusMillis(210)),
                    "first retry at " + firstNext + ", attempt between " + before + " and " + after);
            assertTrue(!secondNext.isBefore(before2.plusMillis(390)) && !secondNext.isAfter(after2.plusMillis(410)),
                    "second retry at " + secondNext + ", attempt between " + before2 + " and " + after2);
            assertEquals(receiver.received().get(0).header("webhook-id"), receiver.received().get(1).header("webhook-id"),
                    "the same webhook-id at every attempt");

            receiver.answering(200);
            WebhookReceiver.await(() -> receiver.received().size() == 3, dispatcher::deliverDue);
            JsonPath done = deliveries(token, id);
            assertEquals("DELIVERED", done.getString("items[0].status"));
            assertEquals(3, done.getInt("items[0].attempts"));
            assertNull(given().auth().oauth2(token).get("/webhooks/" + id).then().extract().jsonPath().getString("failingSince"),
                    "a success ends the failing");
        }
    }

    @Test
    void aReceiverTooSlowIsAFailedAttemptRetriedLater() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver().after(Duration.ofMillis(1800))) {
            String token = partner(newClient());
            String id = subscribe(token, receiver.url("/slow"), List.of("campaign.opened")).getString("id");
            emit("campaign.opened", "hooks-slow-" + System.nanoTime(), null);

            long start = System.nanoTime();
            dispatcher.deliverDue();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            JsonPath first = deliveries(token, id);
            assertEquals("PENDING", first.getString("items[0].status"));
            assertEquals(1, first.getInt("items[0].attempts"));
            assertTrue(first.getString("items[0].lastError").contains("no answer within 1000 ms")
                    || first.getString("items[0].lastError").contains("imeout"), first.getString("items[0].lastError"));
            assertTrue(tookMs < 1700, "the worker gave up after its timeout (1 s), took " + tookMs + " ms");

            receiver.after(Duration.ZERO);
            WebhookReceiver.await(() -> "DELIVERED".equals(deliveries(token, id).getString("items[0].status")), dispatcher::deliverDue);
            assertEquals(2, deliveries(token, id).getInt("items[0].attempts"));
        }
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            // a 303 is the redirection an HTTP client follows even for a POST (as a GET)
            receiver.answering(303).redirectingTo(receiver.url("/elsewhere"));
            String token = partner(newClient());
            String id = subscribe(token, receiver.url("/moved"), List.of("campaign.opened")).getString("id");
            emit("campaign.opened", "hooks-redirect-" + System.nanoTime(), null);
            dispatcher.deliverDue();
            assertEquals(1, receiver.received().size());
            assertEquals("/moved", receiver.received().get(0).path());
            JsonPath delivery = deliveries(token, id);
            assertEquals("PENDING", delivery.getString("items[0].status"));
            assertEquals(303, delivery.getInt("items[0].lastStatusCode"));
        }
    }

    @Test
    void aSubscriptionFailingForDisableAfterIsDisabledItsPendingDeliveriesFailAndARetryEnablesIt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver().answering(503)) {
            String token = partner(newClient());
            String id = subscribe(token, receiver.url("/"), List.of("campaign.opened")).getString("id");
            emit("campaign.opened", "hooks-disable-a-" + System.nanoTime(), null);
            emit("campaign.opened", "hooks-disable-b-" + System.nanoTime(), null);
            dispatcher.deliverDue();
            assertEquals(2, receiver.received().size());
            JsonPath failing = given().auth().oauth2(token).get("/webhooks/" + id).then().extract().jsonPath();
            assertEquals("ACTIVE", failing.getString("status"), "failing for less than disable-after: still active");

            // failing for more than three days (disable-after) by the time of the next failure
            sql("update webhook_subscription set failing_since = now() - interval '3 days 1 minute' where id = ?::uuid", id);
            dueNow(id);
            dispatcher.deliverDue();
            JsonPath disabled = given().auth().oauth2(token).get("/webhooks/" + id).then().extract().jsonPath();
            assertEquals("DISABLED", disabled.getString("status"));
            assertNotNull(disabled.getString("disabledAt"));
            assertTrue(disabled.getString("disabledReason").matches("failing since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(3 days\\)"),
                    disabled.getString("disabledReason"));
            assertEquals(List.of("SYSTEM|survey-service|failing for 3 days"), sql("select actor_kind || '|' || actor_name || '|' || actor_trigger"
                    + " from audit_entry where action = 'webhook.disabled' and target = ?", "webhook:" + id));
            int sent = receiver.received().size();

            dueNow(id);
            dispatcher.deliverDue();
            assertEquals(sent, receiver.received().size(), "nothing is sent to a disabled subscription");
            JsonPath after = deliveries(token, id);
            List<String> statuses = after.getList("items.status");
            assertTrue(statuses.contains("FAILED"), "its pending deliveries fail: " + statuses);
            emit("campaign.opened", "hooks-disable-c-" + System.nanoTime(), null);
            assertEquals(2, deliveries(token, id).getInt("total"), "a disabled subscription gets no new delivery");

            receiver.answering(204);
            String failed = after.getString("items.find { it.status == 'FAILED' }.id");
            JsonPath retried = given().auth().oauth2(token).post("/webhooks/" + id + "/deliveries/" + failed + "/retry")
                    .then().statusCode(200).extract().jsonPath();
            assertEquals("PENDING", retried.getString("status"));
            JsonPath enabled = given().auth().oauth2(token).get("/webhooks/" + id).then().extract().jsonPath();
            assertEquals("ACTIVE", enabled.getString("status"), "retrying a disabled subscription's delivery enables it");
            assertNull(enabled.getString("failingSince"));
            dispatcher.deliverDue();
            assertEquals("DELIVERED", deliveries(token, id).getString("items.find { it.id == '" + failed + "' }.status"));
            assertEquals(List.of("true"), sql("select detail->>'enabled' from audit_entry where action = 'webhook.delivery-retried'"
                    + " and target = ?", "webhook:" + id));
        }
    }

    /** A partner's subscription and an integration's (a client that is no partner), both to the same events. */
    private record Subscribers(String client, String partnerToken, String partner, String integration) {
    }

    /**
     * A partner whose scope covers {@code inScope} alone, subscribed at {@code /partner} of the receiver, and a client
     * that is no partner of the directory, subscribed by an admin at {@code /integration}: both to
     * {@code response.submitted} and {@code campaign.opened}.
     */
    private Subscribers partnerAndIntegration(WebhookReceiver receiver, String inScope) {
        String client = newClient();
        ((InMemoryDirectory) directory).partnerScopes().put(client, new PartnerScope(Set.of(), Set.of(inScope)));
        String token = partner(client, inScope);
        String partner = subscribe(token, receiver.url("/partner"), List.of("response.submitted", "campaign.opened")).getString("id");
        String integration = subscribe(Tokens.admin(), Map.of("url", receiver.url("/integration"),
                "events", List.of("response.submitted", "campaign.opened"), "clientId", newClient())).getString("id");
        return new Subscribers(client, token, partner, integration);
    }

    @Test
    void anAuthorityOutsideThePartnersScopeIsOutOfScopeAndANonPartnerGetsNoAuthoritysEvent() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String inScope = "243500139";
            String outOfScope = "216901231";
            Subscribers subscribers = partnerAndIntegration(receiver, inScope);
            String token = subscribers.partnerToken();
            String id = subscribers.partner();
            String other = subscribers.integration();
            String campaign = "hooks-scope-" + System.nanoTime();
            emit("response.submitted", campaign, inScope);
            emit("response.submitted", campaign, outOfScope);
            emit("campaign.opened", campaign, null);

            dispatcher.deliverDue();
            List<String> toPartner = receiver.received().stream().filter(r -> r.path().equals("/partner")).map(r -> r.body()).toList();
            assertEquals(2, toPartner.size(), "the partner gets its authority's event and the campaign's");
            assertTrue(toPartner.stream().noneMatch(b -> b.contains(outOfScope)));
            JsonPath partnerDeliveries = deliveries(token, id);
            assertEquals(1, partnerDeliveries.getList("items.findAll { it.status == 'OUT_OF_SCOPE' }").size());
            List<String> toIntegration = receiver.received().stream().filter(r -> r.path().equals("/integration")).map(r -> r.body()).toList();
            assertEquals(1, toIntegration.size(), "a client that is no partner gets the campaign's event only");
            assertTrue(toIntegration.get(0).contains("campaign.opened"));
            assertEquals(2, deliveries(Tokens.admin(), other).getList("items.findAll { it.status == 'OUT_OF_SCOPE' }").size());

            // the scope narrowed after the event was written: checked at delivery, not at writing
            emit("response.submitted", campaign, inScope);
            ((InMemoryDirectory) directory).partnerScopes().put(subscribers.client(), new PartnerScope(Set.of(), Set.of()));
            dispatcher.deliverDue();
            assertEquals(2, deliveries(token, id).getList("items.findAll { it.status == 'OUT_OF_SCOPE' }").size());
        }
    }

    /**
     * A batch's events are addressed as they are written: an authority's event gets a delivery only for the
     * subscribers whose partner's scope covers it, and is not written when nobody's does; a campaign's event gets
     * one per subscriber; nothing is settled out of scope afterwards.
     */
    @Test
    void aBatchsEventsGetDeliveriesOnlyForTheSubscribersWhoseScopeCoversTheirAuthority() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String inScope = "243500139";
            String outOfScope = "216901231";
            String campaign = "hooks-batch-" + System.nanoTime();
            Subscribers to = partnerAndIntegration(receiver, inScope);
            QuarkusTransaction.requiringNew().run(() -> {
                events.emitEach("response.submitted", List.of(inScope, outOfScope), siren -> event("response.submitted", campaign, siren));
                events.emitAll("campaign.opened", () -> List.of(event("campaign.opened", campaign, null)));
            });

            assertEquals(List.of(inScope), sql("select siren from webhook_event where campaign = ? and siren is not null", campaign),
                    "no event about an authority no subscriber may be told of");
            assertEquals(List.of(to.partner()), sql("""
                    select d.subscription_id::text from webhook_delivery d join webhook_event e on e.id = d.event_id
                    where e.campaign = ? and e.siren is not null""", campaign), "the partner's, not the integration's");
            assertEquals(Set.of(to.partner(), to.integration()), Set.copyOf(sql("""
                    select d.subscription_id::text from webhook_delivery d join webhook_event e on e.id = d.event_id
                    where e.campaign = ? and e.type = 'campaign.opened'""", campaign)), "a campaign's event: every subscriber");

            dispatcher.deliverDue();
            assertEquals(2, receiver.received().stream().filter(r -> r.path().equals("/partner")).count());
            assertEquals(1, receiver.received().stream().filter(r -> r.path().equals("/integration")).count());
            assertEquals(0, deliveries(to.partnerToken(), to.partner()).getList("items.findAll { it.status == 'OUT_OF_SCOPE' }").size());
            assertEquals(0, deliveries(Tokens.admin(), to.integration()).getList("items.findAll { it.status == 'OUT_OF_SCOPE' }").size());
        }
    }

    /**
     * While a subscriber's scope cannot be read, a batch's events get its deliveries (asked once for the batch),
     * and the scope is checked when they are made: nothing dropped, nothing sent outside the scope.
     */
    @Test
    void aBatchsEventsGetTheDeliveriesOfASubscriberWhoseScopeCannotBeReadAndTheScopeDecidesAtDelivery() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String inScope = "243500139";
            String outOfScope = "216901231";
            String client = newClient();
            ((InMemoryDirectory) directory).partnerScopes().put(client, new PartnerScope(Set.of(), Set.of(inScope)));
            String token = partner(client, inScope);
            String id = subscribe(token, receiver.url("/partner"), List.of("response.submitted")).getString("id");
            String campaign = "hooks-batch-unknown-" + System.nanoTime();
            WebhookEvents writer = io.quarkus.arc.ClientProxy.unwrap(events);
            SubscriberScopes real = writer.scopes;
            AtomicInteger asked = new AtomicInteger();
            writer.scopes = (c, siren, networks) -> {
                asked.incrementAndGet();
                throw new SubscriberScopes.ScopeUnknown("the identity provider is down", null);
            };
            try {
                QuarkusTransaction.requiringNew().run(() -> events.emitEach("response.submitted", List.of(inScope, outOfScope, "200046977"),
                        siren -> event("response.submitted", campaign, siren)));
            } finally {
                writer.scopes = real;
            }
            assertEquals(1, asked.get(), "asked once for the batch");
            assertEquals(3, deliveries(token, id).getList("items").size());

            dispatcher.deliverDue();
            List<String> sent = receiver.received().stream().map(r -> r.body()).toList();
            assertEquals(1, sent.size());
            assertTrue(sent.get(0).contains(inScope));
            assertEquals(2, deliveries(token, id).getList("items.findAll { it.status == 'OUT_OF_SCOPE' }").size());
        }
    }

    @Test
    void aHostThatIsLocalAtDeliveryTimeIsNotSentTo() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String token = partner(newClient());
            String id = subscribe(token, receiver.url("/"), List.of("campaign.opened")).getString("id");
            // the stored URL now names a host resolving to this machine, which allow-local (http://127.0.0.1) does not cover
            sql("update webhook_subscription set url = ? where id = ?::uuid", "https://localhost:" + receiver.port() + "/", id);
            emit("campaign.opened", "hooks-rebind-" + System.nanoTime(), null);
            dispatcher.deliverDue();
            assertTrue(receiver.received().isEmpty(), "sent to a loopback address");
            JsonPath delivery = deliveries(token, id);
            assertEquals("PENDING", delivery.getString("items[0].status"));
            assertEquals(1, delivery.getInt("items[0].attempts"));
            assertTrue(delivery.getString("items[0].lastError").startsWith("not sent: the host localhost resolves to"),
                    delivery.getString("items[0].lastError"));
            assertTrue(delivery.getString("items[0].lastError").contains("loopback"), delivery.getString("items[0].lastError"));
        }
    }

    /**
     * Deliveries to one receiver share connections: a round of 40 (two waves of calls) opens no more connections
     * than a wave's calls, and a later round's deliveries go over connections already open. Fails with a
     * connection opened for each delivery (keep-alive off).
     */
    @Test
    void deliveriesToOneReceiverGoOverConnectionsKeptOpen() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String token = partner(newClient());
            subscribe(token, receiver.url("/kept"), List.of("campaign.opened"));
            String campaign = "hooks-kept-" + System.nanoTime();
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < 40; i++) {
                    events.emit(event("campaign.opened", campaign + "-" + i, null));
                }
            });
            dispatcher.deliverDue();
            assertEquals(40, receiver.received().size());
            Set<Integer> first = receiver.received().stream().map(WebhookReceiver.Received::senderPort)
                    .collect(java.util.stream.Collectors.toSet());
            assertTrue(first.size() <= WebhookDispatcher.IN_FLIGHT, first.size() + " connections for 40 deliveries");

            emit("campaign.opened", campaign + "-later", null);
            dispatcher.deliverDue();
            assertEquals(41, receiver.received().size());
            int later = receiver.received().get(40).senderPort();
            assertTrue(first.contains(later), "the later delivery came over a new connection, port " + later);
        }
    }

    /** A delivery's call starts no span (each would be a trace of its own, costing about as much as the call). */
    @Test
    void aDeliveryIsNotTraced() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            subscribe(partner(newClient()), receiver.url("/untraced"), List.of("campaign.opened"));
            emit("campaign.opened", "hooks-untraced-" + System.nanoTime(), null);
            dispatcher.deliverDue();
            assertEquals(1, receiver.received().size());
            Thread.sleep(600);   // six export periods of the tests (100 ms)
            String port = Integer.toString(receiver.port());
            List<String> traced = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getAttributes().asMap().values().stream().anyMatch(v -> String.valueOf(v).contains(port)))
                    .map(s -> s.getName() + " " + s.getAttributes()).toList();
            assertEquals(List.of(), traced);
        }
    }

    @Test
    void aPingIsDeliveredToItsSubscriptionAlone() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String token = partner(newClient());
            String id = subscribe(token, receiver.url("/ping"), List.of("campaign.closed")).getString("id");
            String secret = sql("select secret from webhook_subscription where id = ?::uuid", id).get(0);
            try (WebhookReceiver bystander = new WebhookReceiver()) {
                subscribe(token, bystander.url("/"), List.of("campaign.closed"));
                JsonPath ping = given().auth().oauth2(token).post("/webhooks/" + id + "/ping")
                        .then().statusCode(202).extract().jsonPath();
                assertEquals("PENDING", ping.getString("status"));
                assertEquals("ping", ping.getString("eventType"));
                dispatcher.deliverDue();
                assertTrue(bystander.received().isEmpty());
            }
            assertEquals(1, receiver.received().size());
            WebhookReceiver.Received request = receiver.received().get(0);
            JsonNode body = JSON.readTree(request.body());
            assertEquals("ping", body.path("type").asText());
            assertEquals(id, body.path("data").path("subscription").asText());
            assertTrue(WebhookSignature.verify(secret, request.header("webhook-id"), Long.parseLong(request.header("webhook-timestamp")),
                    request.body(), request.header("webhook-signature")));
        }
    }

    /**
     * While the partners' scopes cannot be read, an authority's event waits, neither sent nor dropped. The
     * real worker is given, for this test only, scopes that cannot be read (its field set and put back: a
     * CDI alternative would need a test profile of its own, a second start of the application).
     */
    @Test
    void anEventWhoseScopeCannotBeReadWaitsUnsent() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String client = newClient();
            ((InMemoryDirectory) directory).partnerScopes().put(client, new PartnerScope(Set.of(), Set.of("243500139")));
            String token = partner(client, "243500139");
            String id = subscribe(token, receiver.url("/"), List.of("response.submitted")).getString("id");
            emit("response.submitted", "hooks-unknown-" + System.nanoTime(), "243500139");
            WebhookDispatcher worker = io.quarkus.arc.ClientProxy.unwrap(dispatcher);
            SubscriberScopes real = worker.scopes;
            worker.scopes = (c, siren, networks) -> {
                throw new SubscriberScopes.ScopeUnknown("the identity provider is down", null);
            };
            try {
                dispatcher.deliverDue();
            } finally {
                worker.scopes = real;
            }
            assertTrue(receiver.received().isEmpty(), "sent unchecked");
            JsonPath waiting = deliveries(token, id);
            assertEquals("PENDING", waiting.getString("items[0].status"));
            assertTrue(waiting.getString("items[0].lastError").contains("cannot be read"), waiting.getString("items[0].lastError"));
            assertNull(given().auth().oauth2(token).get("/webhooks/" + id).then().extract().jsonPath().getString("failingSince"),
                    "the receiver is not failing: it was not called");
            dueNow(id);
            dispatcher.deliverDue();
            assertEquals(1, receiver.received().size(), "sent once the scope is read");
        }
    }
}
