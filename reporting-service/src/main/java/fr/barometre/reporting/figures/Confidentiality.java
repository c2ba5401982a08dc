package fr.barometre.reporting.figures;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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
     */
    boolean isolates(Selection selection, Collection<Cell> population) {
        List<Profile> selected = population.stream().filter(c -> c.authorities() > 0 && selection.selects(c.profile()))
                .map(Cell::profile).toList();
        if (selected.isEmpty()) {
            return false;
        }
        long members = count(population, selection);
        for (Selection wider : wider(selected)) {
            long more = count(population, wider) - members;
            if (more > 0 && more < minAuthorities) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every selection a request can make that holds all these profiles: on each filter, no value,
     * or the value they all share (for networks, any network they all belong to).
     */
    static List<Selection> wider(Collection<Profile> profiles) {
        List<String> strata = options(profiles.stream().map(Profile::stratum).toList());
        List<String> kinds = options(profiles.stream().map(Profile::kind).toList());
        List<String> regions = options(profiles.stream().map(Profile::region).toList());
        Set<String> shared = null;
        for (Profile p : profiles) {
            if (shared == null) {
                shared = new HashSet<>(p.networks());
            } else {
                shared.retainAll(p.networks());
            }
        }
        List<String> networks = new ArrayList<>();
        networks.add(null);
        if (shared != null) {
            shared.stream().sorted().forEach(networks::add);
        }
        List<Selection> result = new ArrayList<>();
        for (String s : strata) {
            for (String k : kinds) {
                for (String r : regions) {
                    for (String n : networks) {
                        result.add(new Selection(s, k, r, n));
                    }
                }
            }
        }
        return result;
    }

    /** No filter, and the one value every profile has when they all have the same known value. */
    private static List<String> options(List<String> values) {
        List<String> options = new ArrayList<>();
        options.add(null);
        String first = values.isEmpty() ? null : values.get(0);
        if (first != null && values.stream().allMatch(v -> Objects.equals(v, first))) {
            options.add(first);
        }
        return options;
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
