package fr.barometre.survey.registry;

import java.util.Set;

/**
 * One authority as the registry sources describe it (the Etalab files, the shipped compact file,
 * an admin's creation), before it is stored.
 *
 * @param siren       9 digits, valid Luhn checksum
 * @param inseeCode   the INSEE code of a commune; null for the others
 * @param population  INSEE population municipale; null when unknown
 * @param departement département code ("69", "2A", "971"); null when unknown
 * @param region      région code ("84"); null when unknown
 */
public record RegistryEntry(String siren, String inseeCode, String name, CollectivityKind kind,
                            Integer population, String departement, String region, Set<Network> networks) {
    public RegistryEntry {
        networks = networks == null ? Set.of() : Set.copyOf(networks);
    }
}
