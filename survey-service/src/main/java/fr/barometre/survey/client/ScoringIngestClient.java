package fr.barometre.survey.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** scoring-service's ingest, called with this service's client-credentials token, only through {@link ScoringDelivery}. */
@RegisterRestClient(configKey = "scoring")
@OidcClientFilter
@Path("/internal/assessments")
interface ScoringIngestClient {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Response deliver(JsonNode submission);
}
