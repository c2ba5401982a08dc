package fr.barometre.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The Kubernetes API's schema of every kind, from the API server's own OpenAPI (v2) document of one Kubernetes
 * version (src/test/resources/kubernetes, see its README), checked with a JSON Schema validator (networknt, draft 4,
 * the dialect of OpenAPI v2 definitions).
 *
 * <p>Like kubeconform's strict mode, the definitions are tightened where the API server would reject or drop what
 * they let pass: an object with declared properties takes no other property (an unknown or misspelt field is an
 * error, where the schema alone would accept it), and the two kinds of values the document types as plain strings
 * take what the API server takes: an {@code IntOrString} is a string or an integer, a {@code Quantity} a string or
 * a number.
 */
final class KubernetesSchema {

    static final String VERSION = "1.22";
    private static final String RESOURCE = "/kubernetes/swagger-" + VERSION + ".json.gz";
    private static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private final ObjectNode definitions;
    /** "apps/v1 Deployment" → "io.k8s.api.apps.v1.Deployment" */
    private final Map<String, String> definitionOfKind = new HashMap<>();
    private final Map<String, JsonSchema> schemaOfKind = new HashMap<>();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);

    private KubernetesSchema(ObjectNode definitions) {
        this.definitions = definitions;
        definitions.fields().forEachRemaining(e -> e.getValue().path("x-kubernetes-group-version-kind").forEach(gvk -> {
            String group = gvk.path("group").asText();
            String apiVersion = group.isEmpty() ? gvk.path("version").asText() : group + "/" + gvk.path("version").asText();
            definitionOfKind.put(apiVersion + " " + gvk.path("kind").asText(), e.getKey());
        }));
        definitions.fields().forEachRemaining(e -> closeObjects(e.getValue()));
        definitions.set(INT_OR_STRING, oneOf("string", "integer"));
        definitions.set(QUANTITY, oneOf("string", "number"));
    }

    static KubernetesSchema load() {
        try (InputStream in = KubernetesSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing");
            }
            JsonNode openApi = new ObjectMapper().readTree(new GZIPInputStream(in));
            return new KubernetesSchema((ObjectNode) openApi.path("definitions"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema's complaints about one document, empty when it is a valid object of the API. */
    List<String> validate(JsonNode doc) {
        String key = doc.path("apiVersion").asText() + " " + doc.path("kind").asText();
        String definition = definitionOfKind.get(key);
        if (definition == null) {
            return List.of("$: no kind \"" + key + "\" in the Kubernetes " + VERSION + " API");
        }
        JsonSchema schema = schemaOfKind.computeIfAbsent(key, k -> {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("$ref", "#/definitions/" + definition);
            root.set("definitions", definitions);
            return factory.getSchema(root);
        });
        return schema.validate(doc).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** additionalProperties: false on every object schema that lists its properties and says nothing of others. */
    private static void closeObjects(JsonNode schema) {
        if (!(schema instanceof ObjectNode node)) {
            return;
        }
        if (node.has("properties")) {
            if (!node.has("additionalProperties")) {
                node.put("additionalProperties", false);
            }
            node.path("properties").forEach(KubernetesSchema::closeObjects);
        }
        closeObjects(node.path("items"));
        closeObjects(node.path("additionalProperties"));
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            node.path(combinator).forEach(KubernetesSchema::closeObjects);
        }
    }

    private static ObjectNode oneOf(String... types) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode alternatives = node.putArray("oneOf");
        for (String type : types) {
            alternatives.addObject().put("type", type);
        }
        return node;
    }
}
