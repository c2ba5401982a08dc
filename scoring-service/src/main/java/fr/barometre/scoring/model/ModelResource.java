package fr.barometre.scoring.model;

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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/models")
@Tag(name = "Models", description = "Scoring models, versioned and immutable")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    @Inject
    ModelService models;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.PARTNER, Roles.RESPONDENT})
    @Operation(summary = "List scoring models")
    @APIResponse(responseCode = "200", description = "Every model, by id")
    public List<ModelView> list() {
        return models.list();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.PARTNER, Roles.RESPONDENT})
    @Operation(summary = "Read a scoring model")
    @APIResponse(responseCode = "200", description = "The model")
    @APIResponse(responseCode = "404", description = "No such model")
    public ModelView get(@PathParam("id") String id) {
        return models.find(id).orElseThrow(() -> ProblemException.notFound("No model " + id));
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a scoring model", description = "A model is immutable: a change is a new model with a new id. A model that cannot be computed is refused, with every reason.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "heavier data training", value = """
            {"id": "barometre-v2", "itemWeights": {"DIA-PLAN-FORMATION": 2}, "themeWeights": {"CYBERSECURITE": 1.5}}""")))
    @APIResponse(responseCode = "201", description = "Created; Location names it",
            content = @Content(schema = @Schema(implementation = ModelView.class)))
    @APIResponse(responseCode = "409", description = "A model with this id exists")
    @APIResponse(responseCode = "422", description = "Negative or all-zero weights, bands with a gap or an overlap, a threshold outside the levels")
    public Response create(NewModel request, UriInfo uri) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required");
        }
        ModelView created = models.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build()).entity(created).build();
    }
}
