package fr.barometre.scoring.feed;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The authority's profile snapshotted at submission. */
@Schema(name = "Profile")
public record Profile(@Schema(example = "COMMUNE") String kind, @Schema(example = "519127") Integer population,
                      @Schema(example = "S6") String stratum, @Schema(example = "69") String departement,
                      @Schema(example = "84") String region, List<String> networks) {
    public Profile {
        networks = networks == null ? List.of() : List.copyOf(networks);
    }
}
