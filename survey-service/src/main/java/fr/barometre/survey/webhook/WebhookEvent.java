package fr.barometre.survey.webhook;

import java.util.Map;
import java.util.Set;

/**
 * An event to tell subscribers of. {@code campaign} and {@code siren} say what it is about (either may be
 * null: a campaign's events name no authority); {@code networks} are the authority's, against which a
 * partner's scope is checked at delivery; {@code data} is the payload's {@code data} object: the campaign,
 * the SIREN, the revision or version, and the path to read the resource, never answers nor scores (the
 * receiver reads them with its own token, so that access rules stay in one place).
 */
public record WebhookEvent(String type, String campaign, String siren, Set<String> networks, Map<String, Object> data) {

    public WebhookEvent {
        networks = networks == null ? Set.of() : Set.copyOf(networks);
        data = data == null ? Map.of() : data;
    }
}
