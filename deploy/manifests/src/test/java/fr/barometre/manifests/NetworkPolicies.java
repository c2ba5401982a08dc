package fr.barometre.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.manifests.Manifests.Manifest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the NetworkPolicies of deploy/k8s allow, computed as Kubernetes decides it: a connection from a pod to a
 * port of another is made when the source's egress allows it (or no policy with egress selects the source) and the
 * destination's ingress allows it (or no policy with ingress selects the destination). Each policy's peers are
 * matched by pod and namespace selectors (matchLabels and matchExpressions), IP blocks, and ports by number or by the
 * destination container's port name.
 *
 * <p>The pods are those of the manifests' Deployments and StatefulSets, in the kustomization's namespace, plus the
 * peers outside it the design talks to, each with the labels such a peer has in a cluster.
 */
final class NetworkPolicies {

    /** A pod: its name for the edges, its namespace and labels, its ports (name → number, protocol) and, outside, an IP. */
    record Pod(String name, String namespace, Map<String, String> labels, List<Port> ports, String ip) {
        Map<String, String> namespaceLabels() {
            return Map.of("kubernetes.io/metadata.name", namespace);
        }
    }

    record Port(String name, int number, String protocol) {
    }

    /** The peers outside the namespace: never selected by its policies, so only the other side decides. */
    static final List<Pod> OUTSIDE = List.of(
            new Pod("ingress-controller", "ingress-nginx",
                    Map.of("app.kubernetes.io/name", "ingress-nginx", "app.kubernetes.io/component", "controller"),
                    List.of(new Port("https", 443, "TCP")), null),
            new Pod("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"),
                    List.of(new Port("dns", 53, "UDP"), new Port("dns-tcp", 53, "TCP")), null),
            new Pod("prometheus", "monitoring", Map.of("app.kubernetes.io/name", "prometheus"),
                    List.of(new Port("web", 9090, "TCP")), null),
            new Pod("opentelemetry-collector", "monitoring", Map.of("app.kubernetes.io/name", "opentelemetry-collector"),
                    List.of(new Port("otlp-grpc", 4317, "TCP"), new Port("otlp-http", 4318, "TCP")), null),
            new Pod("internet", "", Map.of(), List.of(new Port("https", 443, "TCP"), new Port("postgres", 5432, "TCP")),
                    "203.0.113.7"),
            // an address of a private network beside the cluster (a webhook must never reach one)
            new Pod("private-network", "", Map.of(), List.of(new Port("https", 443, "TCP")), "10.20.30.40"));

    private final String namespace;
    private final List<Pod> inside = new ArrayList<>();
    private final List<JsonNode> policies = new ArrayList<>();

    NetworkPolicies(Manifests manifests) {
        this.namespace = manifests.namespace();
        for (Manifest workload : manifests.workloads()) {
            JsonNode template = workload.doc().path("spec").path("template");
            List<Port> ports = new ArrayList<>();
            template.path("spec").path("containers").forEach(c -> c.path("ports").forEach(p -> ports.add(
                    new Port(p.path("name").asText(), p.path("containerPort").asInt(), p.path("protocol").asText("TCP")))));
            inside.add(new Pod(workload.name(), namespace, labels(template.path("metadata").path("labels")), ports, null));
        }
        manifests.ofKind("NetworkPolicy").forEach(p -> policies.add(p.doc()));
    }

    /** Every allowed connection that involves a pod of the namespace, as "source -> destination:port/protocol". */
    Set<String> edges() {
        List<Pod> everyone = new ArrayList<>(inside);
        everyone.addAll(OUTSIDE);
        Set<String> edges = new TreeSet<>();
        for (Pod from : everyone) {
            for (Pod to : everyone) {
                if (OUTSIDE.contains(from) && OUTSIDE.contains(to)) {
                    continue;
                }
                for (Port port : to.ports()) {
                    if (allowed(from, to, port)) {
                        edges.add(from.name() + " -> " + to.name() + ":" + port.number() + "/" + port.protocol());
                    }
                }
            }
        }
        return edges;
    }

    private boolean allowed(Pod from, Pod to, Port port) {
        boolean egress = !inside.contains(from) || allowedBy(from, "Egress", "egress", "to", to, port, to);
        boolean ingress = !inside.contains(to) || allowedBy(to, "Ingress", "ingress", "from", from, port, to);
        return egress && ingress;
    }

    /** Whether the policies of one direction that select {@code subject} let it talk with {@code peer} on that port. */
    private boolean allowedBy(Pod subject, String type, String rulesField, String peersField, Pod peer, Port port, Pod destination) {
        boolean selected = false;
        for (JsonNode policy : policies) {
            if (!types(policy).contains(type) || !matches(policy.path("spec").path("podSelector"), subject.labels())) {
                continue;
            }
            selected = true;
            for (JsonNode rule : policy.path("spec").path(rulesField)) {
                if (peerMatches(rule.path(peersField), peer) && portMatches(rule.path("ports"), port, destination)) {
                    return true;
                }
            }
        }
        return !selected;
    }

    /** policyTypes, or as the API server defaults it: Ingress, and Egress when there are egress rules. */
    private static Set<String> types(JsonNode policy) {
        Set<String> types = new TreeSet<>();
        JsonNode declared = policy.path("spec").path("policyTypes");
        if (declared.isArray() && !declared.isEmpty()) {
            declared.forEach(t -> types.add(t.asText()));
        } else {
            types.add("Ingress");
            if (policy.path("spec").has("egress")) {
                types.add("Egress");
            }
        }
        return types;
    }

    private boolean peerMatches(JsonNode peers, Pod pod) {
        if (!peers.isArray() || peers.isEmpty()) {
            return true;
        }
        for (JsonNode peer : peers) {
            if (peer.has("ipBlock")) {
                if (pod.ip() != null && inBlock(pod.ip(), peer.path("ipBlock"))) {
                    return true;
                }
                continue;
            }
            boolean namespaceOk = peer.has("namespaceSelector")
                    ? pod.ip() == null && matches(peer.path("namespaceSelector"), pod.namespaceLabels())
                    : namespace.equals(pod.namespace());
            boolean podOk = !peer.has("podSelector") || matches(peer.path("podSelector"), pod.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portMatches(JsonNode ports, Port port, Pod destination) {
        if (!ports.isArray() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            if (!p.path("protocol").asText("TCP").equals(port.protocol())) {
                continue;
            }
            JsonNode number = p.path("port");
            if (number.isMissingNode()) {
                return true;
            }
            if (number.isInt()) {
                int end = p.path("endPort").asInt(number.asInt());
                if (port.number() >= number.asInt() && port.number() <= end) {
                    return true;
                }
            } else if (destination.ports().stream()
                    .anyMatch(named -> named.name().equals(number.asText()) && named.number() == port.number()
                            && named.protocol().equals(port.protocol()))) {
                return true;
            }
        }
        return false;
    }

    /** A label selector: every matchLabels entry and every matchExpressions requirement holds; empty selects all. */
    static boolean matches(JsonNode selector, Map<String, String> labels) {
        var matchLabels = selector.path("matchLabels").fields();
        while (matchLabels.hasNext()) {
            var e = matchLabels.next();
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            Set<String> values = new TreeSet<>();
            expression.path("values").forEach(v -> values.add(v.asText()));
            boolean holds = switch (expression.path("operator").asText()) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new IllegalArgumentException("operator " + expression.path("operator"));
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static boolean inBlock(String ip, JsonNode block) {
        if (!inCidr(ip, block.path("cidr").asText())) {
            return false;
        }
        for (JsonNode except : block.path("except")) {
            if (inCidr(ip, except.asText())) {
                return false;
            }
        }
        return true;
    }

    private static boolean inCidr(String ip, String cidr) {
        String[] parts = cidr.split("/");
        if (parts[0].contains(":") || ip.contains(":")) {
            return false; // IPv6 blocks never match the IPv4 peers modelled here
        }
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(ip) & mask) == (ipv4(parts[0]) & mask);
    }

    private static long ipv4(String ip) {
        long value = 0;
        for (String octet : ip.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }
}
