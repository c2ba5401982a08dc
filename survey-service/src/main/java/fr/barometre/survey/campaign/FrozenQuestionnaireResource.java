package fr.barometre.survey.campaign;

import fr.barometre.survey.questionnaire.Questionnaire;
import fr.barometre.survey.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A campaign's questionnaire as frozen when it opened, for the services that score and report its responses. */
@Path("/internal/campaigns/{code}/questionnaire")
@Tag(name = "Internal", description = "For scoring-service and reporting-service (role survey-feed)")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SURVEY_FEED)
public class FrozenQuestionnaireResource {

    @Inject
    CampaignService campaigns;

    @GET
    @Operation(summary = "Read a frozen questionnaire", description = "The questionnaire of a campaign that has opened.")
    @APIResponse(responseCode = "200", description = "The questionnaire document")
    @APIResponse(responseCode = "404", description = "No opened campaign with this code, or not at this version")
    public Questionnaire questionnaire(@PathParam("code") String code,
                                       @Parameter(description = "The version expected", example = "2025.1") @QueryParam("version") String version) {
        return campaigns.frozenQuestionnaire(code, version).orElseThrow(() -> CampaignResource.notFound(code));
    }
}
