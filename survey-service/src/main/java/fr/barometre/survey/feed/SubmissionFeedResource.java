package fr.barometre.survey.feed;

import fr.barometre.survey.security.Roles;
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

@Path("/internal/submissions")
@Tag(name = "Internal", description = "For scoring-service and reporting-service (role survey-feed)")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SURVEY_FEED)
public class SubmissionFeedResource {

    @Inject
    SubmissionFeed feed;

    @GET
    @Operation(summary = "Read the submission feed", description = "Every submitted revision, in an order that never skips a late commit. "
            + "Catch-up and rebuild of downstream services. With view=KEYS, the same page gives each item's key only "
            + "(campaign, siren, revision) and the same nextCursor: a reader that holds them all reads on without the page itself.")
    @APIResponse(responseCode = "200", description = "One page, or its keys; nextCursor reads on",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(oneOf = {StoredFeedPage.class, SubmissionKeysPage.class})))
    @APIResponse(responseCode = "400", description = "since is not a cursor of this feed, limit is out of range, or view is neither FULL nor KEYS")
    public Object submissions(
            @Parameter(description = "The last nextCursor; absent: from the beginning") @QueryParam("since") String since,
            @Parameter(description = "Items per page, 1 to 1000") @QueryParam("limit") @DefaultValue("200") int limit,
            @Parameter(description = "FULL (default): the submissions; KEYS: their keys only") @QueryParam("view") String view) {
        return switch (FeedView.of(view)) {
            case FULL -> feed.stored(since, limit);
            case KEYS -> feed.keys(since, limit);
        };
    }
}
