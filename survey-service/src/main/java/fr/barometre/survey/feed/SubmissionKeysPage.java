package fr.barometre.survey.feed;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The keys of a feed page ({@code view=KEYS}): the same items as the page from the same cursor, in the same
 * order, each as its key, and the same next cursor. A reader that holds every one of them already passes
 * on without reading the page itself; one that misses any reads that page.
 */
@Schema(name = "SubmissionFeedKeysPage", description = "The keys of the submissions of the page from the same cursor; pass nextCursor as since to read on.")
public record SubmissionKeysPage(List<SubmissionKey> items, @Schema(example = "8812:42") String nextCursor) {
}
