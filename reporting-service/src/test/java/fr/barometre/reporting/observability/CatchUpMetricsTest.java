package fr.barometre.reporting.observability;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catch-up's lag on {@code /q/metrics}: the time since its cursor in scoring-service's feed last moved. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class CatchUpMetricsTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void catchUpLagIsTheTimeSinceItsCursorLastMoved() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("insert into feed_cursor (feed, cursor) values ('metrics-test', '0:0') on conflict do nothing");
            try {
                s.executeUpdate("update feed_cursor set updated_at = now() - interval '1 day'");
                double age = MetricsText.value("catchup_cursor_age_seconds", "");
                assertTrue(age >= 86_400 && age < 86_500, "a day since the cursor moved: " + age);
            } finally {
                s.executeUpdate("update feed_cursor set updated_at = now()");
                s.executeUpdate("delete from feed_cursor where feed = 'metrics-test'");
            }
        }
    }
}
