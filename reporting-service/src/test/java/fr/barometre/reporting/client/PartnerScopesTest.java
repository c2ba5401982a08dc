package fr.barometre.reporting.client;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.webhook.SubscriberScopes.ScopeUnknown;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static fr.barometre.reporting.testing.NeighboursWireMockResource.server;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A partner's scope read from survey-service (WireMock standing in for its {@code GET /partners/{clientId}/scope})
 * by {@link PartnerScopes}, with this service's own token: an authority is covered by its SIREN or by one of its
 * networks; a client survey-service does not know is told of nothing; a survey-service that errs, refuses or is
 * slower than the read timeout (1 s in this profile) leaves the scope unknown, never "covered"; a scope is kept
 * {@code barometre.webhooks.scope-cache} (30 s) by the service's clock (moved by the tests), so a narrowed scope
 * is seen once that time has passed. Each test asks about a client of its own, so no test reads another's.
 */
@QuarkusTest
@TestProfile(PartnerScopesTest.TightSurvey.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class PartnerScopesTest {

    private static final long TIMEOUT_MILLIS = 1_000;
    private static final int FAILURES = 3;
    private static final String LYON = "216901231";
    private static final String RENNES = "243500139";

    public static class TightSurvey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.rest-client.survey.read-timeout", String.valueOf(TIMEOUT_MILLIS),
                    "barometre.neighbours.circuit-breaker.failures", String.valueOf(FAILURES),
                    "barometre.neighbours.circuit-breaker.delay", "60s");
        }
    }

    /** The service's clock, moved by the tests. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-03-01T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Inject
    PartnerScopes scopes;

    @Inject
    CircuitBreakerMaintenance circuits;

    private final MovableClock clock = new MovableClock();
    private final List<StubMapping> stubs = new ArrayList<>();

    @BeforeEach
    void movableClockAndClosedCircuits() {
        QuarkusMock.installMockForType(clock, Clock.class);
        circuits.resetAll();
    }

    /** The WireMock server is shared with every test class of the JVM: this class's stubs go with each test. */
    @AfterEach
    void removeStubs() {
        stubs.forEach(server()::removeStub);
        stubs.clear();
    }

    @Test
    void anAuthorityListedByItsSirenIsCoveredAndAnotherIsNot() {
        String client = "scope-by-siren";
        answers(client, "{\"networks\": [], \"sirens\": [\"" + LYON + "\"]}");

        assertTrue(scopes.covers(client, LYON, Set.of("AMF")));
        assertFalse(scopes.covers(client, RENNES, Set.of("AMF")));
        server().verify(1, getRequestedFor(urlPathEqualTo(path(client))).withHeader("Authorization", matching("Bearer .+")));
    }

    @Test
    void anAuthorityMemberOfANetworkOfTheScopeIsCoveredAndAnotherIsNot() {
        String client = "scope-by-network";
        answers(client, "{\"networks\": [\"FRANCE_URBAINE\"], \"sirens\": []}");

        assertTrue(scopes.covers(client, RENNES, Set.of("AMF", "FRANCE_URBAINE")));
        assertFalse(scopes.covers(client, RENNES, Set.of("AMF")));
        assertFalse(scopes.covers(client, LYON, Set.of()));
    }

    @Test
    void aClientSurveyServiceDoesNotKnowIsToldOfNothingAndThatIsKept() {
        String client = "scope-no-partner";
        stub(get(urlPathEqualTo(path(client))).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\": 404}")));

        assertFalse(scopes.covers(client, LYON, Set.of("FRANCE_URBAINE")));
        assertFalse(scopes.covers(client, RENNES, Set.of()));
        server().verify(1, getRequestedFor(urlPathEqualTo(path(client))));
    }

    @Test
    void aSurveyServiceInErrorLeavesTheScopeUnknownAndIsAskedAgainNextTime() {
        String client = "scope-survey-503";
        StubMapping down = stub(get(urlPathEqualTo(path(client))).willReturn(aResponse().withStatus(503)));

        assertThrows(ScopeUnknown.class, () -> scopes.covers(client, LYON, Set.of()));

        server().removeStub(down);
        answers(client, "{\"networks\": [], \"sirens\": [\"" + LYON + "\"]}");
        assertTrue(scopes.covers(client, LYON, Set.of()), "an unknown scope is not kept: asked again, and covered");
        server().verify(2, getRequestedFor(urlPathEqualTo(path(client))));
    }

    @Test
    void aRefusalLeavesTheScopeUnknown() {
        String client = "scope-survey-403";
        stub(get(urlPathEqualTo(path(client))).willReturn(aResponse().withStatus(403)));

        assertThrows(ScopeUnknown.class, () -> scopes.covers(client, LYON, Set.of()));
    }

    @Test
    void aSurveyServiceSlowerThanTheTimeoutLeavesTheScopeUnknownWithinIt() {
        String client = "scope-survey-slow";
        stub(get(urlPathEqualTo(path(client))).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"networks\": [], \"sirens\": [\"" + LYON + "\"]}").withFixedDelay((int) TIMEOUT_MILLIS * 4)));

        long started = System.nanoTime();
        assertThrows(ScopeUnknown.class, () -> scopes.covers(client, LYON, Set.of()));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < TIMEOUT_MILLIS * 3, "given up after the timeout, not when the answer came: " + millis + " ms");
    }

    @Test
    void anOpenCircuitLeavesTheScopeUnknownWithoutAsking() {
        String client = "scope-circuit";
        stub(get(urlPathEqualTo(path(client))).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < FAILURES; i++) {
            assertThrows(ScopeUnknown.class, () -> scopes.covers(client, LYON, Set.of()));
        }
        server().verify(FAILURES, getRequestedFor(urlPathEqualTo(path(client))));

        assertThrows(ScopeUnknown.class, () -> scopes.covers(client, LYON, Set.of()));
        server().verify(FAILURES, getRequestedFor(urlPathEqualTo(path(client))));
    }

    @Test
    void aScopeIsKeptForTheCacheTimeThenAskedForAgain() {
        String client = "scope-kept";
        answers(client, "{\"networks\": [], \"sirens\": [\"" + LYON + "\"]}");

        assertTrue(scopes.covers(client, LYON, Set.of()));
        clock.advance(Duration.ofSeconds(29));
        assertTrue(scopes.covers(client, LYON, Set.of()));
        assertFalse(scopes.covers(client, RENNES, Set.of()));
        server().verify(1, getRequestedFor(urlPathEqualTo(path(client))));

        clock.advance(Duration.ofSeconds(2));
        assertTrue(scopes.covers(client, LYON, Set.of()));
        server().verify(2, getRequestedFor(urlPathEqualTo(path(client))));
    }

    @Test
    void aNarrowedScopeIsSeenOnceTheCacheTimeHasPassed() {
        String client = "scope-narrowed";
        StubMapping wide = answers(client, "{\"networks\": [], \"sirens\": [\"" + LYON + "\", \"" + RENNES + "\"]}");
        assertTrue(scopes.covers(client, RENNES, Set.of()));

        server().removeStub(wide);
        answers(client, "{\"networks\": [], \"sirens\": [\"" + LYON + "\"]}");
        clock.advance(Duration.ofSeconds(10));
        assertTrue(scopes.covers(client, RENNES, Set.of()), "the scope read 10 s ago is still trusted");

        clock.advance(Duration.ofSeconds(21));
        assertFalse(scopes.covers(client, RENNES, Set.of()), "narrowed: no longer covered");
        assertTrue(scopes.covers(client, LYON, Set.of()));
    }

    private static String path(String client) {
        return "/partners/" + client + "/scope";
    }

    private StubMapping answers(String client, String scope) {
        return stub(get(urlPathEqualTo(path(client))).withHeader("Authorization", matching("Bearer .+"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(scope)));
    }

    private StubMapping stub(MappingBuilder mapping) {
        StubMapping stub = server().stubFor(mapping);
        stubs.add(stub);
        return stub;
    }
}
