package fr.barometre.scoring.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** survey-service's partner scopes, read with this service's client-credentials token (role partner-scope-read). */
@RegisterRestClient(configKey = "survey")
@OidcClientFilter
@Path("/partners")
interface PartnerScopeClient {

    @GET
    @Path("/{clientId}/scope")
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode scope(@PathParam("clientId") String clientId);
}
