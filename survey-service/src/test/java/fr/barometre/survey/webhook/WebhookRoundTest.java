package fr.barometre.survey.webhook;

import fr.barometre.survey.identity.InMemoryDirectory;
import fr.barometre.survey.identity.IdentityDirectory;
import fr.barometre.survey.security.PartnerScope;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static fr.barometre.survey.webhook.Webhooks.sql;
import static fr.barometre.survey.webhook.Webhooks.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker's rounds of many deliveries (settled set-based, the calls made all at once): each delivery gets
 * its own outcome, and a round that comes late never overwrites the outcome of a worker that took a delivery
 * over once its lease ended.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class WebhookRoundTest {

    private static final String IN_SCOPE = "243500139";

    @Inject
    WebhookEvents events;

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    WebhookRepository repository;

    @Inject
    IdentityDirectory directory;

    @BeforeEach
    @AfterEach
    void dropSubscriptions() {
        sql("delete from webhook_subscription where client_id like 'hooks-%'");
    }

    /** A partner whose scope covers {@link #IN_SCOPE} alone, subscribed to {@code type} at {@code url}; its subscription's id. */
    private String partnerSubscribed(String url, String type) {
        String client = "hooks-round-" + System.nanoTime();
        ((InMemoryDirectory) directory).partnerScopes().put(client, new PartnerScope(Set.of(), Set.of(IN_SCOPE)));
        return subscribe(Tokens.partnerClient(client, List.of(), List.of(IN_SCOPE)), url, List.of(type)).getString("id");
    }

    /**
     * The events of {@code sirens}, in one transaction, each written as a single change writes its event: a delivery
     * per subscription wanting the type, the scope decided by the round (those out of scope end {@code OUT_OF_SCOPE}).
     */
    private void emit(String type, String campaign, List<String> sirens) {
        QuarkusTransaction.requiringNew().run(() -> sirens.forEach(siren -> events.emit(event(type, campaign, siren))));
    }

    /** The same events as a batch writes them: addressed, a delivery only for the subscriptions in scope. */
    private void emitBatch(String type, String campaign, List<String> sirens) {
        QuarkusTransaction.requiringNew().run(() -> events.emitAll(type, () -> sirens.stream()
                .map(siren -> event(type, campaign, siren)).toList()));
    }

    private static WebhookEvent event(String type, String campaign, String siren) {
        return siren == null
                ? new WebhookEvent(type, campaign, null, null, Map.of("campaign", campaign, "path", "/campaigns/" + campaign))
                : new WebhookEvent(type, campaign, siren, Set.of("FRANCE_URBAINE"), Map.of("campaign", campaign,
                "siren", siren, "revision", 1, "path", "/campaigns/" + campaign + "/responses/" + siren));
    }

    private static List<String> outOfScope(int n) {
        return IntStream.range(0, n).mapToObj(i -> String.format("2%08d", i)).toList();
    }

    private static List<String> inScope(int n) {
        return IntStream.range(0, n).mapToObj(i -> IN_SCOPE).toList();
    }

    private static List<String> none(int n) {
        return IntStream.range(0, n).mapToObj(i -> (String) null).toList();
    }

    /** A subscription's deliveries counted by status, attempts and last status code. */
    private static List<String> tally(String subscription) {
        return sql("select status || '|' || attempts || '|' || coalesce(last_status_code::text, '-') || '|' || count(*)"
                + " from webhook_delivery where subscription_id = ?::uuid group by status, attempts, last_status_code"
                + " order by 1", subscription);
    }

    @Test
    void aRoundOfManyDeliveriesSettlesEachWithItsOwnStatus() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(); WebhookReceiver refusing = new WebhookReceiver().answering(503)) {
            String campaign = "hooks-round-" + System.nanoTime();
            String partner = partnerSubscribed(receiver.url("/partner"), "response.submitted");
            String failing = partnerSubscribed(refusing.url("/refusing"), "campaign.opened");
            String disabled = partnerSubscribed(receiver.url("/disabled"), "campaign.closed");
            emit("response.submitted", campaign, interleaved(outOfScope(300), inScope(50)));
            emit("campaign.opened", campaign, none(10));
            emit("campaign.closed", campaign, none(20));
            sql("update webhook_subscription set disabled_at = now(), disabled_reason = 'by the test' where id = ?::uuid", disabled);

            assertEquals(380, dispatcher.deliverDue());

            assertEquals(List.of("DELIVERED|1|204|50", "OUT_OF_SCOPE|0|-|300"), tally(partner));
            assertEquals(List.of("PENDING|1|503|10"), tally(failing));
            assertEquals(List.of("FAILED|0|-|20"), tally(disabled));
            assertEquals(50, receiver.received().size(), "the deliveries in the partner's scope, and no other");
            assertEquals(50, receiver.received().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet()).size(),
                    "each event once");
            assertEquals(Set.of("/partner"), receiver.received().stream().map(WebhookReceiver.Received::path).collect(Collectors.toSet()));
            assertEquals(10, refusing.received().size());
            assertEquals(List.of("the authority 200000007 is outside the scope of " + sql(
                    "select client_id from webhook_subscription where id = ?::uuid", partner).get(0)),
                    sql("select d.last_error from webhook_delivery d join webhook_event e on e.id = d.event_id"
                            + " where d.subscription_id = ?::uuid and e.siren = '200000007'", partner));
            assertNotNull(sql("select failing_since from webhook_subscription where id = ?::uuid", failing).get(0),
                    "a refused round marks its subscription failing");
            assertEquals(List.of("the subscription is disabled"),
                    sql("select distinct last_error from webhook_delivery where subscription_id = ?::uuid", disabled));
        }
    }

    /** out-of-scope and in-scope sirens mixed, so that every round has both. */
    private static List<String> interleaved(List<String> many, List<String> few) {
        List<String> all = new java.util.ArrayList<>(many);
        for (int i = 0; i < few.size(); i++) {
            all.add(i * many.size() / few.size() + i, few.get(i));
        }
        return all;
    }

    @Test
    void aLateRoundDoesNotOverwriteTheOutcomeOfAWorkerThatTookItsDeliveryOver() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String campaign = "hooks-late-" + System.nanoTime();
            String partner = partnerSubscribed(receiver.url("/late"), "response.submitted");
            emit("response.submitted", campaign, interleaved(outOfScope(4), inScope(4)));
            List<WebhookRepository.Claimed> round = QuarkusTransaction.requiringNew()
                    .call(() -> repository.claim(100, Duration.ofMillis(1)));
            assertEquals(8, round.stream().filter(d -> d.siren() != null && campaignOf(d).equals(campaign)).count());

            // the lease ended and another worker claimed two of them, one in scope, one not, and recorded a failed attempt
            List<String> takenOver = List.of(
                    round.stream().filter(d -> IN_SCOPE.equals(d.siren())).findFirst().orElseThrow().id().toString(),
                    round.stream().filter(d -> !IN_SCOPE.equals(d.siren())).findFirst().orElseThrow().id().toString());
            for (String id : takenOver) {
                sql("update webhook_delivery set attempts = attempts + 1, last_status_code = 503, last_error = 'HTTP 503',"
                        + " next_attempt_at = now() + interval '1 hour' where id = ?::uuid", id);
            }
            dispatcher.deliver(round);

            for (String id : takenOver) {
                assertEquals(List.of("PENDING|1|503|HTTP 503"), sql("select status || '|' || attempts || '|' || last_status_code"
                        + " || '|' || last_error from webhook_delivery where id = ?::uuid", id), "overwritten by the late round");
            }
            assertEquals(List.of("DELIVERED|1|204|3", "OUT_OF_SCOPE|0|-|3", "PENDING|1|503|2"), tally(partner),
                    "the others settled by the round");
        }
    }

    /**
     * A round's record does not read the partial index of due deliveries, whatever the statistics say (it finds
     * its deliveries by their key, or on a table this small by one read of it): here they were gathered
     * while none of the subscription's deliveries was pending, then 3,000 became pending (a burst the statistics
     * do not know of yet, as during a national edition's intake). Fails with the guard written
     * {@code d.status = 'PENDING'}: the partial index of due deliveries is then read whole for each round.
     */
    @Test
    void aRoundsRecordFindsItsDeliveriesByTheirKeyWhenTheStatisticsLagABurst() throws SQLException {
        String campaign = "hooks-plan-" + System.nanoTime();
        String subscription = partnerSubscribed("http://127.0.0.1:9/plan", "response.submitted");
        emit("response.submitted", campaign, outOfScope(2000));
        sql("update webhook_delivery set status = 'OUT_OF_SCOPE' where subscription_id = ?::uuid", subscription);
        sql("analyze webhook_delivery");
        emit("response.submitted", campaign + "-burst", outOfScope(3000));
        List<String> round = sql("select id::text from webhook_delivery where subscription_id = ?::uuid and status = 'PENDING'"
                + " order by next_attempt_at limit 200", subscription);
        assertEquals(200, round.size());
        for (String statement : List.of(WebhookRepository.FINISH, WebhookRepository.POSTPONE)) {
            String plan = explain(statement, round);
            assertFalse(plan.contains("webhook_delivery_due"), plan);
        }
    }

    /**
     * A claim writes its lease in a column no index holds, so that where the delivery's page has room (the table
     * keeps half of each page for updates) it is a heap-only update: no index written. Counted by PostgreSQL for
     * the transaction, in one that writes 20 deliveries, claims them, and is rolled back (the other pending
     * deliveries set aside in it, so that only these are claimed). Fails with a claim that moves the due time
     * (held by the index of due deliveries) to lease it.
     */
    @Test
    void aClaimWritesNoIndex() throws SQLException {
        String subscription = partnerSubscribed("http://127.0.0.1:9/claim", "response.submitted");
        withTheseDeliveriesAlonePending(subscription, 20, c -> {
            long[] before = updates(c);
            assertEquals(20, claim(c, Duration.ofMinutes(1)));
            long[] after = updates(c);
            assertEquals(20, after[0] - before[0], "rows the claim updated");
            assertEquals(20, after[1] - before[1], "of which heap-only (no index written)");
        });
    }

    /** A claimed delivery is left alone by every other claim until its lease ends, then claimed again. */
    @Test
    void aClaimedDeliveryIsLeftAloneUntilItsLeaseEnds() throws SQLException {
        String subscription = partnerSubscribed("http://127.0.0.1:9/lease", "response.submitted");
        withTheseDeliveriesAlonePending(subscription, 5, c -> {
            assertEquals(5, claim(c, Duration.ofMinutes(1)));
            assertEquals(0, claim(c, Duration.ofMinutes(1)), "claimed again during the lease");
            execute(c, "update webhook_delivery set leased_until = now() - interval '1 second' where leased_until is not null");
            assertEquals(5, claim(c, Duration.ofMinutes(1)), "left alone once the lease ended");
        });
    }

    /**
     * Writing an event's deliveries locks no subscription: concurrent changes telling of events to the same
     * subscriber would otherwise all lock its row, a lock PostgreSQL shares between transactions at a cost on every
     * write. While a transaction that wrote a delivery to the subscription is open, another takes the row's strongest
     * lock at once. Fails with the deliveries' foreign key to their subscription (its check locks the row).
     */
    @Test
    void writingADeliveryLocksNoSubscription() throws SQLException {
        String subscription = partnerSubscribed("http://127.0.0.1:9/locks", "response.submitted");
        try (Connection writer = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             Connection other = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection()) {
            writer.setAutoCommit(false);
            try (PreparedStatement emit = writer.prepareStatement(WebhookEvents.EMIT)) {
                emit.setString(1, "response.submitted");
                emit.setString(2, "response.submitted");
                emit.setString(3, "response.submitted");
                emit.setString(4, "[{\"campaign\": \"hooks-locks\", \"siren\": \"" + IN_SCOPE + "\", \"networks\": [], \"data\": {}}]");
                assertTrue(emit.executeUpdate() >= 1, "a delivery written");
                try (PreparedStatement lock = other.prepareStatement("select id from webhook_subscription where id = ?::uuid for update nowait")) {
                    lock.setString(1, subscription);
                    try (ResultSet rows = lock.executeQuery()) {
                        assertTrue(rows.next());
                    }
                }
            } finally {
                writer.rollback();
            }
        }
    }

    /** Deleting subscriptions deletes their deliveries, however they are deleted (here by SQL), as a cascade would. */
    @Test
    void deletingASubscriptionDeletesItsDeliveries() {
        String campaign = "hooks-gone-" + System.nanoTime();
        String subscription = partnerSubscribed("http://127.0.0.1:9/gone", "response.submitted");
        String kept = partnerSubscribed("http://127.0.0.1:9/kept", "response.submitted");
        emit("response.submitted", campaign, outOfScope(3));
        sql("delete from webhook_subscription where id = ?::uuid", subscription);
        assertEquals(List.of("0"), sql("select count(*)::text from webhook_delivery where subscription_id = ?::uuid", subscription));
        assertEquals(List.of("3"), sql("select count(*)::text from webhook_delivery where subscription_id = ?::uuid", kept),
                "another subscription's deliveries kept");
    }

    /**
     * Events and deliveries get time-ordered keys (UUID version 7), so that a burst of them is written at the right
     * edge of their indexes rather than at a random page of them: keys of later writes sort after earlier ones.
     * Fails with random keys (version 4).
     */
    @Test
    void eventsAndDeliveriesGetKeysInTheOrderTheyAreWritten() throws Exception {
        String campaign = "hooks-keys-" + System.nanoTime();
        String subscription = partnerSubscribed("http://127.0.0.1:9/keys", "response.submitted");
        for (int i = 0; i < 4; i++) {   // a batch's statement, then single changes' statements, in turn
            if (i % 2 == 0) {
                emitBatch("response.submitted", campaign + "-" + i, inScope(5));
            } else {
                emit("response.submitted", campaign + "-" + i, outOfScope(5));
            }
            Thread.sleep(3);
        }
        List<String> keys = sql("select d.id::text || ' ' || e.id::text from webhook_delivery d join webhook_event e on e.id = d.event_id"
                + " where d.subscription_id = ?::uuid", subscription);
        assertEquals(20, keys.size());
        for (String ids : keys) {
            for (String id : ids.split(" ")) {
                assertEquals('7', id.charAt(14), "the version of " + id);
            }
        }
        // each write's keys (those of one statement, made in the same millisecond, are in no order among them)
        // sort after those of the write before it
        for (String table : List.of("webhook_delivery", "webhook_event")) {
            String key = table.equals("webhook_event") ? "e.id" : "d.id";
            List<String> ranges = sql("select e.campaign || ' ' || min(" + key + "::text) || ' ' || max(" + key + "::text)"
                    + " from webhook_delivery d join webhook_event e on e.id = d.event_id where d.subscription_id = ?::uuid"
                    + " group by e.campaign order by e.campaign", subscription);
            assertEquals(4, ranges.size());
            for (int i = 1; i < ranges.size(); i++) {
                String previousLast = ranges.get(i - 1).split(" ")[2];
                String first = ranges.get(i).split(" ")[1];
                assertTrue(previousLast.compareTo(first) < 0, table + ": " + ranges);
            }
        }
    }

    private interface InTransaction {
        void run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction rolled back at the end, in which {@code n} new deliveries to {@code subscription}
     * are the only pending ones (the others deleted in it alone): nothing it does is seen by the service's own worker.
     */
    private static void withTheseDeliveriesAlonePending(String subscription, int n, InTransaction work) throws SQLException {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection()) {
            c.setAutoCommit(false);
            try {
                execute(c, "delete from webhook_delivery where status = 'PENDING'");
                writeDeliveries(c, subscription, n);
                work.run(c);
            } finally {
                c.rollback();
            }
        }
    }

    /** {@code n} events of one type, a delivery each to {@code subscription}, written in {@code c}'s transaction. */
    private static void writeDeliveries(Connection c, String subscription, int n) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                with e as (
                    insert into webhook_event (type, payload)
                    select 'response.submitted', '{}' from generate_series(1, ?) returning id
                )
                insert into webhook_delivery (event_id, subscription_id) select e.id, ?::uuid from e
                """)) {
            insert.setInt(1, n);
            insert.setString(2, subscription);
            assertEquals(n, insert.executeUpdate());
        }
    }

    /** The worker's claim, run in {@code c}'s transaction; how many it claimed. */
    private static int claim(Connection c, Duration lease) throws SQLException {
        try (PreparedStatement claim = c.prepareStatement(WebhookRepository.CLAIM)) {
            claim.setInt(1, 200);
            claim.setDouble(2, lease.toMillis() / 1000.0);
            int claimed = 0;
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    claimed++;
                }
            }
            return claimed;
        }
    }

    /** The rows of webhook_delivery updated so far in {@code c}'s transaction, and those of them heap-only. */
    private static long[] updates(Connection c) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("select pg_stat_get_xact_tuples_updated('webhook_delivery'::regclass),"
                + " pg_stat_get_xact_tuples_hot_updated('webhook_delivery'::regclass)");
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return new long[] {rows.getLong(1), rows.getLong(2)};
        }
    }

    private static void execute(Connection c, String statement) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(statement)) {
            s.executeUpdate();
        }
    }

    /** The plan PostgreSQL makes for a round's record of {@code ids} (FINISH or POSTPONE), nothing executed. */
    private static String explain(String statement, List<String> ids) throws SQLException {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement explain = c.prepareStatement("explain " + statement)) {
            boolean finish = statement.equals(WebhookRepository.FINISH);
            int i = 1;
            if (finish) {
                explain.setString(i++, "OUT_OF_SCOPE");
            }
            explain.setInt(i++, 0);
            if (finish) {
                explain.setString(i++, "OUT_OF_SCOPE");
            }
            explain.setArray(i++, c.createArrayOf("uuid", ids.stream().map(java.util.UUID::fromString).toArray()));
            explain.setArray(i++, c.createArrayOf("int4", ids.stream().map(id -> 0).toArray()));
            explain.setArray(i++, c.createArrayOf("int4", new Object[ids.size()]));
            explain.setArray(i++, c.createArrayOf("text", new Object[ids.size()]));
            explain.setArray(i, c.createArrayOf("text", new Object[ids.size()]));
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private static String campaignOf(WebhookRepository.Claimed d) {
        return sql("select campaign from webhook_event where id = ?::uuid", d.eventId().toString()).get(0);
    }
}
