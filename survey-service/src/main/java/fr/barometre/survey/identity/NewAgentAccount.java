package fr.barometre.survey.identity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "NewAgentAccount", description = "The account created, with its temporary password, shown this once.")
public record NewAgentAccount(Agent agent,
                              @Schema(description = "To be changed at first login; never shown again") String temporaryPassword) {
}
