package fr.barometre.survey.registry;

import fr.barometre.survey.api.Page;
import fr.barometre.survey.api.Paging;
import fr.barometre.survey.api.QueryEnums;
import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

@Path("/collectivities")
@Tag(name = "Registry", description = "The authorities that can be invited to answer")
@Produces(MediaType.APPLICATION_JSON)
public class CollectivityResource {

    @Inject
    RegistryService registry;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.PARTNER, Roles.RESPONDENT})
    @Operation(summary = "Search the registry", description = "By name (accent- and case-insensitive), kind, département and network, ordered by name.")
    @APIResponse(responseCode = "200", description = "One page of authorities")
    public Page<CollectivityView> search(
            @Parameter(description = "Part of the name", example = "saint etienne") @QueryParam("q") String q,
            @Parameter(description = "COMMUNE, EPCI_CC, EPCI_CA, EPCI_CU, METROPOLE, DEPARTEMENT, REGION or OTHER") @QueryParam("kind") String kind,
            @Parameter(example = "69") @QueryParam("departement") String departement,
            @Parameter(description = "INTERCONNECTES, INTERCOMMUNALITES_DE_FRANCE or FRANCE_URBAINE") @QueryParam("network") String network,
            @Parameter(description = "Page number, from 0") @QueryParam("page") @DefaultValue("0") int page,
            @Parameter(description = "Page size, 1 to 500") @QueryParam("size") @DefaultValue("20") int size) {
        Paging.check(page, size);
        return registry.search(q, QueryEnums.parse(CollectivityKind.class, kind, "kind"), departement,
                QueryEnums.parse(Network.class, network, "network"), page, size);
    }

    @GET
    @Path("/{siren}")
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST, Roles.PARTNER, Roles.RESPONDENT})
    @Operation(summary = "Read one authority")
    @APIResponse(responseCode = "200", description = "The authority")
    @APIResponse(responseCode = "404", description = "No authority with this SIREN")
    public CollectivityView get(@Parameter(example = "216901231") @PathParam("siren") String siren) {
        return registry.find(siren).orElseThrow(() -> notFound(siren));
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an authority the Etalab files lack", description = "Départements, régions, syndicats. The SIREN must pass its Luhn check.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "département", value = """
            {"siren": "226900017", "name": "Département du Rhône", "kind": "DEPARTEMENT", "population": 1900000,
             "departement": "69", "region": "84", "networks": ["INTERCONNECTES"]}""")))
    @APIResponse(responseCode = "201", description = "Created; Location names it",
            content = @Content(schema = @Schema(implementation = CollectivityView.class)))
    @APIResponse(responseCode = "409", description = "An authority with this SIREN exists")
    @APIResponse(responseCode = "422", description = "Invalid fields, each named")
    public Response create(NewCollectivity request, UriInfo uri) {
        if (request == null) {
            throw ProblemException.badRequest("A JSON body is required");
        }
        CollectivityView created = registry.create(request);
        return Response.created(uri.getAbsolutePathBuilder().path(created.siren()).build()).entity(created).build();
    }

    @PATCH
    @Path("/{siren}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Edit an authority's networks or population")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "networks", value = """
            {"networks": ["FRANCE_URBAINE", "INTERCONNECTES"]}""")))
    @APIResponse(responseCode = "200", description = "The authority as changed")
    @APIResponse(responseCode = "404", description = "No authority with this SIREN")
    @APIResponse(responseCode = "422", description = "Invalid fields")
    public CollectivityView update(@PathParam("siren") String siren, CollectivityPatch patch) {
        if (patch == null) {
            throw ProblemException.badRequest("A JSON body is required");
        }
        return registry.update(siren, patch).orElseThrow(() -> notFound(siren));
    }

    @POST
    @Path("/import")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Refresh the registry from the Etalab files",
            description = "Upload communes.json and epci.json of Etalab's « découpage administratif ». Upserts: adds new authorities, updates changed ones, leaves networks and authorities absent from the files alone.")
    @APIResponse(responseCode = "200", description = "What changed")
    @APIResponse(responseCode = "422", description = "A file is missing or is not of the expected shape")
    public ImportReport importEtalab(
            @RestForm("communes") @Schema(type = SchemaType.STRING, format = "binary") FileUpload communes,
            @RestForm("epci") @Schema(type = SchemaType.STRING, format = "binary") FileUpload epci) {
        List<FieldError> missing = new ArrayList<>();
        if (communes == null) {
            missing.add(FieldError.ofField("communes", "the communes.json file is required"));
        }
        if (epci == null) {
            missing.add(FieldError.ofField("epci", "the epci.json file is required"));
        }
        if (!missing.isEmpty()) {
            throw ProblemException.invalid("Both Etalab files are required", missing);
        }
        try (InputStream c = Files.newInputStream(communes.uploadedFile());
             InputStream e = Files.newInputStream(epci.uploadedFile())) {
            return registry.importEtalab(c, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProblemException notFound(String siren) {
        return ProblemException.notFound("No authority with SIREN " + siren);
    }
}
