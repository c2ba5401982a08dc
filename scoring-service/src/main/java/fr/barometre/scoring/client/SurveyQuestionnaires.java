package fr.barometre.scoring.client;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.scoring.problem.ProblemException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;

/**
 * Questionnaire documents read from survey-service ({@link SurveyQuestionnaireClient}) behind the
 * neighbour's {@link NeighbourGuard} (circuit {@code survey-questionnaire}), on the request paths of
 * the ingest and the previews: bounded by {@code quarkus.rest-client.survey.read-timeout}, and
 * refused at once without a call while the circuit is open. A survey-service that cannot answer —
 * slow, unreachable, a 5xx, an open circuit, or a version it does not know yet — is a 503 for the
 * caller ({@link ProblemException#unavailable}, with {@code Retry-After}), so that a sender retries.
 */
@ApplicationScoped
public class SurveyQuestionnaires {

    private SurveyQuestionnaireClient survey;
    private NeighbourGuard guard;

    @Inject
    SurveyQuestionnaires(@RestClient SurveyQuestionnaireClient survey, NeighbourConfig config,
            @ConfigProperty(name = "quarkus.rest-client.survey.read-timeout") long readTimeoutMillis) {
        this.survey = survey;
        this.guard = new NeighbourGuard("survey-questionnaire", "survey-service (questionnaires)", Duration.ofMillis(readTimeoutMillis), config);
    }

    /**
     * The questionnaire document of a campaign at a version, or its current frozen one when
     * {@code version} is null (a 404 then: no opened campaign of that code).
     */
    public JsonNode questionnaire(String campaign, String version) {
        try {
            return guard.call(() -> survey.questionnaire(campaign, version), JsonNode.class);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 404 && version == null) {
                throw ProblemException.notFound("No opened campaign " + campaign);
            }
            Log.warnf("survey-service answered %d for the questionnaire of %s %s", status, campaign, version);
            throw ProblemException.unavailable("The questionnaire of campaign " + campaign + " (" + version
                    + ") cannot be read from survey-service yet (HTTP " + status + "); retry later");
        } catch (Exception e) {
            boolean open = NeighbourGuard.circuitOpen(e);
            Log.warnf("survey-service %s for the questionnaire of %s %s: %s", open ? "not called (circuit open)" : "unreachable",
                    campaign, version, e.getMessage());
            throw ProblemException.unavailable("survey-service cannot be reached for the questionnaire of campaign "
                    + campaign + "; retry later");
        }
    }
}
