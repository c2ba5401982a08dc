package fr.barometre.reporting.security;

import java.util.Set;

/** The authorities a partner serves: every member of the networks, plus the SIRENs listed. */
public record PartnerScope(Set<String> networks, Set<String> sirens) {
    public static final PartnerScope EMPTY = new PartnerScope(Set.of(), Set.of());

    public PartnerScope {
        networks = networks == null ? Set.of() : Set.copyOf(networks);
        sirens = sirens == null ? Set.of() : Set.copyOf(sirens);
    }

    public boolean covers(String siren, Set<String> authorityNetworks) {
        return sirens.contains(siren) || authorityNetworks.stream().anyMatch(networks::contains);
    }
}
