package fr.barometre.survey.identity;

import fr.barometre.survey.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/collectivities/{siren}/agents")
@Tag(name = "Agents", description = "Onboarding the respondents of an authority")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.PARTNER})
public class AgentResource {

    @Inject
    IdentityService identity;

    @GET
    @Operation(summary = "List an authority's respondent accounts")
    @APIResponse(responseCode = "200", description = "The accounts, revoked ones included")
    @APIResponse(responseCode = "404", description = "No such authority within the caller's reach")
    @APIResponse(responseCode = "503", description = "The identity provider cannot be reached")
    public List<Agent> list(@PathParam("siren") String siren) {
        return identity.agents(siren);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Onboard an agent as a respondent", description = "Creates the account with the respondent role and the authority's SIREN; its temporary password is returned this once and must be changed at first login.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "agent", value = """
            {"email": "camille.martin@mairie-lyon.fr", "firstName": "Camille", "lastName": "Martin"}""")))
    @APIResponse(responseCode = "201", description = "Created, with the temporary password",
            content = @Content(schema = @Schema(implementation = NewAgentAccount.class)))
    @APIResponse(responseCode = "404", description = "No such authority within the caller's reach")
    @APIResponse(responseCode = "409", description = "An account with this e-mail exists")
    @APIResponse(responseCode = "422", description = "Invalid fields")
    @APIResponse(responseCode = "503", description = "The identity provider cannot be reached")
    public Response onboard(@PathParam("siren") String siren, NewAgent agent, UriInfo uri) {
        NewAgentAccount account = identity.onboard(siren, agent);
        return Response.created(uri.getAbsolutePathBuilder().path(account.agent().id()).build()).entity(account).build();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an agent", description = "The account can no longer log in; tokens already issued die at their expiry.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such agent of this authority within the caller's reach")
    @APIResponse(responseCode = "503", description = "The identity provider cannot be reached")
    // no body on success: a client whose Accept names only the problem type (a generated one) is not refused with 406
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    public void revoke(@PathParam("siren") String siren, @PathParam("id") String id) {
        identity.revoke(siren, id);
    }
}
