package fr.barometre.reporting.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A page of scoring-service's assessment feed: its facts, each read on its own (one that is not a
 * fact is skipped, not the page), or their keys ({@code view=KEYS}), and the cursor that reads on.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScoringFeedPage(List<JsonNode> items, String nextCursor) {

    public ScoringFeedPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
