package fr.barometre.scoring.assessment;

import fr.barometre.scoring.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/previews")
@Tag(name = "Assessments")
@Produces(MediaType.APPLICATION_JSON)
public class PreviewResource {

    @Inject
    PreviewService previews;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.PARTNER, Roles.RESPONDENT})
    @Operation(summary = "Score answers without storing them", description = "So that a respondent sees the effect of its answers before submitting.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "two items", value = """
            {"campaign": "2025", "answers": [{"question": "DIA-PLAN-FORMATION", "level": 3}, {"question": "CYB-PLAN-CRISE", "abstention": "NSP"}]}""")))
    @APIResponse(responseCode = "200", description = "The scores the answers would get")
    @APIResponse(responseCode = "404", description = "No opened campaign with this code")
    @APIResponse(responseCode = "422", description = "Invalid levels or abstentions, or an unknown model")
    @APIResponse(responseCode = "503", description = "survey-service cannot be reached for the questionnaire")
    public Preview preview(PreviewRequest request) {
        return previews.preview(request);
    }
}
