package fr.barometre.survey.campaign;

import fr.barometre.survey.registry.Network;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Set;

@Schema(name = "Audience", description = "The authorities invited to answer: members of the networks, plus the SIRENs listed. Both empty or absent: every authority of the registry.")
public record Audience(
        @Schema(example = "[\"FRANCE_URBAINE\"]") Set<Network> networks,
        @Schema(example = "[\"216901231\"]") Set<String> sirens) {

    public Audience {
        networks = networks == null ? Set.of() : Set.copyOf(networks);
        sirens = sirens == null ? Set.of() : Set.copyOf(sirens);
    }
}
