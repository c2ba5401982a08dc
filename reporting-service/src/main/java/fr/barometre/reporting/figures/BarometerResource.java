package fr.barometre.reporting.figures;

import fr.barometre.reporting.publication.Publication;
import fr.barometre.reporting.publication.PublicationService;
import fr.barometre.reporting.security.Caller;
import fr.barometre.reporting.security.Roles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The figures of an edition. Analysts and admins read the LIVE figures (or the published ones with
 * {@code published=true}); respondents, partners and anonymous callers read only the PUBLISHED
 * snapshot, with confidentiality applied.
 */
@Path("/barometers/{code}")
@Tag(name = "Barometers", description = "The figures of an edition")
@Produces(MediaType.APPLICATION_JSON)
public class BarometerResource {

    static final String VISIBILITY = " Analysts and admins read the LIVE figures (every current assessment), or the published ones with published=true; "
            + "respondents, partners and anonymous callers read only the PUBLISHED snapshot of the edition (404 while it is not published). "
            + "Statistical confidentiality: for partners, respondents and anonymous callers, every aggregate computed over fewer than "
            + "the configured number of authorities (5 by default; edition.confidentialityThreshold) is null with withheld=true and a withheldReason "
            + "(\"fewer than 5 authorities\"); so is one that another request selecting all of its authorities and fewer than the threshold more would give by "
            + "subtraction (\"secret statistique secondaire\"; see docs/confidentiality.md).";

    @Inject
    FiguresService figures;

    @Inject
    PublicationService publications;

    @Inject
    Caller caller;

    @GET
    @PermitAll
    @SecurityRequirementsSet({})
    @SecurityRequirementsSet(@SecurityRequirement(name = "keycloak"))
    @Operation(summary = "The barometer: every theme's figures",
            description = "Per theme: respondents (authorities with a score on the theme), engaged count, share engaged (engaged / respondents), "
                    + "rank among the themes by share (competition ranking on exact fractions: 1, 1, 3; among the shares shown), mean score, "
                    + "distribution over the five levels; against the previous edition (compareTo, else the greatest campaign code below this one "
                    + "with figures, string order; same filters): its share, the difference in points (100 × change of the ratio) and the change "
                    + "of rank (previous rank − rank). Homogeneity: max − min and population standard deviation of the shares shown, in points." + VISIBILITY)
    @APIResponse(responseCode = "200", description = "The figures",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.Barometer.class)))
    @APIResponse(responseCode = "400", description = "An unknown stratum, kind, network or région, or a compareTo without figures; the problem names the parameter")
    @APIResponse(responseCode = "404", description = "No figures of this edition for you (not published, or unknown)")
    public Response barometer(@PathParam("code") @Parameter(example = "2025") String code,
                                     @QueryParam("stratum") @Parameter(description = "S1 to S6", example = "S2") String stratum,
                                     @QueryParam("kind") @Parameter(description = "COMMUNE, EPCI_CC, EPCI_CA, EPCI_CU, METROPOLE, DEPARTEMENT, REGION, OTHER") String kind,
                                     @QueryParam("network") @Parameter(description = "INTERCONNECTES, INTERCOMMUNALITES_DE_FRANCE, FRANCE_URBAINE") String network,
                                     @QueryParam("region") @Parameter(description = "Région code", example = "84") String region,
                                     @QueryParam("compareTo") @Parameter(description = "The edition to compare with", example = "2023") String compareTo,
                                     @QueryParam("published") @DefaultValue("false") @Parameter(description = "Analysts and admins: read the published snapshot") boolean published) {
        return json(figures.barometerJson(code, new Filters(stratum, kind, network, region), compareTo, published));
    }

    @GET
    @Path("/strata")
    @PermitAll
    @SecurityRequirementsSet({})
    @SecurityRequirementsSet(@SecurityRequirement(name = "keycloak"))
    @Operation(summary = "Each theme's share per size stratum",
            description = "Per theme and stratum S1–S6 (authorities without a population are left out): respondents, engaged, share; per theme "
                    + "the gap in points between the most and the least engaged stratum, among the strata whose share is shown." + VISIBILITY)
    @APIResponse(responseCode = "200", description = "The figures",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.Strata.class)))
    @APIResponse(responseCode = "400", description = "An unknown kind, network or région; the problem names the parameter")
    @APIResponse(responseCode = "404", description = "No figures of this edition for you (not published, or unknown)")
    public Response strata(@PathParam("code") String code,
                               @QueryParam("kind") String kind, @QueryParam("network") String network, @QueryParam("region") String region,
                               @QueryParam("published") @DefaultValue("false") boolean published) {
        return json(figures.strataJson(code, new Filters(null, kind, network, region), published));
    }

    @GET
    @Path("/questions/{question}")
    @PermitAll
    @SecurityRequirementsSet({})
    @SecurityRequirementsSet(@SecurityRequirement(name = "keycloak"))
    @Operation(summary = "The distribution of the answers to one question",
            description = "Counts and ratios over the authorities that answered: MATURITY levels 0–4, NSP and NA; every choice of the questionnaire "
                    + "for SINGLE_CHOICE and MULTIPLE_CHOICE (zero counts included; a multiple choice's ratios may add up to more than 1); "
                    + "true/false for BOOLEAN; count, mean, min and max for NUMBER. TEXT answers are never kept: 404." + VISIBILITY)
    @APIResponse(responseCode = "200", description = "The distribution",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.Question.class)))
    @APIResponse(responseCode = "400", description = "An unknown stratum, kind, network or région; the problem names the parameter")
    @APIResponse(responseCode = "404", description = "No such question in the edition's questionnaire, a TEXT question, or no figures of this edition for you")
    @APIResponse(responseCode = "503", description = "survey-service cannot answer for the questionnaire: retry later")
    public Response question(@PathParam("code") String code, @PathParam("question") @Parameter(example = "DIA-USAGE-AGENTS") String question,
                                   @QueryParam("stratum") String stratum, @QueryParam("kind") String kind,
                                   @QueryParam("network") String network, @QueryParam("region") String region,
                                   @QueryParam("published") @DefaultValue("false") boolean published) {
        return json(figures.questionJson(code, question, new Filters(stratum, kind, network, region), published));
    }

    @GET
    @Path("/cross")
    @PermitAll
    @SecurityRequirementsSet({})
    @SecurityRequirementsSet(@SecurityRequirement(name = "keycloak"))
    @Operation(summary = "The themes' figures per answer to one question (cross-analysis)",
            description = "For a SINGLE_CHOICE or BOOLEAN question: per answer — every choice of the questionnaire in its order, zero counts "
                    + "included; true (Oui) then false (Non) for BOOLEAN — the authorities selected that gave it (authorities) and, per theme, "
                    + "those of them with a score on the theme (respondents), those engaged (theme level 3 or 4) and the share engaged "
                    + "(engaged / respondents, exact fraction shown with four decimals). When an authority may have no answer (the question is "
                    + "not required, or asked under a condition, or an assessment of the edition lacks it), a last row with answer null counts "
                    + "those without one, so that the rows add up to the figures of /barometers/{code} with the same filters. "
                    + "Each cell is a figure over the request with one more filter, the answer, under the same confidentiality rule; a cell "
                    + "is also withheld (\"secret statistique secondaire\") when it could be derived from the figure without the answer and "
                    + "the other rows, or from the same answer with filters dropped." + VISIBILITY)
    @APIResponse(responseCode = "200", description = "The cross-analysis",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.Cross.class),
                    examples = @ExampleObject(name = "GOV-PORTAGE", value = """
                            {"edition":{"campaign":"2025","source":"PUBLISHED","publishedAt":"2025-09-01T08:00:00Z","confidentialityThreshold":5,
                             "confidentialityApplied":true},"filters":{},"question":"GOV-PORTAGE","type":"SINGLE_CHOICE",
                             "label":"Qui porte la stratégie numérique de votre collectivité ?","authorities":120,"answers":[
                              {"answer":"ELUS_ET_DIRECTION_GENERALE","label":"Les élus et la direction générale ensemble","authorities":70,
                               "withheld":false,"withheldReason":null,"themes":[{"theme":"NUMERIQUE_RESPONSABLE","respondents":68,"engaged":30,
                               "share":0.4412,"withheld":false,"withheldReason":null}]},
                              {"answer":"DSI_SEULE","label":"Le service informatique (DSI) uniquement","authorities":null,"withheld":true,
                               "withheldReason":"fewer than 5 authorities","themes":[{"theme":"NUMERIQUE_RESPONSABLE","respondents":null,
                               "engaged":null,"share":null,"withheld":true,"withheldReason":"fewer than 5 authorities"}]}]}""")))
    @APIResponse(responseCode = "400", description = "No question, a question that is not SINGLE_CHOICE or BOOLEAN, or an unknown stratum, kind, "
            + "network or région; the problem names the parameter (and the question and its type)")
    @APIResponse(responseCode = "404", description = "No such question in the edition's questionnaire (the problem names it), a TEXT question, "
            + "or no figures of this edition for you (not published, or unknown)")
    @APIResponse(responseCode = "503", description = "survey-service cannot answer for the questionnaire: retry later")
    public Response cross(@PathParam("code") String code,
                             @QueryParam("question") @Parameter(required = true, description = "A SINGLE_CHOICE or BOOLEAN question of the edition's questionnaire",
                                     example = "GOV-PORTAGE") String question,
                             @QueryParam("stratum") @Parameter(description = "S1 to S6", example = "S2") String stratum,
                             @QueryParam("kind") @Parameter(description = "COMMUNE, EPCI_CC, EPCI_CA, EPCI_CU, METROPOLE, DEPARTEMENT, REGION, OTHER") String kind,
                             @QueryParam("network") @Parameter(description = "INTERCONNECTES, INTERCOMMUNALITES_DE_FRANCE, FRANCE_URBAINE") String network,
                             @QueryParam("region") @Parameter(description = "Région code", example = "84") String region,
                             @QueryParam("published") @DefaultValue("false") @Parameter(description = "Analysts and admins: read the published snapshot") boolean published) {
        return json(figures.crossJson(code, question, new Filters(stratum, kind, network, region), published));
    }

    @GET
    @Path("/collectivities/{siren}")
    @RolesAllowed({Roles.RESPONDENT, Roles.PARTNER, Roles.ANALYST, Roles.ADMIN})
    @Operation(summary = "One authority against its peers",
            description = "The authority's theme scores, levels and index (its own: always whole) and, per theme and for the index, its percent_rank "
                    + "among the authorities of the same stratum with a score, with their count (peers, itself included). A respondent reads only "
                    + "its own authority (collectivity claim), a partner only those in its partner_scope (SIRENs, or networks of the authority's "
                    + "profile snapshot), analysts and admins all; otherwise 404. Respondents and partners read the published edition and "
                    + "percentiles over fewer peers than the threshold are withheld. Never anonymous.")
    @APIResponse(responseCode = "200", description = "The benchmark",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Views.Benchmark.class)))
    @APIResponse(responseCode = "404", description = "No such authority in the edition for you (existence is not revealed)")
    public Views.Benchmark collectivity(@PathParam("code") String code, @PathParam("siren") @Parameter(example = "216901231") String siren,
                                        @QueryParam("published") @DefaultValue("false") boolean published) {
        return figures.collectivity(code, siren, published);
    }

    @GET
    @Path("/export.csv")
    @Produces("text/csv; charset=UTF-8")
    @PermitAll
    @SecurityRequirementsSet({})
    @SecurityRequirementsSet(@SecurityRequirement(name = "keycloak"))
    @Operation(summary = "The aggregates as open data (CSV)",
            description = "UTF-8, comma-separated, CRLF line ends, one header row, then per theme one row overall (scope=overall, stratum empty) "
                    + "and one per stratum S1–S6 (scope=stratum). Columns: campaign; source (LIVE or PUBLISHED); published_at (ISO-8601, empty for LIVE); "
                    + "model (the scoring model(s) of the facts, space-separated); confidentiality_threshold (the minimum number of authorities "
                    + "of an aggregate); scope; stratum; theme; respondents (authorities with a score on the theme); engaged (level 3 or 4); "
                    + "share (engaged / respondents, 4 decimals); mean_score (0–100, 2 decimals); level_0 … level_4 (authorities per theme level); "
                    + "withheld (true when the row's figures are withheld for confidentiality: its figure cells are then empty); withheld_reason." + VISIBILITY)
    @APIResponse(responseCode = "200", description = "The CSV document",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING),
                    examples = @ExampleObject(name = "csv", value = "campaign,source,published_at,model,confidentiality_threshold,scope,stratum,theme,"
                            + "respondents,engaged,share,mean_score,level_0,level_1,level_2,level_3,level_4,withheld,withheld_reason\r\n"
                            + "2025,PUBLISHED,2025-09-01T08:00:00Z,barometre-v1,5,overall,,DONNEES_IA,120,42,0.3500,48.27,10,30,38,30,12,false,\r\n")))
    @APIResponse(responseCode = "404", description = "No figures of this edition for you (not published, or unknown)")
    public Response export(@PathParam("code") String code, @QueryParam("published") @DefaultValue("false") boolean published) {
        return Response.ok(figures.csv(code, published))
                .header("Content-Disposition", "attachment; filename=\"barometre-" + code.replaceAll("[^A-Za-z0-9._-]", "_") + ".csv\"")
                .build();
    }

    @POST
    @Path("/publication")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Publish the edition",
            description = "Freezes a snapshot of the campaign's current facts (replacing an earlier publication): anonymous callers, partners and "
                    + "respondents then read these figures, with every filter; later facts do not change them until the next publication.")
    @APIResponse(responseCode = "200", description = "Published",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Publication.class)))
    @APIResponse(responseCode = "404", description = "Reporting holds no assessment of this campaign")
    public Publication publish(@PathParam("code") String code) {
        return publications.publish(code, caller.name());
    }

    /** Figures already written as JSON (once per figures computed, see {@link FiguresService#barometerJson}). */
    private static Response json(byte[] body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
