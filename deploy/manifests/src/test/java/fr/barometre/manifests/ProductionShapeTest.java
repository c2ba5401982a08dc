package fr.barometre.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.manifests.Manifests.Manifest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a production cluster expects of deploy/k8s beyond the API's schema, and that it runs the build's images. */
class ProductionShapeTest {

    private static final List<String> SERVICES = List.of("survey-service", "scoring-service", "reporting-service");
    private static final long MIB = 1024 * 1024;
    /** What a service holds besides its heap at the bench's peak, measured with Native Memory Tracking: ≈ 190–230 MB. */
    private static final long NOT_HEAP_MIB = 224;

    /**
     * Resident memory measured with ./barometre bench (root README): once ready, and at the peak of the national load
     * (size 5,000, as the launcher starts the services: deploy/launcher ServiceProcess.jvmOptions).
     */
    private static final Map<String, long[]> MEASURED_MB = Map.of(
            "survey-service", new long[] {218, 425},
            "scoring-service", new long[] {212, 352},
            "reporting-service", new long[] {173, 269});

    /** Containers that keep a writable root filesystem, and why (said in the manifest too). */
    private static final Set<String> WRITABLE_ROOT = Set.of("keycloak"); // `start` builds Keycloak into its installation

    private final Manifests manifests = Manifests.load();

    @Test
    void everyPodRunsAsANonRootUserWithoutPrivileges() {
        List<String> problems = new ArrayList<>();
        for (Manifest workload : manifests.workloads()) {
            JsonNode pod = podSpec(workload);
            JsonNode podSecurity = pod.path("securityContext");
            check(problems, workload, "pod runAsNonRoot", podSecurity.path("runAsNonRoot").asBoolean(false));
            check(problems, workload, "pod runAsUser set, not root", podSecurity.path("runAsUser").asInt(0) > 0);
            check(problems, workload, "seccomp RuntimeDefault",
                    "RuntimeDefault".equals(podSecurity.path("seccompProfile").path("type").asText()));
            check(problems, workload, "no service account token", pod.path("automountServiceAccountToken").isBoolean()
                    && !pod.path("automountServiceAccountToken").asBoolean());
            for (JsonNode container : pod.path("containers")) {
                JsonNode security = container.path("securityContext");
                String name = container.path("name").asText();
                check(problems, workload, name + " allowPrivilegeEscalation false",
                        security.path("allowPrivilegeEscalation").isBoolean() && !security.path("allowPrivilegeEscalation").asBoolean());
                check(problems, workload, name + " not privileged", !security.path("privileged").asBoolean(false));
                check(problems, workload, name + " drops ALL capabilities",
                        textValues(security.path("capabilities").path("drop")).equals(Set.of("ALL"))
                                && security.path("capabilities").path("add").isMissingNode());
                check(problems, workload, name + " readOnlyRootFilesystem",
                        security.path("readOnlyRootFilesystem").asBoolean(false) || WRITABLE_ROOT.contains(name));
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theServicesRunAsTheImagesUserWithAWritableTmpOnly() throws IOException {
        Matcher user = Pattern.compile("<user>(\\d+):(\\d+)</user>").matcher(rootPom());
        assertTrue(user.find(), "the images' user in the root pom");
        for (String service : SERVICES) {
            Manifest deployment = manifests.find("Deployment", service).orElseThrow();
            JsonNode security = podSpec(deployment).path("securityContext");
            assertEquals(user.group(1), security.path("runAsUser").asText(), service + ": the image's uid");
            assertEquals(user.group(2), security.path("runAsGroup").asText(), service + ": the image's gid");
            JsonNode container = podSpec(deployment).path("containers").get(0);
            assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(), service);
            String tmpVolume = null;
            for (JsonNode mount : container.path("volumeMounts")) {
                if (mount.path("mountPath").asText().equals("/tmp")) {
                    tmpVolume = mount.path("name").asText();
                }
            }
            assertTrue(tmpVolume != null, service + ": /tmp mounted");
            String volume = tmpVolume;
            boolean emptyDir = false;
            for (JsonNode v : podSpec(deployment).path("volumes")) {
                emptyDir |= v.path("name").asText().equals(volume) && v.has("emptyDir");
            }
            assertTrue(emptyDir, service + ": /tmp is an emptyDir");
        }
    }

    @Test
    void theServicesRunTheImagesTheBuildMakes() throws IOException {
        assertTrue(rootPom().contains("<to><image>barometre/${project.artifactId}:${project.version}</image></to>"),
                "the images' name in the root pom");
        String version = System.getProperty("images.version");
        assertTrue(version != null && !version.isBlank(), "the build's version (system property images.version)");
        for (String service : SERVICES) {
            JsonNode container = podSpec(manifests.find("Deployment", service).orElseThrow()).path("containers").get(0);
            assertEquals("barometre/" + service + ":" + version, container.path("image").asText(), service);
        }
    }

    @Test
    void everyReplicatedWorkloadKeepsOneReplicaThroughADisruption() {
        List<String> problems = new ArrayList<>();
        for (String service : SERVICES) {
            check(problems, manifests.find("Deployment", service).orElseThrow(), "2 replicas at least",
                    manifests.find("Deployment", service).orElseThrow().doc().path("spec").path("replicas").asInt() >= 2);
        }
        for (Manifest workload : manifests.workloads()) {
            if (workload.doc().path("spec").path("replicas").asInt(1) < 2) {
                continue;
            }
            Map<String, String> labels = new java.util.HashMap<>();
            workload.doc().path("spec").path("template").path("metadata").path("labels").fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            boolean budget = manifests.ofKind("PodDisruptionBudget").stream().map(Manifest::doc).anyMatch(pdb ->
                    pdb.path("spec").has("selector") && !pdb.path("spec").path("selector").isEmpty()
                            && NetworkPolicies.matches(pdb.path("spec").path("selector"), labels)
                            && (pdb.path("spec").path("minAvailable").asInt(0) >= 1 || pdb.path("spec").has("maxUnavailable")));
            check(problems, workload, "a PodDisruptionBudget keeping one replica", budget);
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void resourcesFollowTheMemoryMeasured() {
        List<String> problems = new ArrayList<>();
        for (Manifest workload : manifests.workloads()) {
            for (JsonNode container : podSpec(workload).path("containers")) {
                JsonNode resources = container.path("resources");
                for (String bound : List.of("requests", "limits")) {
                    for (String resource : List.of("cpu", "memory")) {
                        check(problems, workload, bound + "." + resource, resources.path(bound).has(resource));
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        for (String service : SERVICES) {
            JsonNode container = podSpec(manifests.find("Deployment", service).orElseThrow()).path("containers").get(0);
            long request = bytes(container.path("resources").path("requests").path("memory").asText());
            long limit = bytes(container.path("resources").path("limits").path("memory").asText());
            long idle = MEASURED_MB.get(service)[0] * 1_000_000;
            long peak = MEASURED_MB.get(service)[1] * 1_000_000;
            assertTrue(request >= idle, service + ": the request covers the memory measured once ready");
            assertTrue(limit >= peak * 5 / 4, service + ": the limit leaves a quarter above the highest measured");
            assertTrue(request <= limit, service);
            String options = env(container, "JDK_JAVA_OPTIONS");
            Matcher max = Pattern.compile("-Xmx(\\d+)m").matcher(options);
            assertTrue(max.find(), service + ": a heap bounded as the launcher bounds it: " + options);
            long heap = Long.parseLong(max.group(1)) * MIB;
            assertTrue(limit - heap >= NOT_HEAP_MIB * MIB, service + ": " + NOT_HEAP_MIB
                    + " MiB at least outside the heap (metaspace, symbols, code, the JIT's arenas, threads, buffers)");
            assertTrue(heap >= 128 * MIB, service + ": a heap of 128 MiB at least");
            assertTrue(options.contains("-XX:ReservedCodeCacheSize=64m"), service + ": compiled code bounded: " + options);
            assertTrue(options.contains("-XX:+ExitOnOutOfMemoryError"), service + ": out of memory, restarted");
        }
    }

    @Test
    void webhooksReachNoLocalReceiverAndTheJournalHasARetention() {
        for (String service : SERVICES) {
            JsonNode container = podSpec(manifests.find("Deployment", service).orElseThrow()).path("containers").get(0);
            for (JsonNode variable : container.path("env")) {
                assertTrue(!variable.path("name").asText().contains("ALLOW_LOCAL"),
                        service + ": no local or private webhook receiver is allowed in production: " + variable);
            }
            assertEquals("30s", env(container, "BAROMETRE_WEBHOOKS_SCOPE_CACHE"), service);
            assertTrue(java.time.Duration.parse(env(container, "BAROMETRE_AUDIT_RETENTION")).toDays() >= 1826,
                    service + ": the journal kept five years at least");
        }
    }

    @Test
    void noSecretIsWrittenInTheManifests() {
        List<String> problems = new ArrayList<>();
        check(problems, null, "no Secret object", manifests.ofKind("Secret").isEmpty());
        for (Manifest workload : manifests.workloads()) {
            for (JsonNode container : podSpec(workload).path("containers")) {
                for (JsonNode variable : container.path("env")) {
                    String name = variable.path("name").asText();
                    if (name.matches(".*(PASSWORD|SECRET|_KEY)$")) {
                        check(problems, workload, name + " from a secret", variable.path("valueFrom").has("secretKeyRef")
                                && !variable.has("value"));
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    private static void check(List<String> problems, Manifest where, String rule, boolean holds) {
        if (!holds) {
            problems.add((where == null ? "" : where + ": ") + rule);
        }
    }

    private static JsonNode podSpec(Manifest workload) {
        return workload.doc().path("spec").path("template").path("spec");
    }

    private static String env(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable.path("value").asText();
            }
        }
        return "";
    }

    private static Set<String> textValues(JsonNode array) {
        Set<String> values = new TreeSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** A Kubernetes memory quantity in bytes (binary and decimal suffixes). */
    static long bytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(quantity);
        if (!m.matches()) {
            throw new IllegalArgumentException("quantity " + quantity);
        }
        long unit = switch (m.group(2) == null ? "" : m.group(2)) {
            case "Ki" -> 1L << 10;
            case "Mi" -> 1L << 20;
            case "Gi" -> 1L << 30;
            case "Ti" -> 1L << 40;
            case "k" -> 1_000L;
            case "M" -> 1_000_000L;
            case "G" -> 1_000_000_000L;
            case "T" -> 1_000_000_000_000L;
            default -> 1L;
        };
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValueExact();
    }

    private static String rootPom() throws IOException {
        return Files.readString(Manifests.directory().resolve("../../pom.xml").normalize());
    }
}
