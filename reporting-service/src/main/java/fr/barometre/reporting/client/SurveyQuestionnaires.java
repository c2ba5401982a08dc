package fr.barometre.reporting.client;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.reporting.problem.ProblemException;
import io.quarkus.logging.Log;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;

/**
 * The reads of survey-service's frozen questionnaires ({@link SurveyQuestionnaireClient}), behind the
 * neighbour's {@link NeighbourGuard} (circuit {@code survey-questionnaire}): bounded by
 * {@code quarkus.rest-client.survey.read-timeout}, and refused at once without a call while the
 * circuit is open. A questionnaire that cannot be read is a 503 {@link ProblemException}: the
 * caller of a request (a delivery, a preview) gets it with {@code Retry-After}, the catch-up stops
 * its round.
 */
@ApplicationScoped
public class SurveyQuestionnaires {

    @Inject
    @RestClient
    SurveyQuestionnaireClient survey;

    @Inject
    NeighbourConfig config;

    @ConfigProperty(name = "quarkus.rest-client.survey.read-timeout")
    long readTimeoutMillis;

    private NeighbourGuard guard;

    @PostConstruct
    void guard() {
        guard = new NeighbourGuard("survey-questionnaire", "survey-service (questionnaires)", Duration.ofMillis(readTimeoutMillis), config);
    }

    /**
     * The questionnaire of a campaign at a version; version null: its current frozen one, a 404 when
     * the campaign has none opened. Anything else that is not the document is a 503.
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
            String why = NeighbourGuard.circuitOpen(e) ? "its circuit is open" : e.toString();
            Log.warnf("survey-service unreachable for the questionnaire of %s %s: %s", campaign, version, why);
            throw ProblemException.unavailable("survey-service cannot be reached for the questionnaire of campaign "
                    + campaign + "; retry later");
        }
    }
}
