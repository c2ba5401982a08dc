package fr.barometre.manifests;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network policies of deploy/k8s allow exactly the calls of the design (docs/architecture.md), nothing more:
 * every connection they let through, computed from the policies, is compared with this list. The services post
 * webhooks to public addresses over HTTPS; no pod reaches a private network's address (10.0.0.0/8 and the like).
 */
class NetworkPolicyTest {

    private static final String SURVEY = "survey-service:8081/TCP";
    private static final String SCORING = "scoring-service:8082/TCP";
    private static final String REPORTING = "reporting-service:8083/TCP";
    private static final String KEYCLOAK = "keycloak:8080/TCP";
    /** A partner's webhook receiver: HTTPS to a public address (never a private one: NetworkPolicies.OUTSIDE's private-network). */
    private static final String WEBHOOK_RECEIVER = "internet:443/TCP";

    /** Who calls whom, and why. */
    private static final Map<String, List<String>> DESIGN = Map.ofEntries(
            // the public addresses: API, pages, sign-in
            Map.entry("ingress-controller", List.of(SURVEY, SCORING, REPORTING, KEYCLOAK)),
            // the operator's metrics (/q/metrics)
            Map.entry("prometheus", List.of(SURVEY, SCORING, REPORTING)),
            Map.entry("survey-service", List.of(
                    SCORING,       // the outbox's submissions (POST /internal/assessments); the results page's assessment
                    REPORTING,     // the results page's benchmark, on the person's behalf
                    KEYCLOAK,      // tokens, key set, admin API (partners' scopes, respondents' accounts)
                    "survey-db:5432/TCP",
                    WEBHOOK_RECEIVER,
                    "kube-dns:53/UDP", "kube-dns:53/TCP",
                    "opentelemetry-collector:4317/TCP")),
            Map.entry("scoring-service", List.of(
                    SURVEY,        // the submission feed and the questionnaires
                    REPORTING,     // the outbox's facts (POST /internal/facts)
                    KEYCLOAK,
                    "scoring-db:5432/TCP",
                    WEBHOOK_RECEIVER,
                    "kube-dns:53/UDP", "kube-dns:53/TCP",
                    "opentelemetry-collector:4317/TCP")),
            Map.entry("reporting-service", List.of(
                    SURVEY,        // the questionnaires
                    SCORING,       // the assessment feed (catch-up)
                    KEYCLOAK,
                    "reporting-db:5432/TCP",
                    WEBHOOK_RECEIVER,
                    "kube-dns:53/UDP", "kube-dns:53/TCP",
                    "opentelemetry-collector:4317/TCP")),
            Map.entry("keycloak", List.of("keycloak-db:5432/TCP", "kube-dns:53/UDP", "kube-dns:53/TCP")));

    private final Manifests manifests = Manifests.load();

    @Test
    void thePoliciesAllowExactlyTheCallsOfTheDesign() {
        Set<String> expected = new TreeSet<>();
        DESIGN.forEach((from, tos) -> tos.forEach(to -> expected.add(from + " -> " + to)));
        Set<String> allowed = new NetworkPolicies(manifests).edges();

        Set<String> extra = new TreeSet<>(allowed);
        extra.removeAll(expected);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(allowed);
        assertEquals(List.of(), new ArrayList<>(extra), "allowed beyond the design");
        assertEquals(List.of(), new ArrayList<>(missing), "calls of the design that the policies block");
    }

    @Test
    void everythingElseIsDeniedByDefault() {
        var defaultDeny = manifests.find("NetworkPolicy", "default-deny").orElseThrow().doc().path("spec");
        assertTrue(defaultDeny.path("podSelector").isEmpty(), "selects every pod");
        assertEquals(Set.of("Ingress", "Egress"), textValues(defaultDeny.path("policyTypes")));
        assertTrue(defaultDeny.path("ingress").isMissingNode() && defaultDeny.path("egress").isMissingNode(), "allows nothing");
    }

    @Test
    void theEvaluatorSeesAnOpenPolicy() {
        // The computation itself: without the policies everything would be allowed, and it says so.
        Manifests none = Manifests.load();
        none.all().removeIf(m -> m.kind().equals("NetworkPolicy"));
        Set<String> allowed = new NetworkPolicies(none).edges();
        assertTrue(allowed.contains("internet -> survey-db:5432/TCP"), "no policy: the database is open");
        assertTrue(allowed.contains("survey-db -> internet:443/TCP"), "no policy: anything goes out");
    }

    private static Set<String> textValues(com.fasterxml.jackson.databind.JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
