package fr.barometre.reporting.publication;

import fr.barometre.reporting.webhook.WebhookEvent;
import fr.barometre.reporting.webhook.WebhookEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The edition.published event, written in the publication's transaction: the edition and the version of its
 * publication, never a figure. It names no authority: every subscriber to the type is told of it.
 */
@ApplicationScoped
public class PublicationEvents {

    public static final String PUBLISHED = "edition.published";

    @Inject
    WebhookEvents events;

    @Transactional(Transactional.TxType.MANDATORY)
    void published(Publication publication) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaign", publication.campaign());
        data.put("version", publication.version());
        data.put("path", "/barometers/" + publication.campaign() + "?published=true");
        events.emit(new WebhookEvent(PUBLISHED, publication.campaign(), null, Set.of(), data));
    }
}
