package fr.barometre.reporting.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook may be sent: an absolute HTTPS URL without user info, whose host resolves only to public
 * addresses — never this machine, a private, shared (CGNAT), link-local (cloud metadata), unique-local,
 * multicast, reserved or broadcast address, nor an IPv6 address embedding one of those — unless the URL
 * starts with one of the {@code allow-local} prefixes. Checked when a subscription is made, and again at
 * each delivery: the host is resolved anew and the delivery connects to the very address checked, so that
 * a name resolving elsewhere between the check and the connection (DNS rebinding) reaches nothing else.
 */
@ApplicationScoped
public class WebhookTargets {

    public static final int MAX_URL_LENGTH = 2000;

    /** A checked target: the URL, and the address to connect to (keeping the URL's host for Host and TLS). */
    public record Target(URI url, String host, int port, boolean tls, InetAddress address) {

        /** The path and query to request. */
        public String requestUri() {
            String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
            return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
        }
    }

    /** Why a URL is not a target. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    @Inject
    WebhookConfig config;

    /** The URL's form alone, without resolving its host: the problem, or null when it is a possible target. */
    public String formProblem(String url) {
        try {
            parse(url);
            return null;
        } catch (Refused e) {
            return e.getMessage();
        }
    }

    /** Resolves the URL's host and checks every address it has; the target to connect to. */
    public Target check(String url) throws Refused {
        URI uri = parse(url);
        String host = bare(uri.getHost());
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("the host " + host + " cannot be resolved");
        }
        if (addresses.length == 0) {
            throw new Refused("the host " + host + " has no address");
        }
        if (!allowedLocally(uri, prefixes())) {
            for (InetAddress address : addresses) {
                String refusal = refusal(address);
                if (refusal != null) {
                    throw new Refused("the host " + host + " resolves to " + address.getHostAddress() + ", " + refusal);
                }
            }
        }
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        return new Target(uri, host, port, tls, addresses[0]);
    }

    private URI parse(String url) throws Refused {
        if (url == null || url.isBlank()) {
            throw new Refused("a URL is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw new Refused("must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("is not a URL: " + e.getReason());
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw new Refused("must be an absolute URL");
        }
        if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
            throw new Refused("must not hold a user name or password");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("must name a host");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("must not have a fragment");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && allowedLocally(uri, prefixes()))) {
            throw new Refused("must be an https URL");
        }
        return uri;
    }

    private List<String> prefixes() {
        return config.allowLocal().orElse(List.of());
    }

    /**
     * Whether the URL starts with one of the prefixes, compared as URLs: the same scheme and host, the same
     * port when the prefix names one (any port otherwise), and the prefix's path as a whole segment (so that
     * {@code http://localhost} matches neither {@code http://localhost.example} nor {@code http://localhost@x}).
     */
    static boolean allowedLocally(URI url, List<String> prefixes) {
        for (String text : prefixes) {
            URI prefix;
            try {
                prefix = new URI(text.trim());
            } catch (URISyntaxException e) {
                continue;
            }
            if (prefix.getScheme() == null || prefix.getHost() == null || url.getScheme() == null || url.getHost() == null
                    || !prefix.getScheme().equalsIgnoreCase(url.getScheme())
                    || !bare(prefix.getHost()).equalsIgnoreCase(bare(url.getHost()))
                    || (prefix.getPort() != -1 && prefix.getPort() != effectivePort(url))) {
                continue;
            }
            String base = prefix.getRawPath() == null ? "" : prefix.getRawPath();
            String path = url.getRawPath() == null ? "" : url.getRawPath();
            if (base.isEmpty() || base.equals("/") || path.equals(base) || path.startsWith(base.endsWith("/") ? base : base + "/")) {
                return true;
            }
        }
        return false;
    }

    private static int effectivePort(URI url) {
        return url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }

    /** An IPv6 literal's host without its brackets. */
    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Why a webhook may not be sent to this address, or null when it is a public one. */
    static String refusal(InetAddress address) {
        if (address instanceof Inet4Address v4) {
            return refusal4(v4.getAddress());
        }
        byte[] b = address.getAddress();
        if (address.isLoopbackAddress()) {
            return "a loopback address";
        }
        if (address.isAnyLocalAddress()) {
            return "the unspecified address";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address";
        }
        if (address.isSiteLocalAddress()) {
            return "a site-local address";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address";
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return "a unique local address (fc00::/7)";
        }
        if (address instanceof Inet6Address v6) {
            byte[] embedded = embeddedIpv4(v6, b);
            if (embedded != null) {
                String inner = refusal4(embedded);
                if (inner != null) {
                    return "an IPv6 address embedding " + inner;
                }
            }
        }
        return null;
    }

    /**
     * The IPv4 address an IPv6 one carries: IPv4-compatible (::a.b.c.d), IPv4-mapped (::ffff:a.b.c.d, which
     * Java mostly turns into an IPv4 address already), NAT64 (64:ff9b::/96) and 6to4 (2002::/16); else null.
     */
    private static byte[] embeddedIpv4(Inet6Address v6, byte[] b) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= b[i] == 0;
        }
        if (zeros80 && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
            return new byte[] {b[12], b[13], b[14], b[15]};
        }
        if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) {
            return new byte[] {b[12], b[13], b[14], b[15]};
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]};
        }
        return null;
    }

    private static String refusal4(byte[] a) {
        int first = a[0] & 0xff;
        int second = a[1] & 0xff;
        if (first == 0) {
            return "an address of 0.0.0.0/8";
        }
        if (first == 127) {
            return "a loopback address";
        }
        if (first == 10 || (first == 172 && second >= 16 && second <= 31) || (first == 192 && second == 168)) {
            return "a private address";
        }
        if (first == 100 && second >= 64 && second <= 127) {
            return "a shared (CGNAT) address of 100.64.0.0/10";
        }
        if (first == 169 && second == 254) {
            return "a link-local address";
        }
        if (first >= 224 && first <= 239) {
            return "a multicast address";
        }
        if (first >= 240) {
            return "a reserved or broadcast address";
        }
        if ((first == 192 && second == 0 && (a[2] & 0xff) == 0) || (first == 198 && (second == 18 || second == 19))) {
            return "a reserved address";
        }
        return null;
    }
}
