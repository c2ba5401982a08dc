package fr.barometre.survey.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.ServerSocket;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock server standing in for scoring-service: the relay's rest client ({@code scoring.url})
 * points at it. Its port is fixed when it starts, so a test can stop it (scoring-service down:
 * connection refused) and start it again at the same address, stubs kept.
 * <p>
 * A test class gets it in a field annotated {@link InjectScoringWireMock}.
 */
public class ScoringWireMockResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the test's {@code WireMockServer} field that receives the stand-in for scoring-service. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectScoringWireMock {
    }

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().port(freePort()));
        server.start();
        return Map.of("scoring.url", server.baseUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectScoringWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the scoring-service stand-in", e);
        }
    }
}
