package fr.barometre.survey.feed;

import fr.barometre.survey.registry.CollectivityKind;
import fr.barometre.survey.registry.Stratum;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Set;

/** The authority's profile as it was at submission, travelling with it. */
@Schema(name = "Profile")
public record Profile(CollectivityKind kind,
                      @Schema(example = "519127") Integer population,
                      Stratum stratum,
                      @Schema(example = "69") String departement,
                      @Schema(example = "84") String region,
                      Set<String> networks) {
}
