package fr.barometre.survey.response;

import fr.barometre.survey.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/campaigns/{code}/participation")
@Tag(name = "Responses")
@Produces(MediaType.APPLICATION_JSON)
public class ParticipationResource {

    @Inject
    ParticipationQuery participation;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST})
    @Operation(summary = "Participation against the audience", description = "Invited authorities, drafts and submitted responses, overall and by stratum.")
    @APIResponse(responseCode = "200", description = "The counts")
    @APIResponse(responseCode = "404", description = "No such campaign")
    public Participation get(@PathParam("code") String code) {
        return participation.of(code);
    }
}
