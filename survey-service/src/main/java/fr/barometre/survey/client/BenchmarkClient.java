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
 * reporting-service's benchmark of one authority, read on behalf of the signed-in person: the
 * Authorization header carries that person's own access token (never this service's), so that
 * reporting-service applies its own access and confidentiality rules.
 */
@RegisterRestClient(configKey = "reporting")
@Path("/barometers/{code}/collectivities/{siren}")
interface BenchmarkClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Benchmark> get(@PathParam("code") String campaign, @PathParam("siren") String siren,
                       @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
