package fr.barometre.scoring.ingest;

import fr.barometre.scoring.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

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
}
