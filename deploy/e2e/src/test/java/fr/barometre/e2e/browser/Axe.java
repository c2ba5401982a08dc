package fr.barometre.e2e.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * axe-core (test resource {@code axe/axe.min.js}, from npm) run inside the page the browser shows,
 * with the rules of WCAG 2.0 and 2.1, levels A and AA.
 */
public final class Axe {

    public static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOURCE = load();

    /** One node a rule failed on: its CSS selector, its HTML, what to fix. */
    public record Node(String target, String html, String summary) {
    }

    /** One rule violated, with the nodes that violate it. */
    public record Violation(String rule, String impact, String help, List<Node> nodes) {

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder(rule + " (" + impact + "): " + help);
            for (Node node : nodes) {
                out.append("\n    at ").append(node.target()).append("  ").append(node.html())
                        .append("\n       ").append(node.summary().replace("\n", "\n       "));
            }
            return out.toString();
        }
    }

    private Axe() {
    }

    /** Runs axe in the page the browser shows; the violations of {@link #TAGS}, none when the page passes. */
    public static List<Violation> run(Browser browser) {
        browser.script(SOURCE + "\n;return true;");
        Object result = browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
                   .then(r => done(JSON.stringify(r.violations)))
                   .catch(e => done('ERROR ' + e));
                """, TAGS);
        String json = String.valueOf(result);
        if (json.startsWith("ERROR ")) {
            throw new IllegalStateException("axe failed in " + browser.url() + ": " + json);
        }
        try {
            List<Violation> violations = new ArrayList<>();
            for (JsonNode v : JSON.readTree(json)) {
                List<Node> nodes = new ArrayList<>();
                for (JsonNode n : v.path("nodes")) {
                    nodes.add(new Node(n.path("target").toString(), n.path("html").asText(), n.path("failureSummary").asText()));
                }
                violations.add(new Violation(v.path("id").asText(), v.path("impact").asText(), v.path("help").asText(), nodes));
            }
            return violations;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A failure message naming each violation and where it is, or null when there is none. */
    public static String report(String page, List<Violation> violations) {
        if (violations.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder(page + ": " + violations.size() + " axe violation(s) of WCAG 2.1 A/AA");
        violations.forEach(v -> out.append("\n  ").append(v));
        return out.toString();
    }

    private static String load() {
        try (InputStream in = Axe.class.getResourceAsStream("/axe/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe/axe.min.js missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
