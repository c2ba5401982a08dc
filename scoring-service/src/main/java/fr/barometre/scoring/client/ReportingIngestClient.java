package fr.barometre.scoring.client;

import fr.barometre.scoring.outbox.Batch;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** reporting-service's batch ingest, called with this service's client-credentials token, only through {@link ReportingDelivery}. */
@RegisterRestClient(configKey = "reporting")
@OidcClientFilter
@Path("/internal/facts/batch")
interface ReportingIngestClient {

    /** Many messages in one call: one result per message, in order; a refusal of the whole call is a {@code WebApplicationException}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Batch.Results deliver(Batch batch);
}
