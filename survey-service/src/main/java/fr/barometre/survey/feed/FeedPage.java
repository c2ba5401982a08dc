package fr.barometre.survey.feed;

import java.util.List;

/** A page of the feed read as messages, for a reader inside this service; the wire shape is {@link StoredFeedPage}. */
public record FeedPage(List<SubmissionMessage> items, String nextCursor) {
}
