package fr.barometre.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The documents of deploy/k8s, read as kustomize reads them: the files its kustomization lists, every YAML document of each. */
final class Manifests {

    static final ObjectMapper YAML = new YAMLMapper();

    /** One YAML document and the file it came from. */
    record Manifest(String file, JsonNode doc) {
        String kind() {
            return doc.path("kind").asText();
        }

        String name() {
            return doc.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return file + ": " + kind() + " " + name();
        }
    }

    private final Path dir;
    private final List<Manifest> all;

    private Manifests(Path dir, List<Manifest> all) {
        this.dir = dir;
        this.all = all;
    }

    /** deploy/k8s as the build names it (system property manifests.dir), else from the module's folder. */
    static Manifests load() {
        return load(directory());
    }

    static Path directory() {
        String configured = System.getProperty("manifests.dir");
        return configured != null ? Path.of(configured) : Path.of("..", "k8s");
    }

    static Manifests load(Path dir) {
        List<Manifest> all = new ArrayList<>();
        for (String file : kustomizationResources(dir)) {
            all.addAll(read(dir.resolve(file)));
        }
        return new Manifests(dir, all);
    }

    /** Every non-empty YAML document of one file. */
    static List<Manifest> read(Path file) {
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            List<Manifest> docs = new ArrayList<>();
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(new Manifest(file.getFileName().toString(), doc));
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> kustomizationResources(Path dir) {
        JsonNode kustomization = read(dir.resolve("kustomization.yaml")).get(0).doc();
        List<String> files = new ArrayList<>();
        kustomization.path("resources").forEach(r -> files.add(r.asText()));
        return files;
    }

    /** The YAML files of the folder besides the kustomization itself. */
    List<String> yamlFiles() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .filter(n -> !n.equals("kustomization.yaml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String namespace() {
        return read(dir.resolve("kustomization.yaml")).get(0).doc().path("namespace").asText();
    }

    List<Manifest> all() {
        return all;
    }

    List<Manifest> ofKind(String kind) {
        return all.stream().filter(m -> m.kind().equals(kind)).toList();
    }

    Optional<Manifest> find(String kind, String name) {
        return all.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst();
    }

    /** Deployments and StatefulSets: what runs pods. */
    List<Manifest> workloads() {
        return all.stream().filter(m -> m.kind().equals("Deployment") || m.kind().equals("StatefulSet")).toList();
    }
}
