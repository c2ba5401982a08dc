package fr.barometre.survey.webhook;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which addresses a webhook may never reach, and which URLs the allow-local prefixes let through. */
class WebhookTargetsTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "0.0.0.0", "0.1.2.3", "10.0.0.1", "10.255.255.255", "172.16.0.1",
            "172.31.255.254", "192.168.1.1", "100.64.0.1", "100.127.255.254", "169.254.169.254", "224.0.0.1", "239.255.255.250",
            "240.0.0.1", "255.255.255.255", "192.0.0.8", "198.18.0.1",
            "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "fec0::1",
            "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "::10.0.0.1",
            "64:ff9b::a9fe:a9fe", "2002:0a00:0001::1", "2002:7f00:0001::"})
    void localPrivateAndReservedAddressesAreRefused(String literal) throws UnknownHostException {
        assertNotNull(WebhookTargets.refusal(InetAddress.getByName(literal)), literal + " should be refused");
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1",
            "11.0.0.1", "192.169.0.1", "169.253.0.1", "2606:4700::1111", "2001:db9::1", "::ffff:8.8.8.8", "2002:0808:0808::1"})
    void publicAddressesAreTargets(String literal) throws UnknownHostException {
        assertNull(WebhookTargets.refusal(InetAddress.getByName(literal)), literal + " should be a target");
    }

    private static final List<String> LOCAL = List.of("http://127.0.0.1", "http://localhost", "https://[::1]:8443", "http://10.1.2.3/hooks");

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/x", "http://127.0.0.1:45678/hook?a=1", "HTTP://LOCALHOST:8080/", "http://localhost",
            "https://[::1]:8443/a", "http://10.1.2.3/hooks", "http://10.1.2.3/hooks/a"})
    void urlsUnderAnAllowedPrefixAreAllowed(String url) {
        assertTrue(WebhookTargets.allowedLocally(URI.create(url), LOCAL), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost.evil.example/", "http://localhost.evil.example:80/", "http://127.0.0.1.nip.io/",
            "https://127.0.0.1/", "https://localhost/", "https://[::1]:8444/a", "https://[::1]/a", "http://10.1.2.3/hooksevil",
            "http://10.1.2.3/", "http://evil.example/http://127.0.0.1", "http://evil.example/?u=http://localhost"})
    void urlsMerelyStartingLikeAnAllowedPrefixAreNot(String url) {
        assertFalse(WebhookTargets.allowedLocally(URI.create(url), LOCAL), url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost@evil.example/"})
    void userInfoDoesNotPassForTheHost(String url) {
        assertFalse(WebhookTargets.allowedLocally(URI.create(url), List.of("http://localhost")), url);
    }
}
