package fr.barometre.scoring.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * A page of survey-service's submission feed, or its keys ({@code view=KEYS}). The items are read one by
 * one by the catch-up, each as a submission message checked as a delivery is (or as a key: campaign,
 * siren, revision): one item this service cannot take never hides the rest of the page.
 */
public record SurveyFeedPage(List<JsonNode> items, String nextCursor) {

    public SurveyFeedPage {
        items = items == null ? List.of() : List.copyOf(items);
    }
}
