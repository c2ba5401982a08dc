package fr.barometre.survey.identity;

import fr.barometre.survey.registry.Network;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Set;

@Schema(name = "PartnerScope", description = "The authorities a partner serves: members of the networks, plus the SIRENs listed.")
public record PartnerScopeView(@Schema(example = "[\"FRANCE_URBAINE\"]") Set<Network> networks,
                               @Schema(example = "[\"216901231\", \"243500139\"]") Set<String> sirens) {
}
