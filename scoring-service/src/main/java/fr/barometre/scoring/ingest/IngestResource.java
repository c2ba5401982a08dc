package fr.barometre.scoring.ingest;

import fr.barometre.scoring.problem.FieldError;
import fr.barometre.scoring.problem.Problem;
import fr.barometre.scoring.problem.ProblemException;
import fr.barometre.scoring.security.Roles;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** survey-service delivering submissions (its outbox relay), at least once and in any order. */
@Path("/internal/assessments")
@Tag(name = "Internal", description = "Between services")
@Produces(MediaType.APPLICATION_JSON)
public class IngestResource {

    @Inject
    SubmissionIngest submissions;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SCORING_INGEST)
    @Operation(summary = "Deliver a submission (survey-service)",
            description = "Idempotent on (campaign, SIREN, revision): a redelivery answers as the first did and stores nothing twice. An older revision never replaces a newer one.")
    @APIResponse(responseCode = "200", description = "Recorded (now or before)")
    @APIResponse(responseCode = "422", description = "Not a submission message: parked by the sender")
    @APIResponse(responseCode = "503", description = "survey-service cannot answer for the questionnaire: retry later")
    public IngestReceipt ingest(SubmissionMessage message) {
        return submissions.ingest(message);
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SCORING_INGEST)
    @Operation(summary = "Deliver many submissions at once (survey-service)",
            description = "1 to 500 submission messages, each exactly the body of POST /internal/assessments, taken in one "
                    + "transaction. One result per message, in the same order: 200 taken (idempotent on (campaign, SIREN, "
                    + "revision) as the single delivery: a redelivery or a superseded revision is 200 again and stores nothing "
                    + "twice), 400 or 422 refused for good with its problem, 503 not now (the questionnaire cannot be read "
                    + "from survey-service: send that message again later). Messages of one authority are taken in the "
                    + "order given. A failure of the whole call (5xx) means nothing is known: send every message again.")
    @APIResponse(responseCode = "200", description = "One result per message, in the order of the messages")
    @APIResponse(responseCode = "400", description = "Not a batch: no messages, or a body that is not {\"messages\": [...]}")
    @APIResponse(responseCode = "413", description = "More than 500 messages, or a body beyond the limit")
    public BatchResults ingestBatch(SubmissionBatch batch, @Context UriInfo uri) {
        if (batch == null || batch.messages() == null || batch.messages().isEmpty()) {
            throw ProblemException.badRequest("A batch holds 1 to " + SubmissionIngest.BATCH_MAX + " messages",
                    List.of(FieldError.ofField("messages", "1 to " + SubmissionIngest.BATCH_MAX + " messages are required")));
        }
        if (batch.messages().size() > SubmissionIngest.BATCH_MAX) {
            throw ProblemException.tooLarge("A batch holds at most " + SubmissionIngest.BATCH_MAX + " messages; this one has "
                    + batch.messages().size());
        }
        String path = uri.getRequestUri().getRawPath();
        return new BatchResults(submissions.ingestAll(batch.messages(), "ingest submission").stream()
                .map(o -> new BatchResults.Result(o.status(), o.refusal() == null ? null : problem(o.refusal(), path)))
                .toList());
    }

    /** A message's refusal as the document the single endpoint would have answered with ({@code ProblemMapper}). */
    private static Problem problem(ProblemException e, String path) {
        return new Problem(e.type(), e.title(), e.status(), e.detail(), path, e.errors());
    }
}
