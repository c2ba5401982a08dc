package fr.barometre.survey.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.net.ServerSocket;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A WireMock server standing in for a neighbouring service: the configuration property given
 * (read by the service's rest clients) points at it. Its port is fixed when it starts, so a test
 * can stop it (the neighbour down: connection refused) and start it again at the same address,
 * stubs kept. A test class gets it in a {@code WireMockServer} field carrying the marker annotation.
 */
abstract class NeighbourWireMock implements QuarkusTestResourceLifecycleManager {

    private final String urlProperty;
    private final Class<? extends Annotation> marker;
    private WireMockServer server;

    NeighbourWireMock(String urlProperty, Class<? extends Annotation> marker) {
        this.urlProperty = urlProperty;
        this.marker = marker;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().port(freePort()));
        server.start();
        return Map.of(urlProperty, server.baseUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(marker, WireMockServer.class));
    }

    /** The stand-in, once started. */
    WireMockServer server() {
        return server;
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
            throw new UncheckedIOException("No free port for a neighbour's stand-in", e);
        }
    }
}
