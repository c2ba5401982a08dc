package fr.barometre.survey.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import fr.barometre.testing.BatchAnswer;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * A WireMock server standing in for scoring-service: the relay's rest client and the results
 * page's ({@code scoring.url}) point at it. A test class gets it in a field annotated
 * {@link InjectScoringWireMock}.
 */
public class ScoringWireMockResource extends NeighbourWireMock {

    /** Marks the test's {@code WireMockServer} field that receives the stand-in for scoring-service. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectScoringWireMock {
    }

    /** scoring-service's batch ingest, where the outbox relay posts. */
    public static final String INGEST_BATCH = "/internal/assessments/batch";

    /** The batch ingest's answer: a result per message posted (a WireMock response template). */
    public static ResponseDefinitionBuilder batchAnswer(BatchAnswer answer) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(answer.template()).withTransformers("response-template");
    }

    /** A JSON path matching a batch that carries a message of the campaign. */
    public static String carrying(String campaign) {
        return "$.messages[?(@.campaign == '" + campaign + "')]";
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
    public java.util.Map<String, String> start() {
        java.util.Map<String, String> config = super.start();
        warmUpTemplates(server());
        return config;
    }

    public ScoringWireMockResource() {
        super("scoring.url", InjectScoringWireMock.class);
    }
}
