package fr.barometre.scoring.observability;

import fr.barometre.scoring.outbox.Outbox;
import fr.barometre.scoring.testing.Db;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import fr.barometre.scoring.testing.NeighboursWireMockResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator watches on {@code /q/metrics}, each series following the database: the outbox's
 * backlog, the age of its oldest waiting message and its dead letters (per destination), the
 * catch-up's lag, and the progress of running rescoring jobs.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class OperatorMetricsTest {

    private static final String REPORTING = "destination=\"reporting\"";

    @Inject
    Outbox outbox;

    @Test
    void outboxBacklogOldestAgeAndDeadLettersPerDestination() {
        String campaign = "metrics-outbox";
        double pending = MetricsText.value("outbox_pending", REPORTING);
        double dead = MetricsText.value("outbox_dead_parked", REPORTING);
        for (String siren : new String[] {"500000096", "500000104"}) {
            QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(campaign + ":" + siren + ":1",
                    Map.of("campaign", campaign, "siren", siren)));
        }
        Db.update("update outbox_message set created_at = now() - interval '1 hour' where message_key = ?", campaign + ":500000096:1");
        try {
            assertEquals(pending + 2, MetricsText.value("outbox_pending", REPORTING));
            double age = MetricsText.value("outbox_oldest_pending_age_seconds", REPORTING);
            assertTrue(age >= 3600 && age < 3700, "the oldest waits for an hour: " + age);

            Db.update("update outbox_message set status = 'DEAD' where message_key = ?", campaign + ":500000096:1");
            assertEquals(pending + 1, MetricsText.value("outbox_pending", REPORTING));
            assertEquals(dead + 1, MetricsText.value("outbox_dead_parked", REPORTING));
        } finally {
            Db.update("update outbox_message set status = 'DELIVERED' where message_key like ?", campaign + ":%");
        }
    }

    @Test
    void catchUpLagIsTheTimeSinceItsCursorLastMoved() {
        boolean none = Db.count("select count(*) from feed_cursor") == 0;
        if (none) {
            Db.update("insert into feed_cursor (feed, cursor) values ('metrics-test', '0:0')");
        }
        try {
            Db.update("update feed_cursor set updated_at = now() - interval '1 day'");
            double age = MetricsText.value("catchup_cursor_age_seconds", "");
            assertTrue(age >= 86_400 && age < 86_500, "a day since the cursor moved: " + age);
        } finally {
            Db.update("update feed_cursor set updated_at = now()");
            Db.update("delete from feed_cursor where feed = 'metrics-test'");
        }
    }

    @Test
    void rescoringProgressOfTheRunningJobs() {
        double running = MetricsText.value("rescoring_jobs_running", "");
        double done = MetricsText.value("rescoring_items_done", "");
        double total = MetricsText.value("rescoring_items_total", "");
        UUID job = UUID.randomUUID();
        Db.update("""
                insert into rescoring_job (id, campaign_code, model_id, state, total, done)
                values (?, 'metrics-rescoring', 'barometre-v1', 'RUNNING', 10, 4)""", job);
        try {
            assertEquals(running + 1, MetricsText.value("rescoring_jobs_running", ""));
            assertEquals(done + 4, MetricsText.value("rescoring_items_done", ""));
            assertEquals(total + 10, MetricsText.value("rescoring_items_total", ""));
            Db.update("update rescoring_job set state = 'DONE', done = 10 where id = ?", job);
            assertEquals(running, MetricsText.value("rescoring_jobs_running", ""), "a finished job is no longer counted");
        } finally {
            Db.update("delete from rescoring_job where id = ?", job);
        }
    }
}
