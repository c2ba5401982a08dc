package fr.barometre.survey.campaign;

import fr.barometre.survey.webhook.WebhookEvent;
import fr.barometre.survey.webhook.WebhookEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The webhook events of campaigns, written in the transaction of the change they tell of. A campaign's
 * event names no authority: every subscriber to its type is told of it.
 */
@ApplicationScoped
public class CampaignEvents {

    public static final String OPENED = "campaign.opened";
    public static final String CLOSED = "campaign.closed";

    @Inject
    WebhookEvents events;

    @Transactional(Transactional.TxType.MANDATORY)
    void opened(Campaign c) {
        events.emit(event(OPENED, c));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    void closed(Campaign c) {
        events.emit(event(CLOSED, c));
    }

    private static WebhookEvent event(String type, Campaign c) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaign", c.code);
        data.put("path", "/campaigns/" + c.code);
        return new WebhookEvent(type, c.code, null, Set.of(), data);
    }
}
