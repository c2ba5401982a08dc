package fr.barometre.survey.page;

import fr.barometre.survey.campaign.CampaignService;
import fr.barometre.survey.client.ResultsSources;
import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.questionnaire.Questionnaire;
import fr.barometre.survey.registry.Collectivity;
import fr.barometre.survey.registry.CollectivityRepository;
import fr.barometre.survey.response.ResponseService;
import fr.barometre.survey.response.ResponseStatus;
import fr.barometre.survey.response.ResponseView;
import fr.barometre.survey.security.Caller;
import fr.barometre.survey.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * "Vos résultats": a respondent's own authority's results in a campaign, once its response is
 * submitted. The assessment and the position among peers are read from scoring- and
 * reporting-service with the respondent's own access token, at every load (so a reload shows what
 * has been computed since). The campaign must invite the respondent's authority, exactly as for
 * the API: otherwise 404.
 */
@Path("/reponses/{campaign}/resultats")
@Produces(MediaType.TEXT_HTML)
public class ResultsPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance results(ResultsView view);

        static native TemplateInstance notSubmitted(String campaign, String authorityName);
    }

    @Inject
    Caller caller;

    @Inject
    ResponseService responses;

    @Inject
    CampaignService campaigns;

    @Inject
    CollectivityRepository collectivities;

    @Inject
    ResultsSources sources;

    @GET
    @RolesAllowed(Roles.RESPONDENT)
    public TemplateInstance get(@PathParam("campaign") String campaign) {
        String siren = caller.collectivity();
        if (siren == null) {
            throw ProblemException.notFound("No authority in the caller's token");
        }
        // The API's own access rules: an authority not invited, or a campaign still in draft, is 404.
        ResponseView response = responses.get(campaign, siren).map(ResponseService.Saved::response).orElse(null);
        String name = collectivities.findByIdOptional(siren).map(c -> c.name).orElse(siren);
        if (response == null || response.status() != ResponseStatus.SUBMITTED) {
            return Templates.notSubmitted(campaign, name);
        }
        Questionnaire questionnaire = campaigns.questionnaire(campaign)
                .orElseThrow(() -> ProblemException.notFound("No campaign " + campaign));
        return Templates.results(ResultsView.of(campaign, name, siren, questionnaire, sources.read(campaign, siren)));
    }
}
