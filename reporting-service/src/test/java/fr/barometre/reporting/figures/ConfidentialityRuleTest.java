package fr.barometre.reporting.figures;

import fr.barometre.reporting.figures.Confidentiality.Cell;
import fr.barometre.reporting.figures.Confidentiality.Profile;
import fr.barometre.reporting.figures.Confidentiality.Selection;
import fr.barometre.reporting.figures.Confidentiality.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The confidentiality rule alone, on hand-made editions (the issue's example and the ways around a
 * rule that only removes one filter at a time) and on thousands of random ones, against a brute
 * force over the authorities themselves.
 */
class ConfidentialityRuleTest {

    private static final Confidentiality RULE = new Confidentiality(5);

    /** One authority: its profile and whether it belongs to the figure's population (a score on the theme, say). */
    record Authority(int id, Profile profile, boolean inPopulation) {
    }

    private static Profile profile(String stratum, String kind, String region, String... networks) {
        return new Profile(stratum, kind, region, Set.of(networks));
    }

    private static List<Authority> times(int n, Profile profile) {
        List<Authority> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(new Authority(-1, profile, true));
        }
        return list;
    }

    @SafeVarargs
    private static List<Authority> edition(List<Authority>... groups) {
        List<Authority> all = new ArrayList<>();
        for (List<Authority> group : groups) {
            for (Authority a : group) {
                all.add(new Authority(all.size(), a.profile(), a.inPopulation()));
            }
        }
        return all;
    }

    /** The cells the repository would give: authorities grouped by profile, among those the predicate keeps. */
    private static List<Cell> cells(List<Authority> authorities, Predicate<Authority> keep) {
        Map<Profile, Long> counts = new LinkedHashMap<>();
        authorities.stream().filter(keep).forEach(a -> counts.merge(a.profile(), 1L, Long::sum));
        return counts.entrySet().stream().map(e -> new Cell(e.getKey(), e.getValue())).toList();
    }

    private static Verdict verdict(Confidentiality rule, List<Authority> edition, Selection selection) {
        return rule.figure(selection, cells(edition, Authority::inPopulation), cells(edition, a -> true));
    }

    private static Verdict verdict(List<Authority> edition, Selection selection) {
        return verdict(RULE, edition, selection);
    }

    private static Selection stratum(String s) {
        return new Selection(s, null, null, null);
    }

    // ---- hand-made editions -------------------------------------------------------------------

    @Test
    void theIssuesExampleTheS6FigureWouldGiveTheS3AuthorityByDifference() {
        List<Authority> edition = edition(times(5, profile("S6", "COMMUNE", "84")), times(1, profile("S3", "COMMUNE", "84")));
        assertEquals(Verdict.SHOWN, verdict(edition, Selection.ALL));
        assertEquals(Verdict.SECONDARY, verdict(edition, stratum("S6")));
        assertEquals(Verdict.PRIMARY, verdict(edition, stratum("S3")));
    }

    @Test
    void aSelectionWithAtLeastTheThresholdOutsideIsShown() {
        List<Authority> edition = edition(times(5, profile("S6", "COMMUNE", "84")), times(5, profile("S3", "COMMUNE", "84")));
        assertEquals(Verdict.SHOWN, verdict(edition, stratum("S6")));
        assertEquals(Verdict.SHOWN, verdict(edition, stratum("S3")));
    }

    @Test
    void aFilterThatLeavesNobodyOutIsNoDifference() {
        List<Authority> edition = edition(times(5, profile("S6", "COMMUNE", "84")));
        assertEquals(Verdict.SHOWN, verdict(edition, stratum("S6")));
        assertEquals(Verdict.SHOWN, verdict(edition, new Selection("S6", "COMMUNE", "84", null)));
    }

    @Test
    void exactlyTheThresholdOutsideIsShownAndOneLessIsNot() {
        List<Authority> four = edition(times(5, profile("S6", "COMMUNE", "84")), times(4, profile("S3", "COMMUNE", "84")));
        List<Authority> five = edition(times(5, profile("S6", "COMMUNE", "84")), times(5, profile("S3", "COMMUNE", "84")));
        assertEquals(Verdict.SECONDARY, verdict(four, stratum("S6")));
        assertEquals(Verdict.SHOWN, verdict(five, stratum("S6")));
    }

    @Test
    void fewerThanTheThresholdIsPrimaryAndNoneToo() {
        List<Authority> edition = edition(times(4, profile("S6", "COMMUNE", "84")), times(9, profile("S3", "COMMUNE", "84")));
        assertEquals(Verdict.PRIMARY, verdict(edition, stratum("S6")));
        assertEquals(Verdict.PRIMARY, verdict(edition, stratum("S1")));
        assertEquals(Verdict.PRIMARY, verdict(List.of(), Selection.ALL));
    }

    @Test
    void anUnfilteredFigureIsNeverSecondary() {
        List<Authority> edition = edition(times(5, profile("S6", "COMMUNE", "84", "FRANCE_URBAINE")), times(1, profile(null, null, null)));
        assertEquals(Verdict.SHOWN, verdict(edition, Selection.ALL));
    }

    @Test
    void removingTwoFiltersAtOnceIsADifferenceToo() {
        // {S6, COMMUNE} without its stratum is {COMMUNE}, without its kind {S6}: both the same five.
        // Without both, the sixth authority: removing one filter at a time would not see it.
        List<Authority> edition = edition(times(5, profile("S6", "COMMUNE", "84")), times(1, profile("S3", "EPCI_CA", "84")));
        Selection both = new Selection("S6", "COMMUNE", null, null);
        assertEquals(Verdict.SECONDARY, verdict(edition, both));
        assertEquals(Verdict.SECONDARY, verdict(edition, stratum("S6")));
        assertEquals(Verdict.SECONDARY, verdict(edition, new Selection(null, "COMMUNE", null, null)));
    }

    @Test
    void anOverlappingNetworkThatHoldsTheSelectionAndOneMoreIsADifference() {
        // Every member of INTERCONNECTES is also in FRANCE_URBAINE, which has one more: FU − INTERCONNECTES is that one,
        // although without the network filter (everybody) the difference is large.
        List<Authority> edition = edition(times(5, profile("S6", "COMMUNE", "84", "INTERCONNECTES", "FRANCE_URBAINE")),
                times(1, profile("S6", "COMMUNE", "84", "FRANCE_URBAINE")), times(6, profile("S2", "COMMUNE", "84")));
        assertEquals(Verdict.SECONDARY, verdict(edition, new Selection(null, null, null, "INTERCONNECTES")));
        assertEquals(Verdict.SHOWN, verdict(edition, new Selection(null, null, null, "FRANCE_URBAINE")));
        // The same network figure within S6: S6 ∩ FU holds it and one more.
        assertEquals(Verdict.SECONDARY, verdict(edition, new Selection("S6", null, null, "INTERCONNECTES")));
    }

    @Test
    void overlappingNetworksThatDifferByTheThresholdAreBothShown() {
        List<Authority> edition = edition(times(5, profile("S6", "COMMUNE", "84", "INTERCONNECTES", "FRANCE_URBAINE")),
                times(5, profile("S6", "COMMUNE", "84", "FRANCE_URBAINE")), times(6, profile("S2", "COMMUNE", "84")));
        assertEquals(Verdict.SHOWN, verdict(edition, new Selection(null, null, null, "INTERCONNECTES")));
        assertEquals(Verdict.SHOWN, verdict(edition, new Selection(null, null, null, "FRANCE_URBAINE")));
    }

    @Test
    void aSelectionThatAnotherFilterHappensToHoldIsADifference() {
        // Every authority of région 11 is in FRANCE_URBAINE, which has one more: neither request is the other without a filter.
        List<Authority> edition = edition(times(5, profile("S6", "COMMUNE", "11", "FRANCE_URBAINE")),
                times(1, profile("S6", "COMMUNE", "84", "FRANCE_URBAINE")), times(6, profile("S2", "COMMUNE", "84")));
        assertEquals(Verdict.SECONDARY, verdict(edition, new Selection(null, null, "11", null)));
        assertEquals(Verdict.SHOWN, verdict(edition, new Selection(null, null, null, "FRANCE_URBAINE")));
    }

    @Test
    void authoritiesWithoutAStratumAreADifferenceBetweenTheTotalAndTheStratum() {
        List<Authority> edition = edition(times(5, profile("S1", "COMMUNE", "84")), times(1, profile(null, "COMMUNE", "84")));
        assertEquals(Verdict.SECONDARY, verdict(edition, stratum("S1")));
    }

    @Test
    void thePopulationOfAFigureIsCountedNotJustTheSelection() {
        // Five authorities of S3 outside S6, but only one of them has a score on the theme: the theme's figures over
        // everybody minus S6 would be that one's.
        List<Authority> edition = new ArrayList<>(edition(times(5, profile("S6", "COMMUNE", "84"))));
        for (int i = 0; i < 5; i++) {
            edition.add(new Authority(edition.size(), profile("S3", "COMMUNE", "84"), i == 0));
        }
        assertEquals(Verdict.SECONDARY, verdict(edition, stratum("S6")));
        // ... while the count of authorities selected, over everybody, is shown.
        assertEquals(Verdict.SHOWN, RULE.figure(stratum("S6"), cells(edition, a -> true)));
    }

    @Test
    void aSelectionDifferenceOfOneIsADifferenceEvenWhenThePopulationsAreEqual() {
        // The sixth authority has no score: the theme's figures over S6 and over everybody are the same five, and
        // comparing the counts of respondents with those of authorities would tell that the sixth has no score.
        List<Authority> edition = new ArrayList<>(edition(times(5, profile("S6", "COMMUNE", "84"))));
        edition.add(new Authority(edition.size(), profile("S3", "COMMUNE", "84"), false));
        assertEquals(Verdict.SECONDARY, verdict(edition, stratum("S6")));
    }

    @Test
    void theThresholdIsConfiguration() {
        List<Authority> edition = edition(times(2, profile("S6", "COMMUNE", "84")), times(2, profile("S3", "COMMUNE", "84")));
        Confidentiality two = new Confidentiality(2);
        assertEquals(Verdict.SHOWN, verdict(two, edition, stratum("S6")));
        assertEquals(Verdict.PRIMARY, verdict(new Confidentiality(3), edition, stratum("S6")));
        assertEquals(Verdict.SECONDARY, verdict(two, edition(times(2, profile("S6", "COMMUNE", "84")), times(1, profile("S3", "COMMUNE", "84"))),
                stratum("S6")));
        assertEquals(Verdict.SHOWN, verdict(new Confidentiality(1), edition(times(1, profile("S6", "COMMUNE", "84")),
                times(1, profile("S3", "COMMUNE", "84"))), stratum("S6")));
        assertThrows(IllegalArgumentException.class, () -> new Confidentiality(0));
        assertEquals(7, new Confidentiality(7).minAuthorities());
    }

    @Test
    void eachVerdictSaysWhy() {
        assertNull(RULE.reason(Verdict.SHOWN));
        assertEquals("fewer than 5 authorities", RULE.reason(Verdict.PRIMARY));
        assertEquals("secret statistique secondaire", RULE.reason(Verdict.SECONDARY));
        assertFalse(Verdict.SHOWN.withheld());
        assertTrue(Verdict.PRIMARY.withheld());
        assertTrue(Verdict.SECONDARY.withheld());
    }

    @Test
    void theWiderSelectionsAreEveryCombinationOfDroppedAndSharedFilters() {
        Confidentiality.Shared shared = Confidentiality.Shared.of(List.of(profile("S6", "COMMUNE", "84", "FRANCE_URBAINE", "INTERCONNECTES"),
                profile("S6", "EPCI_CA", "84", "FRANCE_URBAINE", "INTERCONNECTES", "INTERCOMMUNALITES_DE_FRANCE")));
        // stratum: none or S6; kind: none (not shared); région: none or 84; network: none, FU or INTERCONNECTES.
        assertEquals(new Confidentiality.Shared("S6", null, "84", List.of("FRANCE_URBAINE", "INTERCONNECTES")), shared);
        assertEquals(Set.of(0, 1, 4, 1 | 4, 8, 1 | 8, 4 | 8, 1 | 4 | 8, 16, 1 | 16, 4 | 16, 1 | 4 | 16), Set.copyOf(shared.widerSelections()));
        assertEquals(12, shared.widerSelections().size());
        // A profile's signature: which of the shared values it has too.
        assertEquals(1 | 4 | 16, shared.signature(profile("S6", "EPCI_CA", "84", "INTERCONNECTES")));
        assertEquals(8, shared.signature(profile("S2", "COMMUNE", null, "FRANCE_URBAINE")));
        // An unknown value is no filter a request can make: only the request without filters holds it.
        Confidentiality.Shared unknown = Confidentiality.Shared.of(List.of(profile(null, null, null)));
        assertEquals(List.of(0), unknown.widerSelections());
        assertEquals(0, unknown.signature(profile("S6", "COMMUNE", "84", "FRANCE_URBAINE")));
        // The answer to a question crossed is one more filter: with and without it, the bit after the networks'.
        Confidentiality.Shared answered = Confidentiality.Shared.of(List.of(new Profile("S6", "COMMUNE", "84", Set.of("FRANCE_URBAINE"), "A"),
                new Profile("S6", "EPCI_CA", "84", Set.of("FRANCE_URBAINE"), "A")));
        assertEquals(new Confidentiality.Shared("S6", null, "84", "A", List.of("FRANCE_URBAINE")), answered);
        assertEquals(Set.of(0, 1, 4, 1 | 4, 8, 1 | 8, 4 | 8, 1 | 4 | 8, 16, 1 | 16, 4 | 16, 1 | 4 | 16, 8 | 16, 1 | 8 | 16, 4 | 8 | 16, 1 | 4 | 8 | 16),
                Set.copyOf(answered.widerSelections()));
        assertEquals(1 | 16, answered.signature(new Profile("S6", "COMMUNE", "11", Set.of(), "A")));
        assertEquals(1, answered.signature(new Profile("S6", "COMMUNE", "11", Set.of(), "B")));
    }

    // ---- properties, on random editions -------------------------------------------------------

    private static final String[] STRATA = {null, "S1", "S2", "S3"};
    private static final String[] KINDS = {null, "COMMUNE", "EPCI_CA"};
    private static final String[] REGIONS = {null, "11", "84"};
    private static final String[] NETWORKS = {"INTERCONNECTES", "FRANCE_URBAINE", "INTERCOMMUNALITES_DE_FRANCE"};

    /** Every request a caller can make on the random editions' values. */
    private static List<Selection> everySelection() {
        List<Selection> all = new ArrayList<>();
        for (String s : STRATA) {
            for (String k : KINDS) {
                for (String r : REGIONS) {
                    all.add(new Selection(s, k, r, null));
                    for (String n : NETWORKS) {
                        all.add(new Selection(s, k, r, n));
                    }
                }
            }
        }
        return all;
    }

    private static List<Authority> randomEdition(Random random) {
        int size = random.nextInt(41);
        // Few values, skewed, so that small groups, nested networks and coincidences are frequent.
        List<Authority> edition = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Set<String> networks = new HashSet<>();
            if (random.nextInt(3) == 0) {
                networks.add(NETWORKS[0]);
                networks.add(NETWORKS[1]);
            } else if (random.nextInt(3) == 0) {
                networks.add(NETWORKS[random.nextInt(3)]);
            }
            Profile p = new Profile(pick(random, STRATA), pick(random, KINDS), pick(random, REGIONS), networks);
            edition.add(new Authority(i, p, random.nextInt(6) != 0));
        }
        return edition;
    }

    private static String pick(Random random, String[] values) {
        // index 0 (unknown) rarely, index 1 most often
        int roll = random.nextInt(10);
        return values[roll == 0 ? 0 : roll < 6 ? 1 : 1 + random.nextInt(values.length - 1)];
    }

    private static Set<Integer> members(List<Authority> edition, Selection s, boolean populationOnly) {
        return edition.stream().filter(a -> (!populationOnly || a.inPopulation()) && s.selects(a.profile()))
                .map(Authority::id).collect(Collectors.toSet());
    }

    private static boolean smallDifference(Set<Integer> wide, Set<Integer> narrow, int k) {
        if (!wide.containsAll(narrow)) {
            return false;
        }
        int difference = wide.size() - narrow.size();
        return difference > 0 && difference < k;
    }

    @Test
    void onRandomEditionsNoTwoShownFiguresDifferByFewerThanTheThreshold() {
        Random random = new Random(20251130);
        List<Selection> selections = everySelection();
        int shownFiltered = 0;
        int secondary = 0;
        for (int run = 0; run < 150; run++) {
            int k = 2 + random.nextInt(5);
            Confidentiality rule = new Confidentiality(k);
            List<Authority> edition = randomEdition(random);
            Map<Selection, Verdict> verdicts = new LinkedHashMap<>();
            for (Selection s : selections) {
                verdicts.put(s, verdict(rule, edition, s));
            }
            List<Selection> shown = verdicts.entrySet().stream().filter(e -> e.getValue() == Verdict.SHOWN).map(Map.Entry::getKey).toList();
            Map<Selection, Set<Integer>> populations = new LinkedHashMap<>();
            Map<Selection, Set<Integer>> alls = new LinkedHashMap<>();
            shown.forEach(s -> {
                populations.put(s, members(edition, s, true));
                alls.put(s, members(edition, s, false));
            });
            for (Selection b : shown) {
                Set<Integer> bPopulation = populations.get(b);
                Set<Integer> bAll = alls.get(b);
                assertTrue(bPopulation.size() >= k, "a shown figure has at least k members: " + b);
                for (Selection c : shown) {
                    assertFalse(smallDifference(bPopulation, populations.get(c), k),
                            "run " + run + ", k " + k + ": " + b + " − " + c + " would be a figure over fewer than k");
                    assertFalse(smallDifference(bAll, alls.get(c), k),
                            "run " + run + ", k " + k + ": " + b + " − " + c + " would tell about fewer than k authorities");
                }
                if (!b.equals(Selection.ALL)) {
                    shownFiltered++;
                }
            }
            secondary += (int) verdicts.values().stream().filter(v -> v == Verdict.SECONDARY).count();
        }
        // The rule is not "withhold everything filtered": on these editions it shows hundreds of filtered figures.
        assertTrue(shownFiltered > 300, "filtered figures shown: " + shownFiltered);
        assertTrue(secondary > 300, "secondary suppressions: " + secondary);
    }

    @Test
    void onRandomEditionsTheVerdictIsExactlyTheBruteForceOverEveryRequest() {
        // Withheld as secondary if and only if some request (any filters) selects all of the figure's authorities and
        // 1 to k − 1 more, in the population or among all authorities: the rule withholds nothing more than that.
        Random random = new Random(8);
        List<Selection> selections = everySelection();
        for (int run = 0; run < 120; run++) {
            int k = 2 + random.nextInt(5);
            Confidentiality rule = new Confidentiality(k);
            List<Authority> edition = randomEdition(random);
            Map<Selection, Set<Integer>> populations = new LinkedHashMap<>();
            Map<Selection, Set<Integer>> alls = new LinkedHashMap<>();
            selections.forEach(s -> {
                populations.put(s, members(edition, s, true));
                alls.put(s, members(edition, s, false));
            });
            for (Selection a : selections) {
                Set<Integer> population = populations.get(a);
                Set<Integer> all = alls.get(a);
                Verdict expected;
                if (population.size() < k) {
                    expected = Verdict.PRIMARY;
                } else {
                    boolean derivable = selections.stream().anyMatch(s -> smallDifference(populations.get(s), population, k)
                            || smallDifference(alls.get(s), all, k));
                    expected = derivable ? Verdict.SECONDARY : Verdict.SHOWN;
                }
                assertEquals(expected, verdict(rule, edition, a), "run " + run + ", k " + k + ", " + a + " on " + edition);
            }
        }
    }

    @Test
    void onRandomEditionsTheIssuesRuleHoldsForEveryShownFigure() {
        // The rule as the issue states it: for each filter of the request, the request without it selects 0 or at least k more.
        Random random = new Random(77);
        List<Selection> selections = everySelection();
        for (int run = 0; run < 120; run++) {
            Confidentiality rule = new Confidentiality(5);
            List<Authority> edition = randomEdition(random);
            for (Selection a : selections) {
                if (verdict(rule, edition, a) != Verdict.SHOWN) {
                    continue;
                }
                for (Selection without : List.of(new Selection(null, a.kind(), a.region(), a.network()),
                        new Selection(a.stratum(), null, a.region(), a.network()), new Selection(a.stratum(), a.kind(), null, a.network()),
                        new Selection(a.stratum(), a.kind(), a.region(), null))) {
                    long more = members(edition, without, true).size() - members(edition, a, true).size();
                    assertTrue(more == 0 || more >= 5, a + " without a filter: " + without + " has " + more + " more");
                }
            }
        }
    }

    @Test
    void theVerdictDoesNotDependOnHowTheCellsAreCut() {
        // The repository groups by profile; splitting a profile's count in two cells, or adding empty cells, changes nothing.
        Random random = new Random(3);
        for (int run = 0; run < 100; run++) {
            List<Authority> edition = randomEdition(random);
            List<Cell> population = cells(edition, Authority::inPopulation);
            List<Cell> all = cells(edition, a -> true);
            List<Cell> split = new ArrayList<>();
            for (Cell c : all) {
                long part = c.authorities() / 2;
                split.add(new Cell(c.profile(), c.authorities() - part));
                split.add(new Cell(c.profile(), part));
                split.add(new Cell(new Profile("S5", "OTHER", "99", Set.of()), 0));
                // a profile nobody has, selected with this one's stratum, must not narrow what its members share
                split.add(new Cell(new Profile(c.profile().stratum(), "OTHER", "99", Set.of()), 0));
            }
            List<Cell> populationWithEmptyCells = new ArrayList<>(population);
            population.forEach(c -> populationWithEmptyCells.add(new Cell(new Profile(c.profile().stratum(), "OTHER", "99", Set.of()), 0)));
            for (Selection s : everySelection()) {
                assertEquals(RULE.figure(s, population, all), RULE.figure(s, population, split), s.toString());
                assertEquals(RULE.figure(s, population, all), RULE.figure(s, populationWithEmptyCells, all), s.toString());
            }
        }
    }

    @Test
    void countsAddUpTheCellsASelectionSelects() {
        Collection<Cell> cells = List.of(new Cell(profile("S1", "COMMUNE", "84", "FRANCE_URBAINE"), 3),
                new Cell(profile("S1", "EPCI_CA", "11"), 4), new Cell(profile(null, "COMMUNE", "84", "FRANCE_URBAINE", "INTERCONNECTES"), 2));
        assertEquals(9, Confidentiality.count(cells, Selection.ALL));
        assertEquals(7, Confidentiality.count(cells, stratum("S1")));
        assertEquals(5, Confidentiality.count(cells, new Selection(null, "COMMUNE", "84", null)));
        assertEquals(5, Confidentiality.count(cells, new Selection(null, null, null, "FRANCE_URBAINE")));
        assertEquals(2, Confidentiality.count(cells, new Selection(null, null, null, "INTERCONNECTES")));
        assertEquals(0, Confidentiality.count(cells, new Selection("S1", null, null, "INTERCONNECTES")));
    }

    // ---- the cross-analysis: the answer to a question as one more filter -----------------------

    private static final List<String> ANSWERS = List.of("A", "B", "C", Confidentiality.UNANSWERED);

    private static Profile answering(Profile p, String answer) {
        return new Profile(p.stratum(), p.kind(), p.region(), p.networks(), answer);
    }

    @Test
    void aCrossCellIsAFigureWhoseRequestHasTheAnswerAsOneMoreFilter() {
        // 5 S6 and 1 S3 answered A, 10 S3 answered B, 5 S1 answered C.
        List<Authority> edition = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            String stratum = i < 5 ? "S6" : i < 16 ? "S3" : "S1";
            edition.add(new Authority(i, new Profile(stratum, "COMMUNE", "84", Set.of(), i < 6 ? "A" : i < 16 ? "B" : "C"), true));
        }
        List<Cell> cells = cells(edition, a -> true);
        // A in S6 (5) and A anywhere (6): the same answer without the stratum filter gives the S3 one.
        assertEquals(Verdict.SECONDARY, RULE.crossCell(stratum("S6").withAnswer("A"), cells, cells));
        // B in S3 (10) and S3 without the answer filter (11): the one of A again.
        assertEquals(Verdict.SECONDARY, RULE.crossCell(stratum("S3").withAnswer("B"), cells, cells));
        assertEquals(Verdict.PRIMARY, RULE.crossCell(stratum("S3").withAnswer("A"), cells, cells));
        // A anywhere (6) holds the S6 figure (5, all of which answered A, shown): the S3 one again.
        assertEquals(Verdict.SHOWN, RULE.figure(stratum("S6"), cells.stream().map(c -> new Cell(c.profile().withoutAnswer(), c.authorities())).toList(),
                cells.stream().map(c -> new Cell(c.profile().withoutAnswer(), c.authorities())).toList()));
        assertEquals(Verdict.SECONDARY, RULE.crossCell(Selection.ALL.withAnswer("A"), cells, cells));
        // C (5, all of S1 and only them) differs from nothing by fewer than 5: shown.
        assertEquals(Verdict.SHOWN, RULE.crossCell(Selection.ALL.withAnswer("C"), cells, cells));
        assertEquals(Verdict.SHOWN, RULE.crossCell(stratum("S1").withAnswer("C"), cells, cells));
    }

    @Test
    void aCrossCellThatAFigureWithoutTheAnswerHoldsAllButAFewOfIsWithheld() {
        // kind EPCI_CC: 5 authorities, all of which answered A; A is theirs and one COMMUNE's. The figure over kind=EPCI_CC
        // (no answer filter) is shown; the cell of A minus it would be the COMMUNE alone.
        List<Authority> edition = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            edition.add(new Authority(i, new Profile("S1", i < 5 ? "EPCI_CC" : "COMMUNE", "84", Set.of(), i < 6 ? "A" : "B"), true));
        }
        List<Cell> cells = cells(edition, a -> true);
        List<Cell> plain = cells.stream().map(c -> new Cell(c.profile().withoutAnswer(), c.authorities())).toList();
        assertEquals(Verdict.SHOWN, RULE.figure(new Selection(null, "EPCI_CC", null, null), plain, plain));
        assertEquals(Verdict.SHOWN, RULE.figure(Selection.ALL.withAnswer("A"), cells, cells), "nothing wider isolates it");
        assertEquals(Verdict.SECONDARY, RULE.crossCell(Selection.ALL.withAnswer("A"), cells, cells), "6 − 5 = the COMMUNE");
    }

    @Test
    void theWithheldCellsOfAPartitionHoldZeroOrAtLeastTheThreshold() {
        // 12 + 2 + 6 + 0 = the total shown: with only 2 and 0 withheld, total − 12 − 6 gives them; the 6 is withheld too.
        assertEquals(List.of(Verdict.SHOWN, Verdict.PRIMARY, Verdict.SECONDARY, Verdict.PRIMARY),
                RULE.partition(List.of(12L, 2L, 6L, 0L), List.of(Verdict.SHOWN, Verdict.PRIMARY, Verdict.SHOWN, Verdict.PRIMARY)));
        // the smallest shown first, and only as many as needed
        assertEquals(List.of(Verdict.SHOWN, Verdict.PRIMARY, Verdict.SECONDARY, Verdict.SHOWN),
                RULE.partition(List.of(9L, 1L, 5L, 7L), List.of(Verdict.SHOWN, Verdict.PRIMARY, Verdict.SHOWN, Verdict.SHOWN)));
        // withheld cells that hold k or more together, or nobody, need no company
        assertEquals(List.of(Verdict.SHOWN, Verdict.PRIMARY, Verdict.PRIMARY),
                RULE.partition(List.of(10L, 3L, 3L), List.of(Verdict.SHOWN, Verdict.PRIMARY, Verdict.PRIMARY)));
        assertEquals(List.of(Verdict.SHOWN, Verdict.PRIMARY), RULE.partition(List.of(10L, 0L), List.of(Verdict.SHOWN, Verdict.PRIMARY)));
        assertThrows(IllegalArgumentException.class, () -> RULE.partition(List.of(1L), List.of()));
    }

    @Test
    void onRandomEditionsNoCrossCellAndNoOtherFigureDifferByFewerThanTheThreshold() {
        // Every request without an answer filter and every cell of a cross-analysis (each request with each answer, its
        // cells a partition): no two shown differ by 1 to k − 1 authorities, and the withheld cells of each partition
        // hold 0 or at least k members of the population, so that its total minus the cells shown gives nobody.
        Random random = new Random(99);
        List<Selection> selections = everySelection();
        int shownCells = 0;
        int partitions = 0;
        for (int run = 0; run < 120; run++) {
            int k = 2 + random.nextInt(5);
            Confidentiality rule = new Confidentiality(k);
            List<Authority> edition = new ArrayList<>();
            for (Authority a : randomEdition(random)) {
                edition.add(new Authority(a.id(), answering(a.profile(), ANSWERS.get(random.nextInt(10) < 6 ? 0 : random.nextInt(4))),
                        a.inPopulation()));
            }
            List<Cell> population = cells(edition, Authority::inPopulation);
            List<Cell> all = cells(edition, a -> true);
            List<Cell> plainPopulation = population.stream().map(c -> new Cell(c.profile().withoutAnswer(), c.authorities())).toList();
            List<Cell> plainAll = all.stream().map(c -> new Cell(c.profile().withoutAnswer(), c.authorities())).toList();
            List<Selection> shown = new ArrayList<>();
            for (Selection s : selections) {
                if (rule.figure(s, plainPopulation, plainAll) == Verdict.SHOWN) {
                    shown.add(s);
                }
                List<Verdict> cells = new ArrayList<>();
                List<Long> counts = new ArrayList<>();
                for (String answer : ANSWERS) {
                    cells.add(rule.crossCell(s.withAnswer(answer), population, all));
                    counts.add((long) members(edition, s.withAnswer(answer), true).size());
                }
                List<Verdict> verdicts = rule.partition(counts, cells);
                long withheld = 0;
                for (int i = 0; i < ANSWERS.size(); i++) {
                    if (verdicts.get(i) == Verdict.SHOWN) {
                        shown.add(s.withAnswer(ANSWERS.get(i)));
                        shownCells++;
                    } else {
                        withheld += counts.get(i);
                    }
                }
                if (rule.figure(s, plainPopulation, plainAll) == Verdict.SHOWN) {
                    assertTrue(withheld == 0 || withheld >= k, "run " + run + ": " + s + " leaves " + withheld + " to subtraction");
                    partitions++;
                }
            }
            for (Selection b : shown) {
                for (Selection c : shown) {
                    assertFalse(smallDifference(members(edition, b, true), members(edition, c, true), k),
                            "run " + run + ", k " + k + ": " + b + " − " + c + " would be a figure over fewer than k");
                    assertFalse(smallDifference(members(edition, b, false), members(edition, c, false), k),
                            "run " + run + ", k " + k + ": " + b + " − " + c + " would tell about fewer than k authorities");
                }
            }
        }
        assertTrue(shownCells > 300, "cross cells shown: " + shownCells);
        assertTrue(partitions > 300, "partitions under a shown total: " + partitions);
    }
}
