package fr.barometre.survey.registry;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Set;

@Schema(name = "NewCollectivity", description = "An authority the Etalab files lack (a département, a région, a syndicat).")
public record NewCollectivity(
        @Schema(required = true, example = "226900017") String siren,
        @Schema(example = "") String inseeCode,
        @Schema(required = true, example = "Département du Rhône") String name,
        @Schema(required = true) CollectivityKind kind,
        @Schema(example = "1900000") Integer population,
        @Schema(example = "69") String departement,
        @Schema(example = "84") String region,
        Set<Network> networks) {
}
