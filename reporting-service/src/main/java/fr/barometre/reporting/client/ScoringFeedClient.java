package fr.barometre.reporting.client;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** scoring-service's assessment feed, read with this service's client-credentials token (role scoring-feed); called through {@link ScoringFeed}. */
@RegisterRestClient(configKey = "scoring")
@OidcClientFilter
@Path("/internal/assessments")
interface ScoringFeedClient {

    /** One page from a cursor, or its keys (view {@code keys}; absent: the facts); since absent: from the beginning. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    ScoringFeedPage feed(@QueryParam("since") String since, @QueryParam("limit") int limit, @QueryParam("view") String view);
}
