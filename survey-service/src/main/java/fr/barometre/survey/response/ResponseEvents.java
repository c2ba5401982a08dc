package fr.barometre.survey.response;

import fr.barometre.survey.registry.Collectivity;
import fr.barometre.survey.registry.CollectivityRepository;
import fr.barometre.survey.webhook.WebhookEvent;
import fr.barometre.survey.webhook.WebhookEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The webhook events of responses, written in the transaction of the change they tell of: the revision
 * written, never its answers. Each call is one read when nobody subscribes to the type, and builds nothing.
 */
@ApplicationScoped
public class ResponseEvents {

    public static final String SUBMITTED = "response.submitted";
    public static final String REOPENED = "response.reopened";

    @Inject
    WebhookEvents events;

    @Inject
    CollectivityRepository collectivities;

    /** Revisions just submitted (one, or those of a batch): their events in one statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    void submitted(List<SubmittedResponse> submitted) {
        events.emitEach(SUBMITTED, submitted, s -> event(SUBMITTED, s.campaign().code, s.authority(), s.revision()));
    }

    /** A response reopened as the draft {@code revision}; the authority's networks are read only for a subscriber. */
    @Transactional(Transactional.TxType.MANDATORY)
    void reopened(String code, String siren, int revision) {
        events.emitAll(REOPENED, () -> List.of(event(REOPENED, code, collectivities.findById(siren), revision)));
    }

    private static WebhookEvent event(String type, String code, Collectivity authority, int revision) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaign", code);
        data.put("siren", authority.siren);
        data.put("revision", revision);
        data.put("path", "/campaigns/" + code + "/responses/" + authority.siren);
        Set<String> networks = authority.networkSet();
        return new WebhookEvent(type, code, authority.siren, networks, data);
    }
}
