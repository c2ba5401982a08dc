package fr.barometre.reporting.ingest;

import com.fasterxml.jackson.databind.JsonMappingException;
import fr.barometre.reporting.problem.ProblemMapper;
import fr.barometre.reporting.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

@Path("/internal/facts")
@Tag(name = "Internal", description = "Between services")
@Produces(MediaType.APPLICATION_JSON)
public class FactIngestResource {

    static final String EXAMPLE = """
            {"campaign": "2025", "siren": "216901231", "revision": 1, "questionnaireVersion": "2025.1",
             "profile": {"kind": "COMMUNE", "population": 519127, "stratum": "S6", "departement": "69", "region": "84",
                         "networks": ["FRANCE_URBAINE"]},
             "answers": [{"question": "DIA-PLAN-FORMATION", "level": 2}, {"question": "CYB-PLAN-CRISE", "abstention": "NSP"},
                         {"question": "DIA-USAGE-AGENTS", "value": "ORGANISE"}],
             "assessmentVersion": 1, "model": "barometre-v1", "index": 57.14,
             "themes": [{"theme": "DONNEES_IA", "score": 62.5, "level": 3, "engaged": true}]}""";

    @Inject
    FactIntake facts;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.REPORTING_INGEST)
    @Operation(summary = "Deliver a fact (scoring-service)",
            description = "Keeps, per (campaign, SIREN), the fact with the greatest assessmentVersion, with its themes and answers "
                    + "(TEXT answers are dropped). Idempotent on (campaign, SIREN, assessmentVersion): a redelivery answers the same "
                    + "and changes nothing; an older fact never overwrites a newer one; a rescoring (greater version) replaces the fact.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Fact.class), examples = @ExampleObject(name = "fact", value = EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Kept (now or before), or superseded by a newer fact",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestReceipt.class)))
    @APIResponse(responseCode = "422", description = "Not a fact: the sender parks it")
    @APIResponse(responseCode = "503", description = "survey-service cannot answer for the questionnaire: retry later")
    /**
     * No {@code @Valid} on the body: {@link FactIntake#prepare} checks the message's constraints and
     * the barometer's rules together, so that one 422 names every problem (a field's and an answer's),
     * and the catch-up refuses the feed's items by the same check.
     */
    public IngestReceipt ingest(Fact fact) {
        return facts.ingest(fact);
    }

    /**
     * A body that is JSON but cannot be read as a fact (a value of the wrong type, an unknown field)
     * is refused like a fact that breaks a rule, 422 naming the field, so that the sender parks it
     * rather than retrying; elsewhere in the API such a body is a 400. Applies to this endpoint only.
     */
    @ServerExceptionMapper
    Response notAFact(JsonMappingException e, UriInfo uri) {
        return new ProblemMapper().domain(FactReader.notAFact(e), uri);
    }
}
