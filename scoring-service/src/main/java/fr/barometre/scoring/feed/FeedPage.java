package fr.barometre.scoring.feed;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A page of the feed read as JSON trees, for a reader inside this service; the wire shape is {@link StoredFeedPage}. */
public record FeedPage(List<JsonNode> items, String nextCursor) {
}
