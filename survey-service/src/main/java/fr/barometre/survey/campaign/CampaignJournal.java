package fr.barometre.survey.campaign;

import fr.barometre.survey.audit.Journal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * What the audit journal says of a campaign, target {@code campaign:{code}}: created, its questionnaire
 * replaced (the new version), opened, closed by an admin, or by the system once its closing date passed.
 */
@ApplicationScoped
class CampaignJournal {

    static final String CREATED = "campaign.created";
    static final String QUESTIONNAIRE_REPLACED = "campaign.questionnaire-replaced";
    static final String OPENED = "campaign.opened";
    static final String CLOSED = "campaign.closed";
    static final String CLOSING_DATE_PASSED = "closing date passed";

    @Inject
    Journal journal;

    static String target(String code) {
        return "campaign:" + code;
    }

    void created(Campaign c) {
        journal.record(CREATED, target(c.code), null, questionnaire(c));
    }

    void questionnaireReplaced(Campaign c) {
        journal.record(QUESTIONNAIRE_REPLACED, target(c.code), null, questionnaire(c));
    }

    void opened(Campaign c) {
        journal.record(OPENED, target(c.code), null, null);
    }

    void closed(Campaign c) {
        journal.record(CLOSED, target(c.code), null, null);
    }

    void closedBySystem(Campaign c) {
        journal.recordBySystem(CLOSING_DATE_PASSED, CLOSED, target(c.code), null, Map.of("closesAt", c.closesAt.toString()));
    }

    private static Map<String, Object> questionnaire(Campaign c) {
        return c.questionnaireVersion == null ? null : Map.of("questionnaireVersion", c.questionnaireVersion);
    }
}
