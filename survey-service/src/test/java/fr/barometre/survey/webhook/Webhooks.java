package fr.barometre.survey.webhook;

import fr.barometre.survey.testing.EmbeddedPostgresResource;
import io.restassured.path.json.JsonPath;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** The tests' ways to subscribe and to read and move the webhook tables. */
final class Webhooks {

    private Webhooks() {
    }

    /** Subscribes through the API; the creation's answer (with the secret). */
    static JsonPath subscribe(String token, String url, List<String> events) {
        return subscribe(token, Map.of("url", url, "events", events));
    }

    static JsonPath subscribe(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType("application/json").body(body)
                .post("/webhooks").then().statusCode(201).extract().jsonPath();
    }

    /** Runs a statement on the service's database; its rows' first columns as text. */
    static List<String> sql(String statement, Object... parameters) {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            List<String> values = new ArrayList<>();
            if (s.execute()) {
                try (ResultSet rows = s.getResultSet()) {
                    while (rows.next()) {
                        values.add(rows.getString(1));
                    }
                }
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes a subscription's pending deliveries due now, rather than waiting for their backoff. */
    static void dueNow(String subscription) {
        sql("update webhook_delivery set next_attempt_at = now() where subscription_id = ?::uuid and status = 'PENDING'", subscription);
    }
}
