package fr.barometre.reporting.webhook;

import fr.barometre.reporting.api.Page;
import fr.barometre.reporting.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/webhooks")
@Tag(name = "Webhooks", description = "Subscriptions to this service's events (Standard Webhooks), for partners and admins")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.PARTNER, Roles.ADMIN})
public class WebhookResource {

    @Inject
    WebhookService webhooks;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Subscribe to events", description = "A partner subscribes for its own client (its token's); an admin names the client."
            + " The answer holds the signing secret, shown this once only.")
    @RequestBody(content = @Content(examples = @ExampleObject(name = "subscription", value = """
            {"url": "https://portal.example.org/hooks/barometre", "events": ["response.submitted"]}""")))
    @APIResponse(responseCode = "201", description = "The subscription, with its secret")
    @APIResponse(responseCode = "409", description = "The client has the most active subscriptions it may have")
    @APIResponse(responseCode = "422", description = "An invalid URL (not HTTPS, a local or private address), or unknown events")
    public Response create(NewWebhook request) {
        WebhookView created = webhooks.create(request);
        return Response.status(Response.Status.CREATED).header("Location", "/webhooks/" + created.id()).entity(created).build();
    }

    @GET
    @Operation(summary = "List subscriptions", description = "A partner's own; an admin's all, or one client's")
    @APIResponse(responseCode = "200", description = "One page of subscriptions, oldest first")
    public Page<WebhookView> list(@QueryParam("clientId") String clientId,
                                  @QueryParam("page") @DefaultValue("0") int page,
                                  @QueryParam("size") @DefaultValue("20") int size) {
        return webhooks.list(clientId, page, size);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a subscription")
    @APIResponse(responseCode = "200", description = "The subscription (never its secret)")
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's")
    public WebhookView get(@PathParam("id") String id) {
        return webhooks.get(id);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a subscription", description = "With its deliveries, pending or not")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's")
    public void delete(@PathParam("id") String id) {
        webhooks.delete(id);
    }

    @POST
    @Path("/{id}/ping")
    @Operation(summary = "Send a ping", description = "A ping event to this subscription alone, delivered, signed and retried as any other")
    @APIResponse(responseCode = "202", description = "The ping's delivery, pending")
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's")
    @APIResponse(responseCode = "409", description = "The subscription is disabled")
    public Response ping(@PathParam("id") String id) {
        return Response.accepted(webhooks.ping(id)).build();
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "List a subscription's deliveries")
    @APIResponse(responseCode = "200", description = "One page of deliveries, newest first")
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's")
    public Page<DeliveryView> deliveries(@PathParam("id") String id,
                                         @QueryParam("page") @DefaultValue("0") int page,
                                         @QueryParam("size") @DefaultValue("20") int size) {
        return webhooks.deliveries(id, page, size);
    }

    @POST
    @Path("/{id}/deliveries/{deliveryId}/retry")
    @Operation(summary = "Retry a delivery", description = "PENDING again and due now, whatever its status; a disabled"
            + " subscription is enabled again by it")
    @APIResponse(responseCode = "200", description = "The delivery, PENDING")
    @APIResponse(responseCode = "404", description = "No such subscription of the caller's, or no such delivery of it")
    public DeliveryView retry(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        return webhooks.retry(id, deliveryId);
    }
}
