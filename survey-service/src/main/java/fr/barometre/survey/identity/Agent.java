package fr.barometre.survey.identity;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Agent", description = "A respondent account of an authority.")
public record Agent(@Schema(example = "4f1c2d3e-0000-4000-8000-000000000001") String id,
                    @Schema(example = "camille.martin@mairie-lyon.fr") String username,
                    String email, String firstName, String lastName,
                    @Schema(example = "216901231") String collectivity,
                    @Schema(description = "false once revoked") boolean enabled) {
}
