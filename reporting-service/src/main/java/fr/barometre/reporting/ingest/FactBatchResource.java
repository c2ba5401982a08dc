package fr.barometre.reporting.ingest;

import fr.barometre.reporting.problem.FieldError;
import fr.barometre.reporting.problem.ProblemException;
import fr.barometre.reporting.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Many facts in one call (scoring-service's relay): each checked as {@code POST /internal/facts}
 * checks it, with an outcome of its own, the valid ones kept together in one transaction. The
 * envelope's own faults are whole-call answers: 400 (not {@code {"messages": [...]}}, or empty), 413
 * (more than {@value #BATCH_MAX} facts, or a body beyond {@code quarkus.http.limits.max-body-size}).
 */
@Path("/internal/facts/batch")
@Tag(name = "Internal", description = "Between services")
@Produces(MediaType.APPLICATION_JSON)
public class FactBatchResource {

    /** The most facts one call carries. */
    public static final int BATCH_MAX = 500;

    @Inject
    FactIntake facts;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.REPORTING_INGEST)
    @Operation(summary = "Deliver facts together (scoring-service)",
            description = "Each fact is taken as POST /internal/facts takes it, within a span of its own traceparent; the "
                    + "results say, one per fact and in order, 200 (kept, kept before, or superseded by a newer fact), 422 (not a "
                    + "fact: the same problem as the single endpoint, errors at the same paths) or 503 (its questionnaire cannot "
                    + "be read from survey-service now: retry that fact). The facts taken are kept in one transaction; of two "
                    + "facts of one authority, the one with the greatest assessmentVersion is kept whatever their order.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = FactBatch.class),
            examples = @ExampleObject(name = "facts", value = "{\"messages\": [" + FactIngestResource.EXAMPLE + "]}")))
    @APIResponse(responseCode = "200", description = "One result per fact, in order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FactBatchResults.class)))
    @APIResponse(responseCode = "400", description = "Not {\"messages\": [...]}, or no message")
    @APIResponse(responseCode = "413", description = "More than " + BATCH_MAX + " messages, or a body beyond the limit")
    public FactBatchResults ingest(FactBatch batch, @Context UriInfo uri) {
        if (batch == null || batch.messages() == null || batch.messages().isEmpty()) {
            throw ProblemException.badRequest("A batch is {\"messages\": [...]} with 1 to " + BATCH_MAX + " facts.",
                    List.of(FieldError.ofField("messages", "1 to " + BATCH_MAX + " facts")));
        }
        if (batch.messages().size() > BATCH_MAX) {
            throw ProblemException.tooLarge("A batch carries at most " + BATCH_MAX + " facts; this one has "
                    + batch.messages().size() + ".");
        }
        try (Arrivals arrivals = facts.ingestAll(batch.messages(), "fact ingest")) {
            return arrivals.results(uri.getPath());
        }
    }
}
