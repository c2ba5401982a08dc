package fr.barometre.reporting.webhook;

import java.util.List;

/** A subscription to make: where to, which events, and for which client (an admin's request only). */
public record NewWebhook(String url, List<String> events, String clientId) {
}
