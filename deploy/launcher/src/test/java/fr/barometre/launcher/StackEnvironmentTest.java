package fr.barometre.launcher;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What the launcher (and the end-to-end stack, which uses it) gives each service in its environment. */
class StackEnvironmentTest {

    private static final Stack.Ports PORTS = new Stack.Ports(9081, 9082, 9083);

    private static Map<String, String> env(String service) {
        return Stack.environment(service, PORTS, "jdbc:postgresql://localhost:5432/x", "http://localhost:9180");
    }

    @Test
    void everyServiceRunsWithTheLocalProfile() {
        for (String service : new String[] {Stack.SURVEY, Stack.SCORING, Stack.REPORTING}) {
            assertEquals("local", env(service).get("QUARKUS_PROFILE"), service);
            assertEquals("http://localhost:9180", env(service).get("KEYCLOAK_URL"), service);
        }
    }

    @Test
    void everyServiceLetsWebhooksReachReceiversOnThisMachine() {
        for (String service : new String[] {Stack.SURVEY, Stack.SCORING, Stack.REPORTING}) {
            assertEquals("http://127.0.0.1,http://localhost", env(service).get("BAROMETRE_WEBHOOKS_ALLOW_LOCAL"), service);
        }
    }

    @Test
    void theServicesServingPagesGetTheWebClientSecret() {
        assertEquals("barometre-web-local-secret", env(Stack.SURVEY).get("WEB_CLIENT_SECRET"));
        assertEquals("barometre-web-local-secret", env(Stack.REPORTING).get("WEB_CLIENT_SECRET"));
        assertFalse(env(Stack.SCORING).containsKey("WEB_CLIENT_SECRET"), "scoring-service serves no page");
    }

    @Test
    void eachServiceCallsItsNeighboursAtThePortsGiven() {
        Map<String, String> survey = env(Stack.SURVEY);
        assertEquals("http://localhost:9082", survey.get("SCORING_URL"));
        assertEquals("http://localhost:9083", survey.get("REPORTING_URL"), "survey-service reads the peer position from reporting");
        assertEquals("9081", survey.get("SURVEY_PORT"));
        assertEquals("survey-service-local-secret", survey.get("SURVEY_CLIENT_SECRET"));
        Map<String, String> scoring = env(Stack.SCORING);
        assertEquals("http://localhost:9081", scoring.get("SURVEY_URL"));
        assertEquals("http://localhost:9083", scoring.get("REPORTING_URL"));
        Map<String, String> reporting = env(Stack.REPORTING);
        assertEquals("http://localhost:9081", reporting.get("SURVEY_URL"));
        assertEquals("http://localhost:9082", reporting.get("SCORING_URL"));
        assertEquals("jdbc:postgresql://localhost:5432/x", reporting.get("REPORTING_DB_URL"));
    }
}
