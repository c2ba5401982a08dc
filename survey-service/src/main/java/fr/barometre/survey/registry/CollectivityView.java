package fr.barometre.survey.registry;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Set;

@Schema(name = "Collectivity", description = "A local authority of the registry.")
public record CollectivityView(
        @Schema(example = "216901231") String siren,
        @Schema(example = "69123") String inseeCode,
        @Schema(example = "Lyon") String name,
        CollectivityKind kind,
        @Schema(description = "INSEE population municipale", example = "519127") Integer population,
        @Schema(description = "Size stratum derived from population; absent without population") Stratum stratum,
        @Schema(example = "69") String departement,
        @Schema(example = "84") String region,
        Set<String> networks) {

    static CollectivityView of(Collectivity c) {
        return new CollectivityView(c.siren, c.inseeCode, c.name, c.kind, c.population, c.stratum,
                c.departement, c.region, c.networkSet());
    }
}
