package fr.barometre.survey.registry;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Set;

@Schema(name = "CollectivityPatch", description = "Fields an admin edits; an absent field is left unchanged.")
public record CollectivityPatch(
        @Schema(description = "Replaces the networks the authority belongs to") Set<Network> networks,
        @Schema(description = "INSEE population municipale; the stratum follows", example = "52000") Integer population) {
}
