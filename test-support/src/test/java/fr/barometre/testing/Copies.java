package fr.barometre.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The deliberate copies between the services, listed in {@code copies.txt} at the repository's root, and
 * where they differ. Each line of the list is a path inside the repository with {@code {service}} where the
 * service's name goes ({@code survey}, {@code scoring}, {@code reporting}); a path ending in {@code /} is a
 * whole directory, every file under it, with the same names in each service. A line is about the three
 * services, or about those named before a colon ({@code survey scoring: ...}). The copies of one line must
 * be the same text once each service's package ({@code fr.barometre.<service>}) is written {@code
 * fr.barometre.{service}}. Blank lines and lines starting with {@code #} are comments.
 */
public final class Copies {

    public static final List<String> SERVICES = List.of("survey", "scoring", "reporting");
    static final String PLACEHOLDER = "{service}";

    private Copies() {
    }

    /** One listed copy: the services that hold it and its path with the placeholder. */
    record Entry(int line, List<String> services, String path) {
        boolean directory() {
            return path.endsWith("/");
        }

        String in(String service) {
            return path.replace(PLACEHOLDER, service);
        }
    }

    /** Every difference between the copies {@code list} names under {@code root}, one message each; empty when they are the same. */
    public static List<String> drifts(Path root, Path list) {
        List<String> drifts = new ArrayList<>();
        for (Entry entry : entries(list, drifts)) {
            if (entry.directory()) {
                compareDirectories(root, entry, drifts);
            } else {
                compareFiles(root, entry, entry.path(), drifts);
            }
        }
        return drifts;
    }

    static List<Entry> entries(Path list, List<String> drifts) {
        List<Entry> entries = new ArrayList<>();
        List<String> lines = read(list).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            List<String> services = SERVICES;
            int colon = line.indexOf(':');
            if (colon >= 0) {
                services = Arrays.asList(line.substring(0, colon).strip().split("\\s+"));
                line = line.substring(colon + 1).strip();
            }
            String where = list.getFileName() + ":" + (i + 1);
            if (!line.contains(PLACEHOLDER) || services.size() < 2 || !SERVICES.containsAll(services)) {
                drifts.add(where + ": not a copy of at least two of " + SERVICES + " with " + PLACEHOLDER + " in its path: " + lines.get(i));
                continue;
            }
            entries.add(new Entry(i + 1, services, line));
        }
        return entries;
    }

    private static void compareDirectories(Path root, Entry entry, List<String> drifts) {
        Map<String, List<String>> holders = new TreeMap<>();   // relative file path (placeholder) -> services holding it
        for (String service : entry.services()) {
            Path dir = root.resolve(entry.in(service));
            if (!Files.isDirectory(dir)) {
                drifts.add(entry.in(service) + ": no such directory (copies.txt:" + entry.line() + ")");
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile)
                        .map(f -> dir.relativize(f).toString().replace('\\', '/').replace("/" + service + "/", "/" + PLACEHOLDER + "/"))
                        .forEach(f -> holders.computeIfAbsent(f, k -> new ArrayList<>()).add(service));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        holders.forEach((file, services) -> {
            if (services.size() < entry.services().size()) {
                TreeSet<String> missing = new TreeSet<>(entry.services());
                missing.removeAll(services);
                missing.forEach(service -> drifts.add((entry.in(service) + file).replace(PLACEHOLDER, service)
                        + ": missing, while " + (entry.in(services.get(0)) + file).replace(PLACEHOLDER, services.get(0))
                        + " is a copy (copies.txt:" + entry.line() + ")"));
            } else {
                compareFiles(root, entry, entry.path() + file, drifts);
            }
        });
    }

    private static void compareFiles(Path root, Entry entry, String path, List<String> drifts) {
        String reference = null;
        String referencePath = null;
        List<String> referenceLines = null;
        for (String service : entry.services()) {
            String file = path.replace(PLACEHOLDER, service);
            if (!Files.isRegularFile(root.resolve(file))) {
                drifts.add(file + ": no such file (copies.txt:" + entry.line() + ")");
                continue;
            }
            List<String> lines = read(root.resolve(file)).replace("fr.barometre." + service, "fr.barometre." + PLACEHOLDER)
                    .lines().toList();
            if (reference == null) {
                reference = service;
                referencePath = file;
                referenceLines = lines;
                continue;
            }
            int at = firstDifference(referenceLines, lines);
            if (at >= 0) {
                drifts.add(file + " differs from " + referencePath + " at line " + (at + 1) + " (copies.txt:" + entry.line() + ")\n"
                        + "    " + reference + ": " + lineOr(referenceLines, at) + "\n"
                        + "    " + service + ": " + lineOr(lines, at));
            }
        }
    }

    /** The index of the first line that differs, or -1 when the texts are the same. */
    static int firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i >= a.size() || i >= b.size() || !a.get(i).equals(b.get(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String lineOr(List<String> lines, int at) {
        return at < lines.size() ? lines.get(at).strip() : "(end of file)";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
