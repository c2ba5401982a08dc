package fr.barometre.scoring.feed;

import fr.barometre.scoring.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The outgoing feed: every assessment as a fact, read by reporting-service. */
@Path("/internal/assessments")
@Tag(name = "Internal", description = "Between services")
@Produces(MediaType.APPLICATION_JSON)
public class FeedResource {

    @Inject
    AssessmentFeed feed;

    @GET
    @RolesAllowed(Roles.SCORING_FEED)
    @Operation(summary = "Read the assessment feed (reporting-service)",
            description = "Every assessment as a fact, in an order that never skips a late commit: catch-up and rebuild. "
                    + "With view=KEYS, the same page gives each fact's key only (campaign, siren, assessmentVersion) and the "
                    + "same nextCursor: a reader that holds them all, or newer, reads on without the page itself.")
    @APIResponse(responseCode = "200", description = "One page, or its keys; nextCursor reads on",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(oneOf = {StoredFeedPage.class, AssessmentKeysPage.class})))
    @APIResponse(responseCode = "400", description = "since is not a cursor of this feed, limit is out of range, or view is neither FULL nor KEYS")
    public Object feed(@Parameter(description = "The last nextCursor; absent: from the beginning") @QueryParam("since") String since,
                       @Parameter(description = "Items per page, 1 to 1000") @QueryParam("limit") @DefaultValue("200") int limit,
                       @Parameter(description = "FULL (default): the facts; KEYS: their keys only") @QueryParam("view") String view) {
        return switch (FeedView.of(view)) {
            case FULL -> feed.stored(since, limit);
            case KEYS -> feed.keys(since, limit);
        };
    }
}
