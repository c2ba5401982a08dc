package fr.barometre.reporting.figures;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The statistical confidentiality rule, as a pure function of counts (no database, no framework).
 * <p>
 * A figure is computed over the authorities a request selects (its filters: stratum, kind, région,
 * network) among a <em>population</em>: the authorities with a score on a theme for the theme's
 * figures, those that answered a question for its distribution, those with an index for the
 * percentiles of the index, every authority for the count of authorities selected. The authorities
 * are given as {@link Cell cells}: per distinct profile (stratum, kind, région, networks), how many.
 * <p>
 * A figure over the set A (the selected members of the population) is shown only if:
 * <ol>
 *   <li><b>primary</b>: A has at least {@code k} members — fewer (none included) and it is withheld;</li>
 *   <li><b>secondary</b>: no other selection a request can make holds every member of A and between 1
 *   and k − 1 more, in the population and among all the authorities selected — otherwise subtracting
 *   the figure over A from the figure over that wider selection would give a figure over fewer than
 *   k authorities. The wider selections are the request without any one of its filters (the issue's
 *   rule), without several of them, and every other filter that all of A happens to meet (a network
 *   every member of A belongs to, networks overlapping, or a kind or région they all share).</li>
 * </ol>
 * This makes every pair of figures a caller can read, over B and C ⊂ B, differ by 0 or at least k
 * authorities. Bounds, and sums of three or more figures (a total minus all but one of its strata),
 * are not protected by this rule; docs/confidentiality.md says what is and is not.
 */
public final class Confidentiality {

    /** Why a figure over fewer than k authorities is withheld is built with the threshold; why a derivable one is, is this. */
    public static final String SECONDARY_REASON = "secret statistique secondaire";

    /** The decision for one figure. */
    public enum Verdict {
        SHOWN, PRIMARY, SECONDARY;

        public boolean withheld() {
            return this != SHOWN;
        }
    }

    /**
     * What the filters know of an authority: its profile snapshot and, for a cross-analysis, its
     * answer to the question crossed ({@link #UNANSWERED} when it gave none). Any part may be null
     * (unknown: no filter selects it).
     */
    public record Profile(String stratum, String kind, String region, Set<String> networks, String answer) {
        public Profile {
            networks = networks == null ? Set.of() : Set.copyOf(networks);
        }

        public Profile(String stratum, String kind, String region, Set<String> networks) {
            this(stratum, kind, region, networks, null);
        }

        /** The same profile without its answer: what the figures that do not cross a question know of it. */
        public Profile withoutAnswer() {
            return answer == null ? this : new Profile(stratum, kind, region, networks, null);
        }
    }

    /** The answer of an authority that did not answer the question crossed: a cross-analysis's row of its own. */
    public static final String UNANSWERED = "";

    /** How many authorities of a population share one profile. */
    public record Cell(Profile profile, long authorities) {
    }

    /**
     * The filters of a request (null: not filtered on). A network filter selects the authorities that
     * belong to that network, among others; an answer filter (a cross-analysis's row) those that gave
     * that answer to the question crossed.
     */
    public record Selection(String stratum, String kind, String region, String network, String answer) {

        public static final Selection ALL = new Selection(null, null, null, null);

        public Selection(String stratum, String kind, String region, String network) {
            this(stratum, kind, region, network, null);
        }

        /** The same request restricted to the authorities that gave this answer. */
        public Selection withAnswer(String answer) {
            return new Selection(stratum, kind, region, network, answer);
        }

        public boolean selects(Profile p) {
            return (stratum == null || stratum.equals(p.stratum()))
                    && (kind == null || kind.equals(p.kind()))
                    && (region == null || region.equals(p.region()))
                    && (network == null || p.networks().contains(network))
                    && (answer == null || answer.equals(p.answer()));
        }
    }

    private final int minAuthorities;

    public Confidentiality(int minAuthorities) {
        if (minAuthorities < 1) {
            throw new IllegalArgumentException("the confidentiality threshold must be at least 1, not " + minAuthorities);
        }
        this.minAuthorities = minAuthorities;
    }

    public int minAuthorities() {
        return minAuthorities;
    }

    /** The reason a withheld figure gives; null when shown. */
    public String reason(Verdict verdict) {
        return switch (verdict) {
            case SHOWN -> null;
            case PRIMARY -> "fewer than " + minAuthorities + " authorities";
            case SECONDARY -> SECONDARY_REASON;
        };
    }

    /**
     * The verdict on a figure over the members of {@code population} that {@code selection} selects;
     * {@code authorities} are all the authorities (the population's superset), whose selection must
     * not be isolated either: two figures whose populations differ by nobody but whose selections
     * differ by one authority would tell that authority's absence from the population.
     */
    public Verdict figure(Selection selection, Collection<Cell> population, Collection<Cell> authorities) {
        if (count(population, selection) < minAuthorities) {
            return Verdict.PRIMARY;
        }
        return isolates(selection, population) || isolates(selection, authorities) ? Verdict.SECONDARY : Verdict.SHOWN;
    }

    /** The verdict on a figure over every authority selected (the count of authorities). */
    public Verdict figure(Selection selection, Collection<Cell> authorities) {
        return figure(selection, authorities, authorities);
    }

    /**
     * The verdict on a cell of a cross-analysis: the figure over the members of the population that
     * the request selects and that gave one answer to the question crossed (the selection's answer
     * filter), the cells' profiles carrying each authority's answer. It is {@link #figure} — the
     * answer is a filter like the others: the cell without its answer filter (the request's figure
     * that does not cross the question), or the same answer without some filters, must not be 1 to
     * k − 1 authorities wider — and, since a request that does not cross the question may select
     * only authorities that happen to have given this answer, the cell is also withheld when such a
     * figure, shown, is over all of the cell's members but 1 to k − 1 (see {@link #holdsANarrowerFigure}).
     */
    public Verdict crossCell(Selection cell, Collection<Cell> population, Collection<Cell> authorities) {
        Verdict verdict = figure(cell, population, authorities);
        if (verdict.withheld()) {
            return verdict;
        }
        return holdsANarrowerFigure(cell, population, authorities) ? Verdict.SECONDARY : Verdict.SHOWN;
    }

    /**
     * Whether a request that does not cross the question, whose figure is shown, selects only members
     * of the cell and all of them but 1 to k − 1 — in the population or among all the authorities:
     * the cell minus that figure would be a figure over those few. Such a request can only keep
     * filter values that all but k − 1 of the cell's members have, so the candidates are few: on
     * each filter, no value or one held by that many members.
     */
    boolean holdsANarrowerFigure(Selection cell, Collection<Cell> population, Collection<Cell> authorities) {
        List<Cell> plainPopulation = withoutAnswers(population);
        List<Cell> plainAuthorities = withoutAnswers(authorities);
        for (Selection narrower : narrowerCandidates(cell, population, authorities)) {
            if (isolatedBy(cell, narrower, population) || isolatedBy(cell, narrower, authorities)) {
                if (!figure(narrower, plainPopulation, plainAuthorities).withheld()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the members {@code narrower} selects are all in the cell and 1 to k − 1 fewer. */
    private boolean isolatedBy(Selection cell, Selection narrower, Collection<Cell> members) {
        long inCell = 0;
        long inNarrower = 0;
        for (Cell c : members) {
            boolean inside = cell.selects(c.profile());
            if (narrower.selects(c.profile())) {
                if (!inside && c.authorities() > 0) {
                    return false;
                }
                inNarrower += c.authorities();
            }
            if (inside) {
                inCell += c.authorities();
            }
        }
        long more = inCell - inNarrower;
        return more > 0 && more < minAuthorities;
    }

    /** The requests without an answer filter that keep, on each filter, no value or one that all but k − 1 members of the cell have. */
    private List<Selection> narrowerCandidates(Selection cell, Collection<Cell> population, Collection<Cell> authorities) {
        List<Set<String>> candidates = List.of(new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>());
        for (Collection<Cell> members : List.of(population, authorities)) {
            List<Map<String, Long>> held = List.of(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
            long total = 0;
            for (Cell c : members) {
                if (c.authorities() > 0 && cell.selects(c.profile())) {
                    total += c.authorities();
                    Profile p = c.profile();
                    List<String> single = java.util.Arrays.asList(p.stratum(), p.kind(), p.region());
                    for (int f = 0; f < 3; f++) {
                        if (single.get(f) != null) {
                            held.get(f).merge(single.get(f), c.authorities(), Long::sum);
                        }
                    }
                    p.networks().forEach(n -> held.get(3).merge(n, c.authorities(), Long::sum));
                }
            }
            long enough = total - minAuthorities + 1;
            for (int f = 0; f < 4; f++) {
                Set<String> kept = candidates.get(f);
                held.get(f).forEach((value, count) -> {
                    if (count >= enough) {
                        kept.add(value);
                    }
                });
            }
        }
        List<Selection> result = new ArrayList<>();
        for (String s : withNone(candidates.get(0))) {
            for (String k : withNone(candidates.get(1))) {
                for (String r : withNone(candidates.get(2))) {
                    for (String n : withNone(candidates.get(3))) {
                        result.add(new Selection(s, k, r, n));
                    }
                }
            }
        }
        return result;
    }

    private static List<String> withNone(Set<String> values) {
        List<String> result = new ArrayList<>();
        result.add(null);
        values.stream().sorted().forEach(result::add);
        return result;
    }

    private static List<Cell> withoutAnswers(Collection<Cell> cells) {
        return cells.stream().map(c -> new Cell(c.profile().withoutAnswer(), c.authorities())).toList();
    }

    /**
     * The verdicts of the cells of one partition — the rows of a cross-analysis for one figure (a
     * theme, or the authorities that gave each answer), which add up to the figure over the same
     * request without the answer filter — so that no withheld cell can be derived from that total
     * and the cells shown: the cells withheld must hold together 0 or at least k members; while they
     * hold 1 to k − 1, the smallest cell still shown (the first of equal ones) is withheld too,
     * as {@link Verdict#SECONDARY}.
     */
    public List<Verdict> partition(List<Long> members, List<Verdict> verdicts) {
        if (members.size() != verdicts.size()) {
            throw new IllegalArgumentException("one count per verdict");
        }
        List<Verdict> result = new ArrayList<>(verdicts);
        while (true) {
            long withheld = 0;
            int smallestShown = -1;
            for (int i = 0; i < result.size(); i++) {
                if (result.get(i).withheld()) {
                    withheld += members.get(i);
                } else if (smallestShown < 0 || members.get(i) < members.get(smallestShown)) {
                    smallestShown = i;
                }
            }
            if (withheld == 0 || withheld >= minAuthorities || smallestShown < 0) {
                return result;
            }
            result.set(smallestShown, Verdict.SECONDARY);
        }
    }

    /**
     * Whether a wider selection a request can make holds every selected member of the population
     * and between 1 and k − 1 more of them: the difference of the two figures would be a figure
     * over fewer than k authorities.
     * <p>
     * The wider selections are every request that holds all the selected profiles: on each filter,
     * no value or the value they all share (for networks, any one network they all belong to). The
     * members outside the selection are grouped by which of those shared values they have too (a
     * few bits); a wider selection's "more" is the sum of the groups that meet every filter it keeps.
     */
    boolean isolates(Selection selection, Collection<Cell> population) {
        List<Profile> selected = new ArrayList<>();
        for (Cell c : population) {
            if (c.authorities() > 0 && selection.selects(c.profile())) {
                selected.add(c.profile());
            }
        }
        if (selected.isEmpty()) {
            return false;
        }
        Shared shared = Shared.of(selected);
        Map<Integer, Long> outside = new HashMap<>();
        for (Cell c : population) {
            if (c.authorities() > 0 && !selection.selects(c.profile())) {
                outside.merge(shared.signature(c.profile()), c.authorities(), Long::sum);
            }
        }
        for (int kept : shared.widerSelections()) {
            long more = 0;
            for (Map.Entry<Integer, Long> group : outside.entrySet()) {
                if ((group.getKey() & kept) == kept) {
                    more += group.getValue();
                }
            }
            if (more > 0 && more < minAuthorities) {
                return true;
            }
        }
        return false;
    }

    /**
     * The filter values that a set of profiles all have: stratum, kind, région (null when not all
     * the same known value) and the networks they all belong to. A profile's signature has one bit
     * per shared value it has too; a wider selection is the set of bits (filters) it keeps.
     */
    record Shared(String stratum, String kind, String region, String answer, List<String> networks) {

        private static final int STRATUM = 1;
        private static final int KIND = 2;
        private static final int REGION = 4;
        private static final int FIRST_NETWORK = 8;

        Shared(String stratum, String kind, String region, List<String> networks) {
            this(stratum, kind, region, null, networks);
        }

        static Shared of(Collection<Profile> profiles) {
            Set<String> networks = null;
            for (Profile p : profiles) {
                if (networks == null) {
                    networks = new HashSet<>(p.networks());
                } else {
                    networks.retainAll(p.networks());
                }
            }
            return new Shared(common(profiles.stream().map(Profile::stratum).toList()), common(profiles.stream().map(Profile::kind).toList()),
                    common(profiles.stream().map(Profile::region).toList()), common(profiles.stream().map(Profile::answer).toList()),
                    networks == null ? List.of() : networks.stream().sorted().toList());
        }

        /** The one known value they all have, else null (no filter a request can make). */
        private static String common(List<String> values) {
            String first = values.isEmpty() ? null : values.get(0);
            return first != null && values.stream().allMatch(first::equals) ? first : null;
        }

        int signature(Profile p) {
            int bits = (stratum != null && stratum.equals(p.stratum()) ? STRATUM : 0)
                    | (kind != null && kind.equals(p.kind()) ? KIND : 0)
                    | (region != null && region.equals(p.region()) ? REGION : 0)
                    | (answer != null && answer.equals(p.answer()) ? answerBit() : 0);
            for (int i = 0; i < networks.size(); i++) {
                if (p.networks().contains(networks.get(i))) {
                    bits |= FIRST_NETWORK << i;
                }
            }
            return bits;
        }

        /** The bit of the shared answer: the one after the networks'. */
        private int answerBit() {
            return FIRST_NETWORK << networks.size();
        }

        /** Every wider selection, as the filters it keeps: any subset of the shared stratum, kind, région and answer, with no network or one. */
        List<Integer> widerSelections() {
            List<Integer> result = new ArrayList<>();
            for (int s : stratum == null ? new int[] {0} : new int[] {0, STRATUM}) {
                for (int k : kind == null ? new int[] {0} : new int[] {0, KIND}) {
                    for (int r : region == null ? new int[] {0} : new int[] {0, REGION}) {
                        for (int a : answer == null ? new int[] {0} : new int[] {0, answerBit()}) {
                            result.add(s | k | r | a);
                            for (int n = 0; n < networks.size(); n++) {
                                result.add(s | k | r | a | FIRST_NETWORK << n);
                            }
                        }
                    }
                }
            }
            return result;
        }
    }

    /** How many members of the population the selection selects. */
    public static long count(Collection<Cell> population, Selection selection) {
        long n = 0;
        for (Cell c : population) {
            if (selection.selects(c.profile())) {
                n += c.authorities();
            }
        }
        return n;
    }
}
