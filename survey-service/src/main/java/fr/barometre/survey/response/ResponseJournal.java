package fr.barometre.survey.response;

import fr.barometre.survey.audit.Journal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the audit journal says of a response: saved (the ids of the questions whose answer changed, never
 * an answer), submitted, reopened; each in the transaction of the change, target {@code response:{code}/{siren}}.
 */
@ApplicationScoped
class ResponseJournal {

    static final String SAVED = "response.saved";
    static final String SUBMITTED = "response.submitted";
    static final String REOPENED = "response.reopened";

    @Inject
    Journal journal;

    static String target(String code, String siren) {
        return "response:" + code + "/" + siren;
    }

    void saved(SurveyResponse r, List<Answer> before, List<Answer> after) {
        journal.record(SAVED, target(r.campaignCode, r.siren), (long) r.revision, Map.of("questions", changedQuestions(before, after)));
    }

    void submitted(String code, String siren, int revision) {
        journal.record(SUBMITTED, target(code, siren), (long) revision, null);
    }

    /** The responses of a batch submitted together: their entries written in one statement. */
    void submitted(List<SubmittedResponse> submitted) {
        journal.recordAll(SUBMITTED, submitted.stream()
                .map(s -> new Journal.Change(target(s.campaign().code, s.authority().siren), (long) s.revision(), null))
                .toList());
    }

    void reopened(SurveyResponse r) {
        journal.record(REOPENED, target(r.campaignCode, r.siren), (long) r.revision, null);
    }

    /** The questions answered before or after whose answer is not the same: added, changed or removed. */
    static List<String> changedQuestions(List<Answer> before, List<Answer> after) {
        Map<String, Answer> was = byQuestion(before);
        Map<String, Answer> is = byQuestion(after);
        Set<String> questions = new LinkedHashSet<>(is.keySet());
        questions.addAll(was.keySet());
        List<String> changed = new ArrayList<>();
        for (String question : questions) {
            if (!Objects.equals(was.get(question), is.get(question))) {
                changed.add(question);
            }
        }
        return changed;
    }

    private static Map<String, Answer> byQuestion(List<Answer> answers) {
        Map<String, Answer> map = new LinkedHashMap<>();
        answers.forEach(a -> map.put(a.question(), a));
        return map;
    }
}
