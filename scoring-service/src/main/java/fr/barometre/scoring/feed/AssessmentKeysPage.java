package fr.barometre.scoring.feed;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The keys of a feed page ({@code view=KEYS}): the same facts as the page from the same cursor, in the same
 * order, each as its key, and the same next cursor. A reader that holds each of them, or a newer version,
 * passes on without reading the page itself; one that misses any reads that page.
 */
@Schema(name = "AssessmentFeedKeysPage", description = "The keys of the facts of the page from the same cursor; pass nextCursor as since to read on.")
public record AssessmentKeysPage(List<AssessmentKey> items, @Schema(example = "8812:42") String nextCursor) {
}
