package fr.barometre.scoring.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import fr.barometre.testing.BatchAnswer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * One WireMock server standing in for both neighbours: survey-service (questionnaires under
 * {@code /internal/campaigns}) and reporting-service ({@code POST /internal/facts/batch}, where the outbox
 * relay posts many facts at once, answered with a result per fact: {@link #batchAnswer}). Every test class
 * of the JVM shares it, as they share the database: stub and verify by your own campaign code.
 * Facts are accepted by default (a low-priority stub), since any class's pending facts may be relayed.
 */
public class NeighboursWireMockResource implements QuarkusTestResourceLifecycleManager {

    /** Lower than any stub a test adds without a priority (WireMock's 1 is the highest). */
    public static final int DEFAULT_PRIORITY = 100;

    /** reporting-service's batch ingest, where the outbox relay posts. */
    public static final String FACTS_BATCH = "/internal/facts/batch";

    private static WireMockServer server;

    /** The batch ingest's answer: a result per fact posted (a WireMock response template). */
    public static ResponseDefinitionBuilder batchAnswer(BatchAnswer answer) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(answer.template()).withTransformers("response-template");
    }

    /** A JSON path matching a batch that carries a fact of the campaign (and of the siren, when given). */
    public static String carrying(String campaign, String... siren) {
        return "$.messages[?(@.campaign == '" + campaign + "'" + (siren.length == 0 ? "" : " && @.siren == '" + siren[0] + "'") + ")]";
    }

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort());
            server.start();
            server.stubFor(post(urlPathEqualTo(FACTS_BATCH)).atPriority(DEFAULT_PRIORITY)
                    .willReturn(batchAnswer(BatchAnswer.every(200))));
            warmUpTemplates(server);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop()));
        }
        return server;
    }

    /**
     * Renders a batch answer once, so that the response templates' first use (slow: the engine and its
     * helpers load) does not fall within a test's tight read timeout.
     */
    static void warmUpTemplates(WireMockServer server) {
        var stub = server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/warm-up-templates")
                .willReturn(batchAnswer(BatchAnswer.every(200).when(java.util.Map.of("campaign", "warm-up"), 503))));
        try {
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(server.baseUrl() + "/warm-up-templates"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"messages\": [{\"campaign\": \"warm-up\"}]}"))
                    .header("Content-Type", "application/json").build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.removeStub(stub);
            server.resetRequests();
        }
    }

    @Override
    public Map<String, String> start() {
        String url = server().baseUrl();
        return Map.of("survey.url", url, "reporting.url", url);
    }

    @Override
    public void stop() {
        // kept for the next application of the same JVM; stopped at JVM exit
    }

    public static String questionnairePath(String campaign) {
        return "/internal/campaigns/" + campaign + "/questionnaire";
    }

    /** survey-service serves this questionnaire document for the campaign at this version. */
    public static void stubQuestionnaire(String campaign, String version, String document) {
        server().stubFor(get(urlPathEqualTo(questionnairePath(campaign))).withQueryParam("version", equalTo(version))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(document)));
    }

    /** survey-service serves this document as the campaign's current questionnaire (no version asked). */
    public static void stubCurrentQuestionnaire(String campaign, String document) {
        server().stubFor(get(urlPathEqualTo(questionnairePath(campaign))).withQueryParam("version", absent())
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(document)));
    }
}
