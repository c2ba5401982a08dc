package fr.barometre.scoring.assessment;

import fr.barometre.scoring.webhook.WebhookEvent;
import fr.barometre.scoring.webhook.WebhookEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The assessment.updated events, one per new assessment version, written in the transaction that writes the
 * assessments (an ingest of one or many, a catch-up page, a rescoring chunk): the version written, never its
 * scores. The authority's networks are those of the profile its submission carried (survey-service's registry
 * as it stood at submission), which a partner's scope is checked against at delivery.
 */
@ApplicationScoped
public class AssessmentEvents {

    public static final String UPDATED = "assessment.updated";

    @Inject
    WebhookEvents events;

    /** The events of these new assessments in one statement; nothing built for many when nobody subscribes. */
    @Transactional(Transactional.TxType.MANDATORY)
    void updated(List<AssessmentService.Assessing> written) {
        events.emitEach(UPDATED, written, AssessmentEvents::event);
    }

    private static WebhookEvent event(AssessmentService.Assessing w) {
        Submission s = w.submission();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("campaign", s.campaign());
        data.put("siren", s.siren());
        data.put("assessmentVersion", w.version());
        data.put("path", "/campaigns/" + s.campaign() + "/assessments/" + s.siren());
        return new WebhookEvent(UPDATED, s.campaign(), s.siren(),
                s.profile() == null ? null : new HashSet<>(s.profile().networks()), data);
    }
}
