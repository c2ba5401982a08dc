package fr.barometre.survey.response;

import fr.barometre.survey.api.Page;
import fr.barometre.survey.api.Paging;
import fr.barometre.survey.api.QueryEnums;
import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/campaigns/{code}/responses")
@Tag(name = "Responses", description = "Each authority's response to a campaign: drafts, submission, batches")
@Produces(MediaType.APPLICATION_JSON)
public class ResponseResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String ANSWERS_EXAMPLE = """
            {"answers": [{"question": "DIA-PLAN-FORMATION", "level": 2},
                         {"question": "CYB-PLAN-CRISE", "abstention": "NSP"},
                         {"question": "DIA-USAGE-AGENTS", "value": "ORGANISE"}]}""";

    @Inject
    ResponseService responses;

    @Inject
    BatchService batches;

    @GET
    @Path("/{siren}")
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.PARTNER, Roles.RESPONDENT})
    @Operation(summary = "Read an authority's response", description = "A respondent reads its own authority's, a partner those in its scope; analysts and admins all.")
    @APIResponse(responseCode = "200", description = "The response",
            headers = @Header(name = HttpHeaders.ETAG, description = "Send it back in If-Match to change the response", schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "404", description = "No response, or an authority or campaign outside the caller's reach")
    public Response get(@PathParam("code") String code, @Parameter(example = "216901231") @PathParam("siren") String siren) {
        ResponseService.Saved saved = responses.get(code, siren).orElseThrow(() -> ProblemException.notFound(
                "No response of " + siren + " to campaign " + code));
        return Response.ok(saved.response()).tag(unquoted(saved.etag())).build();
    }

    @PUT
    @Path("/{siren}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.PARTNER, Roles.RESPONDENT})
    @Operation(summary = "Save a draft (replacing its answers)",
            description = "The first PUT creates the draft (no If-Match; If-None-Match: * guards against a concurrent creation). Every later PUT needs If-Match with the current ETag. Each answer is checked on its own; completeness is checked at submission.")
    @RequestBody(content = @Content(schema = @Schema(implementation = AnswersRequest.class), examples = @ExampleObject(name = "answers", value = ANSWERS_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Saved", headers = @Header(name = HttpHeaders.ETAG, schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "201", description = "Created", headers = {
            @Header(name = HttpHeaders.ETAG, schema = @Schema(implementation = String.class)),
            @Header(name = HttpHeaders.LOCATION, schema = @Schema(implementation = String.class))})
    @APIResponse(responseCode = "404", description = "An authority or campaign outside the caller's reach")
    @APIResponse(responseCode = "409", description = "The campaign is not OPEN, or the response is submitted")
    @APIResponse(responseCode = "412", description = "Stale If-Match, or If-None-Match: * on an existing response")
    @APIResponse(responseCode = "422", description = "Answers with problems, every one listed")
    @APIResponse(responseCode = "428", description = "If-Match missing on an existing response")
    public Response put(@PathParam("code") String code, @PathParam("siren") String siren,
                        @Parameter(in = ParameterIn.HEADER, name = HttpHeaders.IF_MATCH, description = "The current ETag; required once the draft exists") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                        @Parameter(in = ParameterIn.HEADER, name = HttpHeaders.IF_NONE_MATCH, description = "* to create only") @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
                        AnswersRequest body, UriInfo uri) {
        ResponseService.Saved saved = responses.put(code, siren, answersOf(body), ifMatch, ifNoneMatch);
        Response.ResponseBuilder builder = saved.created()
                ? Response.created(uri.getAbsolutePath())
                : Response.ok();
        return builder.entity(saved.response()).tag(unquoted(saved.etag())).build();
    }

    @PATCH
    @Path("/{siren}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @RolesAllowed({Roles.ADMIN, Roles.PARTNER, Roles.RESPONDENT})
    @Operation(summary = "Change some answers of a draft",
            description = "Merges by question code; an entry with only its question (or null level, abstention and value) removes that answer. Needs If-Match.")
    @RequestBody(content = @Content(schema = @Schema(implementation = AnswersRequest.class), examples = @ExampleObject(name = "merge", value = """
            {"answers": [{"question": "DIA-PLAN-FORMATION", "level": 3}, {"question": "CYB-PLAN-CRISE", "abstention": null}]}""")))
    @APIResponse(responseCode = "200", description = "Saved", headers = @Header(name = HttpHeaders.ETAG, schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "404", description = "No draft yet, or outside the caller's reach")
    @APIResponse(responseCode = "409", description = "The campaign is not OPEN, or the response is submitted")
    @APIResponse(responseCode = "412", description = "Stale If-Match")
    @APIResponse(responseCode = "422", description = "Answers with problems, every one listed")
    @APIResponse(responseCode = "428", description = "If-Match missing")
    public Response patch(@PathParam("code") String code, @PathParam("siren") String siren,
                          @Parameter(in = ParameterIn.HEADER, name = HttpHeaders.IF_MATCH, required = true, description = "The current ETag") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                          AnswersRequest body) {
        ResponseService.Saved saved = responses.patch(code, siren, answersOf(body), ifMatch);
        return Response.ok(saved.response()).tag(unquoted(saved.etag())).build();
    }

    @POST
    @Path("/{siren}/submission")
    @RolesAllowed({Roles.ADMIN, Roles.PARTNER, Roles.RESPONDENT})
    @Operation(summary = "Submit a draft",
            description = "Checks everything at once: every missing required answer, unknown question, wrong type or range, answer to a question not asked. On failure nothing changes. With an Idempotency-Key, a replay returns the first success again; the same key for another response is a 422. A key belongs to the caller (the token's client and subject) and is looked up once access is granted: another caller's keys are never seen.")
    @APIResponse(responseCode = "200", description = "Submitted", headers = @Header(name = HttpHeaders.ETAG, schema = @Schema(implementation = String.class)),
            content = @Content(schema = @Schema(implementation = ResponseView.class)))
    @APIResponse(responseCode = "404", description = "No draft, or outside the caller's reach")
    @APIResponse(responseCode = "409", description = "Already submitted, or the campaign is not OPEN")
    @APIResponse(responseCode = "412", description = "Stale If-Match (when sent)")
    @APIResponse(responseCode = "422", description = "Every problem of the response, or a reused Idempotency-Key")
    public Response submit(@PathParam("code") String code, @PathParam("siren") String siren,
                           @Parameter(in = ParameterIn.HEADER, name = HttpHeaders.IF_MATCH, description = "Optional: the ETag the submission applies to") @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                           @Parameter(in = ParameterIn.HEADER, name = IDEMPOTENCY_KEY, description = "A key unique to this submission among the caller's own, to retry it safely", example = "9b2f3c1e-5d7a-4f0e-8c61-2a4b9e0d7f13") @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey) {
        ResponseService.Submitted outcome = responses.submit(code, siren, ifMatch, idempotencyKey);
        return Response.status(outcome.status()).type(MediaType.APPLICATION_JSON).entity(outcome.body())
                .tag(unquoted(outcome.etag())).build();
    }

    @POST
    @Path("/{siren}/reopen")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Reopen a submitted response", description = "It becomes a draft of the next revision; the submitted revision's assessment stays current until the next is submitted.")
    @APIResponse(responseCode = "200", description = "The draft of the next revision", headers = @Header(name = HttpHeaders.ETAG, schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "404", description = "No such response")
    @APIResponse(responseCode = "409", description = "The response is a draft already, or the campaign is not OPEN")
    public Response reopen(@PathParam("code") String code, @PathParam("siren") String siren) {
        ResponseService.Saved saved = responses.reopen(code, siren).orElseThrow(() -> ProblemException.notFound(
                "No response of " + siren + " to campaign " + code));
        return Response.ok(saved.response()).tag(unquoted(saved.etag())).build();
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ADMIN, Roles.PARTNER})
    @Operation(summary = "Submit up to 1,000 complete responses",
            description = "Each is validated and submitted on its own; the answer gives per SIREN SUBMITTED or the problems. A response already submitted is a CONFLICT for that SIREN; an authority outside a partner's scope is NOT_FOUND.")
    @RequestBody(content = @Content(schema = @Schema(implementation = BatchRequest.class), examples = @ExampleObject(name = "batch", value = """
            {"responses": [{"siren": "216901231", "answers": [{"question": "DIA-PLAN-FORMATION", "level": 2}]}]}""")))
    @APIResponse(responseCode = "200", description = "An outcome per SIREN")
    @APIResponse(responseCode = "404", description = "No such campaign")
    @APIResponse(responseCode = "409", description = "The campaign is not OPEN")
    @APIResponse(responseCode = "413", description = "More than 1,000 responses")
    public BatchResult batch(@PathParam("code") String code, BatchRequest request) {
        return batches.submit(code, request);
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST})
    @Operation(summary = "List a campaign's responses")
    @APIResponse(responseCode = "200", description = "One page, by SIREN")
    @APIResponse(responseCode = "404", description = "No such campaign")
    public Page<ResponseSummary> list(@PathParam("code") String code,
                                      @Parameter(description = "DRAFT or SUBMITTED") @QueryParam("status") String status,
                                      @QueryParam("page") @DefaultValue("0") int page,
                                      @QueryParam("size") @DefaultValue("20") int size) {
        Paging.check(page, size);
        return responses.list(code, QueryEnums.parse(ResponseStatus.class, status, "status"), page, size);
    }

    static com.fasterxml.jackson.databind.JsonNode answersOf(AnswersRequest body) {
        if (body == null) {
            throw ProblemException.badRequest("A body {\"answers\": [...]} is required");
        }
        return body.answers();
    }

    /** JAX-RS quotes the tag itself. */
    private static String unquoted(String etag) {
        return etag == null ? null : etag.substring(1, etag.length() - 1);
    }
}
