package fr.barometre.reporting.figures;

import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.Facts;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * No withheld figure can be computed by subtracting two figures that a partner, a respondent or an
 * anonymous caller can read. Two small published editions, built so that authority X stands alone
 * in its stratum (S3), its kind (EPCI_CA), its région (11) and its network (INTERCONNECTES, which
 * overlaps FRANCE_URBAINE), Y alone in its kind (METROPOLE), Z without a stratum:
 * <pre>
 *   G1  6 × S6 COMMUNE   84  FRANCE_URBAINE + INTERCOMMUNALITES_DE_FRANCE
 *   G2  5 × S6 COMMUNE   84  FRANCE_URBAINE
 *   G3  5 × S2 COMMUNE   84  –
 *   X       S3 EPCI_CA   11  INTERCONNECTES + FRANCE_URBAINE      (no score on CYBERSECURITE, NSP to DIA-PLAN-FORMATION)
 *   Y       S2 METROPOLE 84  FRANCE_URBAINE + INTERCOMMUNALITES_DE_FRANCE
 *   Z       –  COMMUNE   84  INTERCOMMUNALITES_DE_FRANCE
 * </pre>
 * the previous edition without Y and two of G3. Every caller requests every figure endpoint with
 * every combination of filters (none, one, pairs, triples, all four), the cross-analyses of a single
 * choice and of a boolean included (each row the request with one more filter, the answer: the same
 * kinds of figure as the others); each figure it reads is noted
 * with the set of authorities it is computed over, taken from this fixture (the selection, and the
 * figure's population within it: a theme's respondents, a question's answerers, the peers of a
 * percentile). Then, mechanically: for every two figures of the same kind it can read, over B and
 * C ⊂ B, B \ C has 0 or at least 5 authorities, among the population and among the selection.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class DifferencingTest {

    private static final String CURRENT = "aa-diff-2025";
    private static final String PREVIOUS = "aa-diff-2023";
    private static final int K = 5;
    private static final String IC = "INTERCONNECTES";
    private static final String FU = "FRANCE_URBAINE";
    private static final String IDF = "INTERCOMMUNALITES_DE_FRANCE";
    private static final List<String> QUESTIONS = List.of("DIA-PLAN-FORMATION", "DIA-USAGE-AGENTS", "CYB-NIS2");
    /** The questions whose cross-analysis is read: a single choice, a boolean. */
    private static final List<String> CROSSED = List.of("DIA-USAGE-AGENTS", "CYB-NIS2");

    /** One authority of the fixture: its profile, its theme levels (null: no score) and its answers. */
    record Member(String siren, String stratum, String kind, String region, Set<String> networks,
                  Map<String, Integer> levels, Map<String, Object> answers) {

        boolean selectedBy(Map<String, String> filters) {
            return (filters.get("stratum") == null || filters.get("stratum").equals(stratum))
                    && (filters.get("kind") == null || filters.get("kind").equals(kind))
                    && (filters.get("region") == null || filters.get("region").equals(region))
                    && (filters.get("network") == null || networks.contains(filters.get("network")));
        }
    }

    /** A figure a caller read: its kind (same kind, same measure), the authorities it is over, and whether it was shown. */
    record Read(String where, String kind, Set<String> population, Set<String> selection, boolean shown, String reason) {
    }

    private static final List<Member> CURRENT_EDITION = new ArrayList<>();
    private static final List<Member> PREVIOUS_EDITION = new ArrayList<>();
    private static final String X = siren(12, 17);
    private static final String G1_FIRST = siren(12, 1);
    private static boolean loaded;

    static {
        int n = 0;
        for (int i = 0; i < 6; i++) {
            CURRENT_EDITION.add(member(++n, "S6", "COMMUNE", "84", FU, IDF));
        }
        for (int i = 0; i < 5; i++) {
            CURRENT_EDITION.add(member(++n, "S6", "COMMUNE", "84", FU));
        }
        for (int i = 0; i < 5; i++) {
            CURRENT_EDITION.add(member(++n, "S2", "COMMUNE", "84"));
        }
        CURRENT_EDITION.add(member(++n, "S3", "EPCI_CA", "11", IC, FU));
        CURRENT_EDITION.add(member(++n, "S2", "METROPOLE", "84", FU, IDF));
        CURRENT_EDITION.add(member(++n, null, "COMMUNE", "84", IDF));
        for (Member m : CURRENT_EDITION) {
            int i = Integer.parseInt(m.siren().substring(3));
            if (i != 18 && i != 13 && i != 14) {
                PREVIOUS_EDITION.add(new Member(m.siren(), m.stratum(), m.kind(), m.region(), m.networks(),
                        levels(i + 2, i == 17), m.answers()));
            }
        }
    }

    private static Member member(int i, String stratum, String kind, String region, String... networks) {
        Map<String, Object> answers = new LinkedHashMap<>();
        // DIA-PLAN-FORMATION: a level, X says NSP, one says NA, one does not answer.
        if (i != 13) {
            answers.put("DIA-PLAN-FORMATION", i == 17 ? "NSP" : i == 7 ? "NA" : i % 5);
        }
        if (i % 3 != 0) {
            answers.put("DIA-USAGE-AGENTS", List.of("ORGANISE", "INITIATIVE_PERSONNELLE", "AUCUN").get(i % 3));
        }
        if (i <= 6 || i >= 12) {
            answers.put("CYB-NIS2", i % 2 == 0);
        }
        if (i % 4 != 1) {
            answers.put("GOV-BUDGET", 100 * i);
        }
        return new Member(siren(12, i), stratum, kind, region, Set.of(networks), levels(i, i == 17 || i == 12), answers);
    }

    /** Levels per theme, spread so that shares differ; CYBERSECURITE without a score when asked. */
    private static Map<String, Integer> levels(int i, boolean noCyber) {
        Map<String, Integer> levels = new LinkedHashMap<>();
        for (int t = 0; t < Facts.THEMES.size(); t++) {
            String theme = Facts.THEMES.get(t);
            levels.put(theme, noCyber && theme.equals("CYBERSECURITE") ? null : (i * 3 + t) % 5);
        }
        return levels;
    }

    private static void deliver(String campaign, Member m) {
        Facts f = fact(campaign, m.siren()).stratum(m.stratum()).kind(m.kind()).region(m.region())
                .networks(m.networks().stream().sorted().toArray(String[]::new));
        int[] levels = Facts.THEMES.stream().mapToInt(t -> m.levels().get(t) == null ? -1 : m.levels().get(t)).toArray();
        f.levels(levels);
        double index = m.levels().values().stream().filter(l -> l != null).mapToInt(l -> l * 25).average().orElse(0);
        f.index(String.format(java.util.Locale.ROOT, "%.2f", index));
        m.answers().forEach((question, answer) -> {
            if (answer instanceof Integer level && question.equals("DIA-PLAN-FORMATION")) {
                f.level(question, level);
            } else if ("NSP".equals(answer) || "NA".equals(answer)) {
                f.abstention(question, (String) answer);
            } else {
                f.value(question, answer);
            }
        });
        f.deliver();
    }

    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        PREVIOUS_EDITION.forEach(m -> deliver(PREVIOUS, m));
        CURRENT_EDITION.forEach(m -> deliver(CURRENT, m));
        for (String code : new String[] {PREVIOUS, CURRENT}) {
            given().auth().oauth2(Tokens.admin()).post("/barometers/" + code + "/publication").then().statusCode(200);
        }
        loaded = true;
    }

    // ---- the requests -----------------------------------------------------------------------

    private static final List<String> STRATA = java.util.Arrays.asList(null, "S2", "S3", "S6");
    private static final List<String> KINDS = java.util.Arrays.asList(null, "COMMUNE", "EPCI_CA", "METROPOLE");
    private static final List<String> REGIONS = java.util.Arrays.asList(null, "84", "11");
    private static final List<String> NETWORKS = java.util.Arrays.asList(null, IC, FU, IDF);

    /** Every combination of the filters (each absent or one value): none, single filters, pairs, triples and all four. */
    private static List<Map<String, String>> everyFilterCombination(boolean withStratum) {
        List<Map<String, String>> all = new ArrayList<>();
        for (String s : withStratum ? STRATA : java.util.Collections.<String>singletonList(null)) {
            for (String k : KINDS) {
                for (String r : REGIONS) {
                    for (String n : NETWORKS) {
                        Map<String, String> f = new LinkedHashMap<>();
                        f.put("stratum", s);
                        f.put("kind", k);
                        f.put("region", r);
                        f.put("network", n);
                        all.add(f);
                    }
                }
            }
        }
        return all;
    }

    private static String query(Map<String, String> filters) {
        String q = filters.entrySet().stream().filter(e -> e.getValue() != null).map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        return q.isEmpty() ? "" : "?" + q;
    }

    private static Set<String> sirens(List<Member> edition, Map<String, String> filters, Predicate<Member> population) {
        return edition.stream().filter(m -> m.selectedBy(filters) && population.test(m)).map(Member::siren).collect(Collectors.toSet());
    }

    private static Predicate<Member> scored(String theme) {
        return m -> m.levels().get(theme) != null;
    }

    private static Predicate<Member> answered(String question) {
        return m -> m.answers().containsKey(question);
    }

    /** The members that gave this answer to the question (null: that gave none). */
    private static Predicate<Member> gave(String question, String answer) {
        return m -> answer == null ? !m.answers().containsKey(question)
                : m.answers().containsKey(question) && answer.equals(String.valueOf(m.answers().get(question)));
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    /** A GET as the caller (null token: anonymous), expecting 200. Plain HTTP: thousands of requests, each light. */
    private String get(String token, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path.substring(1))).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), path + ": " + response.body());
            return response.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(path, e);
        }
    }

    private JsonNode read(String token, String path) {
        try {
            return JSON.readTree(get(token, path));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(path, e);
        }
    }

    /** Notes one figure; a shown one must count exactly the fixture's population, a withheld one must show nothing. */
    private static void note(List<Read> reads, String where, String kind, Set<String> population, Set<String> selection,
                             JsonNode figure, String countField) {
        boolean withheld = figure.get("withheld").asBoolean();
        String reason = figure.get("withheldReason").isNull() ? null : figure.get("withheldReason").asText();
        JsonNode count = figure.get(countField);
        if (withheld) {
            assertTrue(count.isNull(), where + ": a withheld figure shows no count");
            assertTrue(reason != null && !reason.isBlank(), where + ": a withheld figure says why");
        } else {
            assertEquals(population.size(), count.asInt(), where + " " + kind + ": the figure counts the fixture's authorities");
        }
        reads.add(new Read(where, kind, population, selection, !withheld, reason));
    }

    /** Everything a caller reads, every endpoint with every filter combination, noted with the sets it is over. */
    private List<Read> readEverything(String caller, List<String> benchmarks) {
        List<Read> reads = new ArrayList<>();
        for (Map<String, String> f : everyFilterCombination(true)) {
            String where = "/barometers/" + CURRENT + query(f);
            JsonNode json = read(caller, where);
            Set<String> selection = sirens(CURRENT_EDITION, f, m -> true);
            Set<String> previousSelection = sirens(PREVIOUS_EDITION, f, m -> true);
            JsonNode authorities = json.get("authorities");
            if (!authorities.isNull()) {
                assertEquals(selection.size(), authorities.asInt(), where);
            }
            reads.add(new Read(where, "authorities", selection, selection, !authorities.isNull(), null));
            assertEquals(PREVIOUS, json.get("comparedTo").asText());
            for (int t = 0; t < Facts.THEMES.size(); t++) {
                String theme = Facts.THEMES.get(t);
                JsonNode figures = json.get("themes").get(t);
                assertEquals(theme, figures.get("theme").asText());
                JsonNode previous = figures.get("previous");
                note(reads, where, "theme " + theme, sirens(CURRENT_EDITION, f, scored(theme)), selection, figures, "respondents");
                note(reads, where, "previous " + theme, sirens(PREVIOUS_EDITION, f, scored(theme)), previousSelection, previous, "respondents");
                if (figures.get("withheld").asBoolean() || previous.get("withheld").asBoolean()) {
                    assertTrue(previous.get("differencePoints").isNull(), where + " " + theme + ": a difference with a withheld side");
                    assertTrue(previous.get("rankChange").isNull(), where + " " + theme + ": a rank change with a withheld side");
                }
            }
            for (String question : QUESTIONS) {
                String q = "/barometers/" + CURRENT + "/questions/" + question + query(f);
                note(reads, q, "question " + question, sirens(CURRENT_EDITION, f, answered(question)), selection,
                        read(caller, q), "answered");
            }
            for (String question : CROSSED) {
                // Each row of a cross-analysis: the request with one more filter, the answer; the same kinds of figure as above.
                String q = "/barometers/" + CURRENT + "/cross?question=" + question + query(f).replace('?', '&');
                for (JsonNode row : read(caller, q).get("answers")) {
                    Predicate<Member> gave = gave(question, row.get("answer").isNull() ? null : row.get("answer").asText());
                    Set<String> rowSelection = sirens(CURRENT_EDITION, f, gave);
                    String cell = q + " " + row.get("answer").asText();
                    note(reads, cell, "authorities", rowSelection, rowSelection, row, "authorities");
                    for (int t = 0; t < Facts.THEMES.size(); t++) {
                        String theme = Facts.THEMES.get(t);
                        note(reads, cell, "theme " + theme, sirens(CURRENT_EDITION, f, gave.and(scored(theme))), rowSelection,
                                row.get("themes").get(t), "respondents");
                    }
                }
            }
        }
        for (Map<String, String> f : everyFilterCombination(false)) {
            String where = "/barometers/" + CURRENT + "/strata" + query(f);
            JsonNode json = read(caller, where);
            for (int t = 0; t < Facts.THEMES.size(); t++) {
                String theme = Facts.THEMES.get(t);
                for (int s = 0; s < 6; s++) {
                    Map<String, String> cell = new LinkedHashMap<>(f);
                    cell.put("stratum", "S" + (s + 1));
                    JsonNode stratum = json.get("themes").get(t).get("strata").get(s);
                    assertEquals(cell.get("stratum"), stratum.get("stratum").asText());
                    note(reads, where + " S" + (s + 1), "theme " + theme, sirens(CURRENT_EDITION, cell, scored(theme)),
                            sirens(CURRENT_EDITION, cell, m -> true), stratum, "respondents");
                }
            }
        }
        String[] csv = get(caller, "/barometers/" + CURRENT + "/export.csv").split("\r\n");
        for (int line = 1; line < csv.length; line++) {
            String[] cells = csv[line].split(",", -1);
            Map<String, String> f = new LinkedHashMap<>();
            f.put("stratum", cells[6].isEmpty() ? null : cells[6]);
            String theme = cells[7];
            Set<String> population = sirens(CURRENT_EDITION, f, scored(theme));
            boolean withheld = Boolean.parseBoolean(cells[17]);
            if (!withheld) {
                assertEquals(population.size(), Integer.parseInt(cells[8]), csv[line]);
            } else {
                assertEquals("", cells[8], csv[line]);
            }
            reads.add(new Read("export.csv " + cells[5] + " " + cells[6], "theme " + theme, population, sirens(CURRENT_EDITION, f, m -> true),
                    !withheld, cells[18]));
        }
        for (String siren : benchmarks) {
            String where = "/barometers/" + CURRENT + "/collectivities/" + siren;
            JsonNode json = read(caller, where);
            Member m = CURRENT_EDITION.stream().filter(a -> a.siren().equals(siren)).findFirst().orElseThrow();
            Map<String, String> peers = new LinkedHashMap<>();
            peers.put("stratum", m.stratum());
            for (int t = 0; t < Facts.THEMES.size(); t++) {
                String theme = Facts.THEMES.get(t);
                if (m.levels().get(theme) != null) {
                    note(reads, where, "theme " + theme, sirens(CURRENT_EDITION, peers, scored(theme)), sirens(CURRENT_EDITION, peers, a -> true),
                            json.get("themes").get(t), "peers");
                }
            }
            note(reads, where, "index", sirens(CURRENT_EDITION, peers, a -> true), sirens(CURRENT_EDITION, peers, a -> true), json.get("index"), "peers");
        }
        return reads;
    }

    /** Every two figures of the same kind the caller read, over B and C ⊂ B: B \ C has 0 or at least K authorities. */
    private static List<String> derivable(List<Read> reads) {
        List<Read> shown = reads.stream().filter(Read::shown).toList();
        List<String> problems = new ArrayList<>();
        for (Read b : shown) {
            for (Read c : shown) {
                if (!b.kind().equals(c.kind())) {
                    continue;
                }
                for (boolean population : new boolean[] {true, false}) {
                    Set<String> wide = population ? b.population() : b.selection();
                    Set<String> narrow = population ? c.population() : c.selection();
                    if (wide.containsAll(narrow) && wide.size() > narrow.size() && wide.size() - narrow.size() < K) {
                        Set<String> difference = new HashSet<>(wide);
                        difference.removeAll(narrow);
                        problems.add(b.kind() + ": " + b.where() + " − " + c.where() + " = " + difference
                                + (population ? "" : " (selections)"));
                    }
                }
            }
        }
        return problems;
    }

    private void check(String who, String caller, List<String> benchmarks) {
        List<Read> reads = readEverything(caller, benchmarks);
        List<String> problems = derivable(reads);
        if (!problems.isEmpty()) {
            fail(who + " can subtract " + problems.size() + " pairs of figures down to fewer than " + K + " authorities, e.g.\n"
                    + String.join("\n", problems.subList(0, Math.min(15, problems.size()))));
        }
        // The fixture does exercise the rule: figures withheld as derivable, and filtered figures still shown.
        long secondary = reads.stream().filter(r -> Confidentiality.SECONDARY_REASON.equals(r.reason())).count();
        long shownFiltered = reads.stream().filter(r -> r.shown() && r.where().contains("?")).count();
        assertTrue(secondary > 50, who + ": secondary suppressions " + secondary);
        assertTrue(shownFiltered > 50, who + ": filtered figures shown " + shownFiltered);
    }

    @Test
    void anonymousCallersCannotSubtractTheirWayToAWithheldFigure() {
        check("anonymous", null, List.of());
    }

    @Test
    void aPartnerCannotSubtractItsWayToAWithheldFigure() {
        // Signed for an hour: reading everything takes minutes on a loaded machine.
        String token = Tokens.sign(Tokens.claims("service-account-partner", "partner")
                .claim("partner_scope", Map.of("networks", List.of(IC), "sirens", List.of(G1_FIRST))).expiresIn(3600));
        check("a partner", token, List.of(X, G1_FIRST));
    }

    @Test
    void aRespondentCannotSubtractItsWayToAWithheldFigure() {
        String token = Tokens.sign(Tokens.claims("agent-" + X, "respondent").claim("collectivity", X).expiresIn(3600));
        check("a respondent", token, List.of(X));
    }

    @Test
    void theFixtureHasTheLoneAuthoritiesItClaims() {
        for (String filter : new String[] {"stratum=S3", "kind=EPCI_CA", "region=11", "network=" + IC}) {
            given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CURRENT + "?published=true&" + filter).then().statusCode(200)
                    .body("authorities", org.hamcrest.Matchers.equalTo(1));
        }
        // and without the rule, the subtraction would work: everybody minus région 84 is X alone.
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + CURRENT + "?published=true&region=84").then().statusCode(200)
                .body("authorities", org.hamcrest.Matchers.equalTo(CURRENT_EDITION.size() - 1));
    }
}
