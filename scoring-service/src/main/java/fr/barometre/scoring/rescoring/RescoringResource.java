package fr.barometre.scoring.rescoring;

import fr.barometre.scoring.problem.ProblemException;
import fr.barometre.scoring.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/")
@Tag(name = "Rescoring", description = "Rescoring a campaign under another model, as a job")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class RescoringResource {

    @Inject
    RescoringService rescoring;

    @POST
    @Path("campaigns/{code}/rescoring")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rescore a campaign under a model",
            description = "Starts a job that gives each authority's current revision a new assessment under the model; new submissions of the campaign are scored under it too.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "v2", value = "{\"model\": \"barometre-v2\"}")))
    @APIResponse(responseCode = "202", description = "Started; Location names the job",
            content = @Content(schema = @Schema(implementation = JobView.class)),
            headers = @Header(name = "Location", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "409", description = "A rescoring of the campaign is running")
    @APIResponse(responseCode = "422", description = "No such model")
    public Response start(@PathParam("code") String code, RescoringRequest request, UriInfo uri) {
        JobView job = rescoring.start(code, request);
        return Response.accepted(job).location(uri.getBaseUriBuilder().path("jobs").path(job.id().toString()).build()).build();
    }

    @GET
    @Path("jobs/{id}")
    @Operation(summary = "Read a job's state and progress")
    @APIResponse(responseCode = "200", description = "The job: state, done / total")
    @APIResponse(responseCode = "404", description = "No such job")
    public JobView job(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No job " + id);
        }
        return rescoring.find(uuid).orElseThrow(() -> ProblemException.notFound("No job " + id));
    }
}
