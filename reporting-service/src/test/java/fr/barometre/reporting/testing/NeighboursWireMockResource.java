package fr.barometre.reporting.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * WireMock standing in for the neighbours, with the design's message formats: survey-service's
 * {@code GET /internal/campaigns/{code}/questionnaire} (the test questionnaire for every campaign;
 * campaign {@code UNREACHABLE} answers 503) and scoring-service's feed {@code GET /internal/assessments},
 * stubbed by each test through {@link #server()}. Both require a bearer token, as the real ones do.
 */
public class NeighboursWireMockResource implements QuarkusTestResourceLifecycleManager {

    public static final String UNREACHABLE_CAMPAIGN = "UNREACHABLE";

    private static WireMockServer server;

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
            server.start();
            stubQuestionnaires(server);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    public static String questionnaire() {
        try (InputStream in = NeighboursWireMockResource.class.getResourceAsStream("/questionnaire.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stubQuestionnaires(WireMockServer wm) {
        wm.stubFor(get(urlPathMatching("/internal/campaigns/[^/]+/questionnaire"))
                .withHeader("Authorization", matching("Bearer .+"))
                .atPriority(5)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(questionnaire())));
        wm.stubFor(get(urlPathMatching("/internal/campaigns/" + UNREACHABLE_CAMPAIGN + "/questionnaire"))
                .atPriority(1)
                .willReturn(aResponse().withStatus(503)));
    }

    @Override
    public Map<String, String> start() {
        String url = server().baseUrl();
        return Map.of("survey.url", url, "scoring.url", url);
    }

    @Override
    public void stop() {
        // kept for the next application of the same JVM; stopped at JVM exit
    }
}
