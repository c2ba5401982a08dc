package fr.barometre.reporting.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** scoring-service's assessment feed, read with this service's client-credentials token (role scoring-feed). */
@RegisterRestClient(configKey = "scoring")
@OidcClientFilter
@Path("/internal/assessments")
interface ScoringClient {

    /** {@code {"items": [facts], "nextCursor": "..."}}; since absent: from the beginning. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode feed(@QueryParam("since") String since, @QueryParam("limit") int limit);
}
