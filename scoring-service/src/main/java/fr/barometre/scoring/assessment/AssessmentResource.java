package fr.barometre.scoring.assessment;

import fr.barometre.scoring.problem.ProblemException;
import fr.barometre.scoring.security.Caller;
import fr.barometre.scoring.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Set;

@Path("/campaigns/{code}/assessments")
@Tag(name = "Assessments", description = "Each authority's scores, levels and next steps")
@Produces(MediaType.APPLICATION_JSON)
public class AssessmentResource {

    @Inject
    AssessmentService assessments;

    @Inject
    Caller caller;

    @GET
    @Path("/{siren}")
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.PARTNER, Roles.RESPONDENT})
    @Operation(summary = "Read an authority's current assessment",
            description = "Scores, levels, engaged flags, index, model, each item's contribution and the five next steps. A respondent reads its own authority's, a partner those in its scope; analysts and admins all.")
    @APIResponse(responseCode = "200", description = "The current assessment")
    @APIResponse(responseCode = "404", description = "No assessment, or an authority outside the caller's reach")
    public AssessmentView get(@Parameter(example = "2025") @PathParam("code") String code,
                              @Parameter(example = "216901231") @PathParam("siren") String siren) {
        return assessments.current(code, siren)
                .filter(a -> caller.mayRead(a.siren(), Set.copyOf(a.profile() == null ? java.util.List.of() : a.profile().networks())))
                .orElseThrow(() -> ProblemException.notFound("No assessment of " + siren + " in campaign " + code));
    }
}
