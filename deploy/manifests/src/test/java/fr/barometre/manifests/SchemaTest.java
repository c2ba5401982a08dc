package fr.barometre.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.barometre.manifests.Manifests.Manifest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every document of deploy/k8s is a valid object of the Kubernetes API, and the check does refuse a broken one. */
class SchemaTest {

    private static final KubernetesSchema SCHEMA = KubernetesSchema.load();
    private final Manifests manifests = Manifests.load();

    @Test
    void everyManifestIsAValidObjectOfTheKubernetesApi() {
        List<String> problems = new ArrayList<>();
        for (Manifest m : manifests.all()) {
            SCHEMA.validate(m.doc()).forEach(p -> problems.add(m + ": " + p));
        }
        assertEquals(List.of(), problems);
        assertTrue(manifests.all().size() >= 20, "the documents were read: " + manifests.all().size());
    }

    @Test
    void theKustomizationListsEveryManifestFile() {
        assertEquals(manifests.yamlFiles(), Manifests.kustomizationResources(Manifests.directory()).stream().sorted().toList());
    }

    @Test
    void anUnknownFieldIsRefused() {
        ObjectNode deployment = copyOf("Deployment", "survey-service");
        container(deployment).put("imagePullPolicyy", "Always");
        assertRefused(deployment, "imagePullPolicyy");
    }

    @Test
    void anUnknownFieldDeepInsideIsRefused() {
        ObjectNode deployment = copyOf("Deployment", "survey-service");
        ((ObjectNode) container(deployment).path("securityContext")).put("readOnlyRootFileSystem", true);
        assertRefused(deployment, "readOnlyRootFileSystem");
    }

    @Test
    void aValueOfTheWrongTypeIsRefused() {
        ObjectNode deployment = copyOf("Deployment", "survey-service");
        ((ObjectNode) deployment.path("spec")).put("replicas", "two");
        assertRefused(deployment, "replicas");
        ObjectNode policy = copyOf("NetworkPolicy", "survey-service");
        ((ObjectNode) policy.path("spec")).put("policyTypes", "Ingress");
        assertRefused(policy, "policyTypes");
    }

    @Test
    void aMissingRequiredFieldIsRefused() {
        ObjectNode deployment = copyOf("Deployment", "survey-service");
        container(deployment).remove("name");
        assertRefused(deployment, "name");
        ObjectNode budget = copyOf("PodDisruptionBudget", "survey-service");
        ((ObjectNode) budget.path("spec")).remove("selector");
        // policy/v1 PodDisruptionBudget has no required spec field: a selector-less budget is valid and selects nothing
        assertEquals(List.of(), SCHEMA.validate(budget));
        ObjectNode service = copyOf("Service", "survey-service");
        ((ObjectNode) service.path("spec").path("ports").get(0)).remove("port");
        assertRefused(service, "port");
    }

    @Test
    void anUnknownKindOrVersionIsRefused() {
        ObjectNode budget = copyOf("PodDisruptionBudget", "survey-service");
        budget.put("apiVersion", "policy/v2");
        assertRefused(budget, "policy/v2");
    }

    @Test
    void intOrStringAndQuantitiesTakeWhatTheApiServerTakes() {
        ObjectNode deployment = copyOf("Deployment", "survey-service");
        ObjectNode limits = (ObjectNode) container(deployment).path("resources").path("limits");
        limits.put("cpu", 2);
        ObjectNode probe = (ObjectNode) container(deployment).path("readinessProbe").path("httpGet");
        probe.put("port", 8081);
        assertEquals(List.of(), SCHEMA.validate(deployment));
        probe.put("port", true);
        assertRefused(deployment, "port");
    }

    private static void assertRefused(JsonNode doc, String naming) {
        List<String> problems = SCHEMA.validate(doc);
        assertFalse(problems.isEmpty(), "refused");
        assertTrue(problems.stream().anyMatch(p -> p.contains(naming)), "a problem names " + naming + ": " + problems);
    }

    private ObjectNode copyOf(String kind, String name) {
        return (ObjectNode) manifests.find(kind, name).orElseThrow().doc().deepCopy();
    }

    private static ObjectNode container(JsonNode workload) {
        return (ObjectNode) workload.path("spec").path("template").path("spec").path("containers").get(0);
    }
}
