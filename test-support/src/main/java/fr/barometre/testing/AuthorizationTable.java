package fr.barometre.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The expected table of a service's authorization matrix ({@code authorization-matrix.tsv}): one row per
 * operation ("METHOD path"), one cell per caller. A cell holds alternatives separated by '|', each an
 * exact status (404) or a class (2xx), optionally followed by [text the body holds]. Failures are
 * {@link AssertionError}s, so a test using it fails on them.
 */
public final class AuthorizationTable {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuthorizationTable() {
    }

    /** The table: operation → one cell per caller, in the callers' order (checked against the header). */
    public static Map<String, List<String>> read(InputStream in, List<String> callers) throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        Iterator<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).iterator();
        List<String> header = Arrays.asList(lines.next().split("\t"));
        check(callers.equals(header.subList(1, header.size())), "the table's columns are the callers " + callers + ", not " + header);
        while (lines.hasNext()) {
            String[] cells = lines.next().split("\t");
            check(header.size() == cells.length, "the row of " + cells[0] + " has " + cells.length + " cells, not " + header.size());
            check(rows.put(cells[0], List.of(cells).subList(1, cells.length)) == null, "one row for " + cells[0]);
        }
        return rows;
    }

    /** Every operation of an OpenAPI document, as "METHOD path", sorted; at least {@code atLeast} of them. */
    public static List<String> operations(JsonNode document, int atLeast) {
        Set<String> operations = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (METHODS.contains(method)) {
                operations.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        check(operations.size() >= atLeast, "the document lists the service's operations: " + operations);
        return new ArrayList<>(operations);
    }

    /** Every operation has a row and every row an operation: no endpoint ships unclassified. */
    public static void covers(Map<String, List<String>> table, List<String> operations, String tableName) {
        Set<String> unclassified = new TreeSet<>(operations);
        unclassified.removeAll(table.keySet());
        Set<String> stale = new TreeSet<>(table.keySet());
        stale.removeAll(operations);
        check(unclassified.isEmpty() && stale.isEmpty(), "operations of the OpenAPI document missing from " + tableName
                + ": " + unclassified + "; rows of the table without an operation: " + stale);
    }

    /** Whether a reply (status and body) is one the cell allows. */
    public static boolean matches(String expected, int status, String body) {
        String actual = String.valueOf(status);
        for (String alternative : expected.split("\\|")) {
            String wanted = alternative;
            String text = null;
            int bracket = alternative.indexOf('[');
            if (bracket >= 0) {
                wanted = alternative.substring(0, bracket);
                text = alternative.substring(bracket + 1, alternative.length() - 1);
            }
            boolean statusMatches = wanted.endsWith("xx") ? actual.charAt(0) == wanted.charAt(0) : actual.equals(wanted);
            if (statusMatches && (text == null || body.contains(text))) {
                return true;
            }
        }
        return false;
    }

    /** The realm roles the realm file gives a client's service account (at least one). */
    public static String[] serviceAccountRoles(Path realmFile, String clientId) throws IOException {
        JsonNode realm = JSON.readTree(realmFile.toFile());
        for (JsonNode user : realm.path("users")) {
            if (user.path("username").asText().equals("service-account-" + clientId)) {
                String[] roles = JSON.convertValue(user.path("realmRoles"), String[].class);
                check(roles.length > 0, clientId + " has realm roles in the realm");
                return roles;
            }
        }
        throw new AssertionError("No service account of " + clientId + " in " + realmFile);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }
}
