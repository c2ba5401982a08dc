package fr.barometre.scoring.outbox;

import fr.barometre.scoring.api.Page;
import fr.barometre.scoring.api.Paging;
import fr.barometre.scoring.api.QueryEnums;
import fr.barometre.scoring.audit.Journal;
import fr.barometre.scoring.problem.ProblemException;
import fr.barometre.scoring.security.Roles;
import io.quarkus.panache.common.Sort;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.util.Map;

@Path("/outbox")
@Tag(name = "Outbox", description = "Deliveries to the downstream neighbour, for admins")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class OutboxResource {

    @Inject
    OutboxRepository messages;

    @Inject
    Clock clock;

    @Inject
    Journal journal;

    @GET
    @Operation(summary = "List outbox messages", description = "By status: DEAD lists the messages a receiver refused for good.")
    @APIResponse(responseCode = "200", description = "One page of messages, oldest first")
    public Page<OutboxMessageView> list(@QueryParam("status") @DefaultValue("DEAD") String status,
                                        @QueryParam("page") @DefaultValue("0") int page,
                                        @QueryParam("size") @DefaultValue("20") int size) {
        Paging.check(page, size);
        var query = messages.find("status", Sort.by("id"), QueryEnums.parse(OutboxMessage.Status.class, status, "status"));
        return new Page<>(query.page(page, size).stream().map(OutboxMessageView::of).toList(), page, size, query.count());
    }

    @POST
    @Path("/{id}/retry")
    @Transactional
    @Operation(summary = "Retry a dead message", description = "Once the cause of the refusal is mended, puts the message back in line.")
    @APIResponse(responseCode = "200", description = "The message, PENDING again")
    @APIResponse(responseCode = "404", description = "No such message")
    @APIResponse(responseCode = "409", description = "The message is not DEAD")
    public OutboxMessageView retry(@PathParam("id") long id) {
        OutboxMessage m = messages.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("No outbox message " + id));
        if (m.status != OutboxMessage.Status.DEAD) {
            throw ProblemException.conflict("Outbox message " + id + " is " + m.status + ", not DEAD");
        }
        m.status = OutboxMessage.Status.PENDING;
        m.attempts = 0;
        m.nextAttemptAt = clock.instant();
        journal.record("outbox.retried", "outbox:" + id, null, Map.of("key", m.messageKey));
        return OutboxMessageView.of(m);
    }
}
