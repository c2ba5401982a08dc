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

    /** What the filters know of an authority: its profile snapshot. Any part may be null (unknown: no filter selects it). */
    public record Profile(String stratum, String kind, String region, Set<String> networks) {
        public Profile {
            networks = networks == null ? Set.of() : Set.copyOf(networks);
        }
    }

    /** How many authorities of a population share one profile. */
    public record Cell(Profile profile, long authorities) {
    }

    /** The filters of a request (null: not filtered on). A network filter selects the authorities that belong to that network, among others. */
    public record Selection(String stratum, String kind, String region, String network) {

        public static final Selection ALL = new Selection(null, null, null, null);

        public boolean selects(Profile p) {
            return (stratum == null || stratum.equals(p.stratum()))
                    && (kind == null || kind.equals(p.kind()))
                    && (region == null || region.equals(p.region()))
                    && (network == null || p.networks().contains(network));
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
    record Shared(String stratum, String kind, String region, List<String> networks) {

        private static final int STRATUM = 1;
        private static final int KIND = 2;
        private static final int REGION = 4;
        private static final int FIRST_NETWORK = 8;

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
                    common(profiles.stream().map(Profile::region).toList()), networks == null ? List.of() : networks.stream().sorted().toList());
        }

        /** The one known value they all have, else null (no filter a request can make). */
        private static String common(List<String> values) {
            String first = values.isEmpty() ? null : values.get(0);
            return first != null && values.stream().allMatch(first::equals) ? first : null;
        }

        int signature(Profile p) {
            int bits = (stratum != null && stratum.equals(p.stratum()) ? STRATUM : 0)
                    | (kind != null && kind.equals(p.kind()) ? KIND : 0)
                    | (region != null && region.equals(p.region()) ? REGION : 0);
            for (int i = 0; i < networks.size(); i++) {
                if (p.networks().contains(networks.get(i))) {
                    bits |= FIRST_NETWORK << i;
                }
            }
            return bits;
        }

        /** Every wider selection, as the filters it keeps: any subset of the shared stratum, kind and région, with no network or one. */
        List<Integer> widerSelections() {
            List<Integer> result = new ArrayList<>();
            for (int s : stratum == null ? new int[] {0} : new int[] {0, STRATUM}) {
                for (int k : kind == null ? new int[] {0} : new int[] {0, KIND}) {
                    for (int r : region == null ? new int[] {0} : new int[] {0, REGION}) {
                        result.add(s | k | r);
                        for (int n = 0; n < networks.size(); n++) {
                            result.add(s | k | r | FIRST_NETWORK << n);
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
