package fr.barometre.survey.observability;

import fr.barometre.survey.outbox.Outbox;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator watches of the outbox on {@code /q/metrics}, following the database: the backlog
 * towards scoring-service, the age of its oldest waiting message and the dead letters.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class OperatorMetricsTest {

    private static final String SCORING = "destination=\"scoring\"";

    @Inject
    Outbox outbox;

    @Test
    void outboxBacklogOldestAgeAndDeadLettersPerDestination() throws SQLException {
        String campaign = "metrics-outbox";
        double pending = MetricsText.value("outbox_pending", SCORING);
        double dead = MetricsText.value("outbox_dead_parked", SCORING);
        for (String siren : new String[] {"216901231", "243500139"}) {
            QuarkusTransaction.requiringNew().run(() -> outbox.enqueue(campaign + ":" + siren + ":1",
                    Map.of("campaign", campaign, "siren", siren, "revision", 1)));
        }
        update("update outbox_message set created_at = now() - interval '1 hour' where message_key = ?", campaign + ":216901231:1");
        try {
            assertEquals(pending + 2, MetricsText.value("outbox_pending", SCORING));
            double age = MetricsText.value("outbox_oldest_pending_age_seconds", SCORING);
            assertTrue(age >= 3600 && age < 3700, "the oldest waits for an hour: " + age);

            update("update outbox_message set status = 'DEAD' where message_key = ?", campaign + ":216901231:1");
            assertEquals(pending + 1, MetricsText.value("outbox_pending", SCORING));
            assertEquals(dead + 1, MetricsText.value("outbox_dead_parked", SCORING));
        } finally {
            update("update outbox_message set status = 'DELIVERED' where message_key like ?", campaign + ":%");
        }
    }

    private static void update(String sql, String parameter) throws SQLException {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            ps.executeUpdate();
        }
    }
}
