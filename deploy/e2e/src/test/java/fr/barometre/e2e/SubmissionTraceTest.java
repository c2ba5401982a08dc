package fr.barometre.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.e2e.survey.api.CampaignsApi;
import fr.barometre.e2e.survey.api.ResponsesApi;
import fr.barometre.e2e.survey.model.Answers;
import fr.barometre.e2e.survey.model.Audience;
import fr.barometre.e2e.survey.model.NewCampaign;
import fr.barometre.launcher.AnswerSets;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One submission's trace runs from survey intake through scoring to reporting: the three services
 * export their spans over OTLP to the test's receiver ({@link OtlpReceiver}); the submission is made
 * with a known trace id (a caller's {@code traceparent}), and that trace holds, in order, the
 * survey-service request that submitted, scoring-service's ingest of that submission (a descendant of
 * survey's intake through its outbox delivery) and reporting-service's ingest of its fact (a descendant of
 * scoring's). Deliveries carry many messages per call: each message is taken in within its own span, the
 * child of the traceparent it carries, which is the span looked for.
 */
@ExtendWith(E2eStack.Extension.class)
@Order(8)
class SubmissionTraceTest {

    private static final String CAMPAIGN = "2036";
    /** The span of one submission taken in by scoring-service, within a batch delivery or the single endpoint. */
    private static final String SCORING_INGEST = "ingest submission";
    /** The span of one fact taken in by reporting-service, within a batch delivery or the single endpoint. */
    private static final String REPORTING_INGEST = "fact ingest";

    @Test
    void oneSubmissionsTraceIsFoundInTheSpansOfTheThreeServicesInOrder() throws Exception {
        OtlpReceiver receiver = OtlpReceiver.get();
        String admin = EndToEndTest.admin();
        CampaignsApi campaigns = new CampaignsApi(EndToEndTest.survey(admin));
        Set<String> audience = new LinkedHashSet<>(List.of(EndToEndTest.LYON));
        campaigns.campaignsPost(new NewCampaign().code(CAMPAIGN).title("Trace e2e").audience(new Audience().sirens(audience)));
        campaigns.campaignsCodeOpenPost(CAMPAIGN);
        JsonNode questionnaire = EndToEndTest.JSON.valueToTree(campaigns.campaignsCodeQuestionnaireGet(CAMPAIGN));
        List<Map<String, Object>> answers = AnswerSets.complete(questionnaire, 0);

        byte[] ids = new byte[24];
        new SecureRandom().nextBytes(ids);
        String traceId = HexFormat.of().formatHex(ids, 0, 16);
        String callerSpan = HexFormat.of().formatHex(ids, 16, 24);
        receiver.watch(traceId);
        fr.barometre.e2e.survey.ApiClient traced = EndToEndTest.survey(admin);
        traced.setRequestInterceptor(E2eStack.bearer(admin)
                .andThen(b -> b.header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")));
        ResponsesApi responses = new ResponsesApi(traced);
        responses.campaignsCodeResponsesSirenPut(CAMPAIGN, EndToEndTest.LYON,
                new Answers().answers(EndToEndTest.toAnswers(answers)), null, "*");
        responses.campaignsCodeResponsesSirenSubmissionPost(CAMPAIGN, EndToEndTest.LYON, null, null);

        // Each service exports its spans in its own batches: scoring's relay spans (between its ingest and
        // reporting's) may arrive after reporting's ingest span, so wait for the whole chain to reach survey's intake.
        List<OtlpReceiver.Span> trace = EndToEndTest.await("reporting-service's ingest span and its chain of parents in trace " + traceId, () -> {
            List<OtlpReceiver.Span> spans = receiver.trace(traceId);
            return spans.stream().anyMatch(s -> isIngest(s, "reporting-service", REPORTING_INGEST, "/internal/facts")
                    && rootedAt(spans, s, callerSpan)) ? spans : null;
        });
        OtlpReceiver.Span intake = server(trace, "survey-service", "/submission");
        OtlpReceiver.Span scoringIngest = ingest(trace, "scoring-service", SCORING_INGEST, "/internal/assessments");
        OtlpReceiver.Span reportingIngest = ingest(trace, "reporting-service", REPORTING_INGEST, "/internal/facts");
        assertEquals(callerSpan, intake.parentSpanId(), "survey's intake continues the caller's trace");
        assertTrue(intake.startNanos() < scoringIngest.startNanos() && scoringIngest.startNanos() < reportingIngest.startNanos(),
                "in order: survey intake, scoring ingest, reporting ingest: " + trace);
        assertTrue(descends(trace, scoringIngest, intake), "scoring's ingest descends from survey's intake: " + trace);
        assertTrue(descends(trace, reportingIngest, scoringIngest), "reporting's ingest descends from scoring's ingest: " + trace);
        System.out.printf("Trace %s: %d spans, survey intake → scoring ingest %.0f ms → reporting ingest %.0f ms%n", traceId,
                trace.size(), (scoringIngest.startNanos() - intake.startNanos()) / 1e6,
                (reportingIngest.startNanos() - scoringIngest.startNanos()) / 1e6);
    }

    /**
     * The span in which a service takes one message in: the message's own span ({@code name}, the child of
     * the message's traceparent) where deliveries carry many messages per call, else the server span of the
     * single-message endpoint ({@code path}).
     */
    private static OtlpReceiver.Span ingest(List<OtlpReceiver.Span> trace, String service, String name, String path) {
        return trace.stream().filter(s -> s.service().equals(service) && s.name().equals(name)).findFirst()
                .orElseGet(() -> server(trace, service, path));
    }

    private static boolean isIngest(OtlpReceiver.Span s, String service, String name, String path) {
        return s.service().equals(service) && (s.name().equals(name) || s.kind() == OtlpReceiver.Span.SERVER && s.name().contains(path));
    }

    /** The service's server span whose name contains {@code path}. */
    private static OtlpReceiver.Span server(List<OtlpReceiver.Span> trace, String service, String path) {
        return trace.stream().filter(s -> s.service().equals(service) && s.kind() == OtlpReceiver.Span.SERVER
                        && s.name().contains(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + service + " span " + path + " in " + trace));
    }

    /** Whether {@code span}'s chain of parents, within the trace, reaches the span whose parent is {@code rootParent}. */
    private static boolean rootedAt(List<OtlpReceiver.Span> trace, OtlpReceiver.Span span, String rootParent) {
        return chain(trace, span).stream().anyMatch(s -> rootParent.equals(s.parentSpanId()));
    }

    /** Whether {@code span}'s chain of parents, within the trace, reaches {@code ancestor}. */
    private static boolean descends(List<OtlpReceiver.Span> trace, OtlpReceiver.Span span, OtlpReceiver.Span ancestor) {
        return chain(trace, span).stream().anyMatch(s -> s.spanId().equals(ancestor.spanId()));
    }

    /** {@code span} and its parents, as far as they are in the trace. */
    private static List<OtlpReceiver.Span> chain(List<OtlpReceiver.Span> trace, OtlpReceiver.Span span) {
        Map<String, OtlpReceiver.Span> byId = new java.util.HashMap<>();
        trace.forEach(s -> byId.put(s.spanId(), s));
        List<OtlpReceiver.Span> chain = new java.util.ArrayList<>();
        for (OtlpReceiver.Span s = span; s != null && chain.size() <= trace.size(); s = byId.get(s.parentSpanId())) {
            chain.add(s);
        }
        return chain;
    }
}
