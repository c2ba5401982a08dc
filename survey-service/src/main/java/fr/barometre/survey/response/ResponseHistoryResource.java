package fr.barometre.survey.response;

import fr.barometre.survey.api.Page;
import fr.barometre.survey.api.Paging;
import fr.barometre.survey.audit.AuditEntries;
import fr.barometre.survey.audit.AuditEntry;
import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who changed an authority's response, and when: its entries of the audit journal, for those who may read it. */
@Path("/campaigns/{code}/responses/{siren}/history")
@Tag(name = "Responses")
@Produces(MediaType.APPLICATION_JSON)
public class ResponseHistoryResource {

    @Inject
    ResponseService responses;

    @Inject
    AuditEntries journal;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.PARTNER, Roles.RESPONDENT})
    @Operation(summary = "Read a response's history",
            description = "Its saves (which questions changed, never the answers), submissions and reopenings, by whom, in the order they happened. For those who may read the response.")
    @APIResponse(responseCode = "200", description = "One page of the journal's entries about the response, oldest first")
    @APIResponse(responseCode = "404", description = "No response, or an authority or campaign outside the caller's reach")
    public Page<AuditEntry> history(@PathParam("code") String code, @Parameter(example = "216901231") @PathParam("siren") String siren,
                                    @QueryParam("page") @DefaultValue("0") int page,
                                    @QueryParam("size") @DefaultValue("20") int size) {
        Paging.check(page, size);
        responses.get(code, siren).orElseThrow(() -> ProblemException.notFound("No response of " + siren + " to campaign " + code));
        return journal.find(AuditEntries.Filter.ofTarget(ResponseJournal.target(code, siren)), page, size);
    }
}
