package fr.barometre.scoring.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * One application for two test classes that need settings other than the test profile's, rather than
 * one each (each application costs the suite a build and a start): the circuits towards survey-service
 * tight (client.SurveyNeighbourCircuitTest: opened after 3 failures in a row, a call let through after
 * 2 s, each call given up on after 1 s; it resets the circuits before each test), and the production
 * chunk size of a rescoring with nothing given up on however slow the machine (bench.ScoringBenchmarkTest,
 * which calls no neighbour). client.ReportingDeliveryTest keeps its own profile: it fetches questionnaires
 * from survey-service's stand-in, which a loaded machine may not serve within 1 s.
 */
public class OwnSettings implements QuarkusTestProfile {

    /** Failures in a row that open a circuit. */
    public static final int FAILURES = 3;
    /** How long a circuit stays open before a call is let through. */
    public static final long DELAY_MILLIS = 2_000;
    /** The read timeout of the clients of survey-service. */
    public static final long TIMEOUT_MILLIS = 1_000;
    /** The production chunk size of a rescoring, not the tests' tiny one. */
    public static final int CHUNK = 200;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "barometre.neighbours.circuit-breaker.failures", String.valueOf(FAILURES),
                "barometre.neighbours.circuit-breaker.delay", DELAY_MILLIS + "ms",
                "quarkus.rest-client.survey.read-timeout", String.valueOf(TIMEOUT_MILLIS),
                "scoring.rescoring.chunk-size", String.valueOf(CHUNK),
                // a build machine shared with other builds may be far slower than production: no call or transaction given up on
                "quarkus.http.test-timeout", "10m",
                "quarkus.transaction-manager.default-transaction-timeout", "10m");
    }
}
