package fr.barometre.survey.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * scoring-service's assessments, read on behalf of the signed-in person: the Authorization header
 * carries that person's own access token (never this service's), so that scoring-service applies
 * its own access rules.
 */
@RegisterRestClient(configKey = "scoring-reads")
@Path("/campaigns/{code}/assessments/{siren}")
interface AssessmentClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Assessment> get(@PathParam("code") String campaign, @PathParam("siren") String siren,
                        @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
