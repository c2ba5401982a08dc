package fr.barometre.survey.identity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "NewAgent", description = "An agent to onboard as a respondent of the authority.")
public record NewAgent(@Schema(required = true, example = "camille.martin@mairie-lyon.fr") String email,
                       @Schema(example = "Camille") String firstName,
                       @Schema(example = "Martin") String lastName) {
}
