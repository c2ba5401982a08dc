package fr.barometre.reporting.figures;

import fr.barometre.reporting.fact.Themes;
import fr.barometre.reporting.problem.FieldError;
import fr.barometre.reporting.problem.ProblemException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The filters of every aggregate: the authority's stratum, kind, network and région, from its profile snapshot. */
public record Filters(String stratum, String kind, String network, String region) {

    public static final Filters NONE = new Filters(null, null, null, null);
    public static final Set<String> KINDS = Set.of("COMMUNE", "EPCI_CC", "EPCI_CA", "EPCI_CU", "METROPOLE", "DEPARTEMENT", "REGION", "OTHER");
    public static final Set<String> NETWORKS = Set.of("INTERCONNECTES", "INTERCOMMUNALITES_DE_FRANCE", "FRANCE_URBAINE");
    private static final Pattern REGION = Pattern.compile("\\d{2}");

    public Filters {
        stratum = blankToNull(stratum);
        kind = blankToNull(kind);
        network = blankToNull(network);
        region = blankToNull(region);
    }

    /** 400 naming every unknown filter value. */
    public Filters checked() {
        List<FieldError> errors = new ArrayList<>();
        if (stratum != null && !Themes.STRATA.contains(stratum)) {
            errors.add(FieldError.ofField("stratum", "must be one of " + Themes.STRATA));
        }
        if (kind != null && !KINDS.contains(kind)) {
            errors.add(FieldError.ofField("kind", "must be one of " + KINDS.stream().sorted().toList()));
        }
        if (network != null && !NETWORKS.contains(network)) {
            errors.add(FieldError.ofField("network", "must be one of " + NETWORKS.stream().sorted().toList()));
        }
        if (region != null && !REGION.matcher(region).matches()) {
            errors.add(FieldError.ofField("region", "must be a région code of two digits"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.badRequest("Unknown filter value: "
                    + String.join(", ", errors.stream().map(FieldError::field).toList()), errors);
        }
        return this;
    }

    /** The same filters with this stratum (null: none), as a breakdown's cell is. */
    public Filters withStratum(String stratum) {
        return new Filters(stratum, kind, network, region);
    }

    /** What the confidentiality rule knows of these filters; {@link #sql()} is the same selection in SQL. */
    public Confidentiality.Selection selection() {
        return new Confidentiality.Selection(stratum, kind, region, network);
    }

    /** The SQL conditions on fact {@code f}, in the order of {@link #parameters()}. */
    String sql() {
        StringBuilder where = new StringBuilder();
        if (stratum != null) {
            where.append(" and f.stratum = ?");
        }
        if (kind != null) {
            where.append(" and f.kind = ?");
        }
        if (network != null) {
            where.append(" and ? = any(f.networks)");
        }
        if (region != null) {
            where.append(" and f.region = ?");
        }
        return where.toString();
    }

    List<String> parameters() {
        List<String> values = new ArrayList<>();
        for (String v : new String[] {stratum, kind, network, region}) {
            if (v != null) {
                values.add(v);
            }
        }
        return values;
    }

    String key() {
        return stratum + "/" + kind + "/" + network + "/" + region;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
