package fr.barometre.survey.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.questionnaire.Questionnaire;
import fr.barometre.survey.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/campaigns")
@Tag(name = "Campaigns", description = "Editions of the barometer and their questionnaires")
@Produces(MediaType.APPLICATION_JSON)
public class CampaignResource {

    @Inject
    CampaignService campaigns;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a campaign", description = "Created as DRAFT. Without a questionnaire, the default barometer questionnaire is used; without an audience, every authority is invited.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "2025 edition", value = """
            {"code": "2025", "title": "Baromètre 2025", "closesAt": "2025-06-30T22:00:00Z",
             "audience": {"networks": ["INTERCONNECTES", "FRANCE_URBAINE"], "sirens": ["243500139"]}}""")))
    @APIResponse(responseCode = "201", description = "Created; Location names it",
            content = @Content(schema = @Schema(implementation = CampaignView.class)))
    @APIResponse(responseCode = "409", description = "A campaign with this code exists")
    @APIResponse(responseCode = "422", description = "Invalid fields or questionnaire, every problem listed")
    public Response create(NewCampaign request, UriInfo uri) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required");
        }
        CampaignView created = campaigns.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.code()).build()).entity(created).build();
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.PARTNER, Roles.RESPONDENT})
    @Operation(summary = "List campaigns", description = "Admins and analysts see all; partners the opened ones; respondents the opened ones their authority is invited to.")
    @APIResponse(responseCode = "200", description = "The campaigns, newest code first")
    public List<CampaignView> list() {
        return campaigns.list();
    }

    @GET
    @Path("/{code}")
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.PARTNER, Roles.RESPONDENT})
    @Operation(summary = "Read a campaign")
    @APIResponse(responseCode = "200", description = "The campaign")
    @APIResponse(responseCode = "404", description = "No such campaign visible to the caller")
    public CampaignView get(@Parameter(example = "2025") @PathParam("code") String code) {
        return campaigns.find(code).orElseThrow(() -> notFound(code));
    }

    @GET
    @Path("/{code}/questionnaire")
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.PARTNER, Roles.RESPONDENT})
    @Operation(summary = "Read a campaign's questionnaire")
    @APIResponse(responseCode = "200", description = "The questionnaire document")
    @APIResponse(responseCode = "404", description = "No such campaign visible to the caller")
    public Questionnaire questionnaire(@PathParam("code") String code) {
        return campaigns.questionnaire(code).orElseThrow(() -> notFound(code));
    }

    @PUT
    @Path("/{code}/questionnaire")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a campaign's questionnaire", description = "Only while the campaign is DRAFT; frozen once it opens.")
    @RequestBody(content = @Content(schema = @Schema(implementation = Questionnaire.class)))
    @APIResponse(responseCode = "200", description = "The questionnaire as stored")
    @APIResponse(responseCode = "404", description = "No such campaign")
    @APIResponse(responseCode = "409", description = "The campaign has opened: its questionnaire is frozen")
    @APIResponse(responseCode = "422", description = "Invalid document, every problem listed")
    public Questionnaire replaceQuestionnaire(@PathParam("code") String code, JsonNode document) {
        return campaigns.replaceQuestionnaire(code, document).orElseThrow(() -> notFound(code));
    }

    @POST
    @Path("/{code}/open")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Open a campaign", description = "DRAFT → OPEN: responses are taken, the questionnaire is frozen.")
    @APIResponse(responseCode = "200", description = "The campaign, OPEN")
    @APIResponse(responseCode = "404", description = "No such campaign")
    @APIResponse(responseCode = "409", description = "The campaign is not DRAFT, or its closing date has passed")
    public CampaignView open(@PathParam("code") String code) {
        return campaigns.open(code).orElseThrow(() -> notFound(code));
    }

    @POST
    @Path("/{code}/close")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Close a campaign", description = "OPEN → CLOSED: no more submissions.")
    @APIResponse(responseCode = "200", description = "The campaign, CLOSED")
    @APIResponse(responseCode = "404", description = "No such campaign")
    @APIResponse(responseCode = "409", description = "The campaign is not OPEN")
    public CampaignView close(@PathParam("code") String code) {
        return campaigns.close(code).orElseThrow(() -> notFound(code));
    }

    public static ProblemException notFound(String code) {
        return ProblemException.notFound("No campaign " + code);
    }
}
