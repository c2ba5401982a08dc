package fr.barometre.survey.identity;

import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/partners/{clientId}/scope")
@Tag(name = "Partners", description = "The authorities each partner portal serves")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class PartnerResource {

    @Inject
    IdentityService identity;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.PARTNER_SCOPE_READ})
    @Operation(summary = "Read a partner's scope", description = "For admins, and for scoring- and reporting-service (role partner-scope-read), which tell a partner's webhooks only of the authorities it serves.")
    @APIResponse(responseCode = "200", description = "The networks and SIRENs the partner serves")
    @APIResponse(responseCode = "404", description = "No partner client with this id")
    @APIResponse(responseCode = "503", description = "The identity provider cannot be reached")
    public PartnerScopeView get(@PathParam("clientId") String clientId) {
        return identity.partnerScope(clientId).orElseThrow(() -> notFound(clientId));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a partner's scope", description = "Written into the identity provider as the client's partner_scope claim: the partner's next tokens carry it.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "scope", value = """
            {"networks": ["FRANCE_URBAINE"], "sirens": ["216901231", "243500139"]}""")))
    @APIResponse(responseCode = "200", description = "The scope as written")
    @APIResponse(responseCode = "404", description = "No partner client with this id")
    @APIResponse(responseCode = "422", description = "Invalid or unknown SIRENs")
    @APIResponse(responseCode = "503", description = "The identity provider cannot be reached")
    public PartnerScopeView put(@PathParam("clientId") String clientId, PartnerScopeView scope) {
        return identity.setPartnerScope(clientId, scope).orElseThrow(() -> notFound(clientId));
    }

    private static ProblemException notFound(String clientId) {
        return ProblemException.notFound("No partner client " + clientId);
    }
}
