package fr.barometre.reporting.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.oidc.client.filter.OidcClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** survey-service's frozen questionnaires, read with this service's client-credentials token (role survey-feed); called through {@link SurveyQuestionnaires}. */
@RegisterRestClient(configKey = "survey")
@OidcClientFilter
@Path("/internal/campaigns")
interface SurveyQuestionnaireClient {

    @GET
    @Path("/{code}/questionnaire")
    @Produces(MediaType.APPLICATION_JSON)
    JsonNode questionnaire(@PathParam("code") String campaign, @QueryParam("version") String version);
}
