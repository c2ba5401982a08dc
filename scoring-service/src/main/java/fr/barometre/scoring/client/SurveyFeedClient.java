package fr.barometre.scoring.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** survey-service's submission feed, read with this service's client-credentials token (role survey-feed). */
@RegisterRestClient(configKey = "survey")
@OidcClientFilter
@Path("/internal/submissions")
interface SurveyFeedClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    SurveyFeedPage page(@QueryParam("since") String since, @QueryParam("limit") int limit, @QueryParam("view") String view);
}
