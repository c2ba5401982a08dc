package fr.barometre.survey.page;

import fr.barometre.survey.client.ResultsSources;
import fr.barometre.survey.response.ResponseService;
import fr.barometre.survey.response.ResponseStatus;
import fr.barometre.survey.security.Caller;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;


/**
 * "Vos résultats": an authority's results in a campaign, once its response is submitted. The
 * assessment and the position among peers are read from scoring- and reporting-service with the
 * signed-in person's own access token at every load, so a reload shows what has been computed
 * since, and each of those services applies its own access rules. Whose results: the respondent's
 * own authority, or (admins, analysts, partners) the one named by {@code ?collectivite=}, decided
 * exactly as for the API: 404 outside the person's reach, for a campaign not inviting the authority
 * or still in draft.
 */
@Path(Paths.RESPONSES + "/{campaign}/resultats")
@Produces(MediaType.TEXT_HTML)
@Authenticated
public class ResultsPage {


    @CheckedTemplate
    static class Templates {
        static native TemplateInstance results(PageChrome.Chrome chrome, ResultsView view, String responsePath);

        static native TemplateInstance notSubmitted(PageChrome.Chrome chrome, String campaign, String authorityName, String responsePath);
    }

    @Inject
    Caller caller;

    @Inject
    ResponseService responses;

    @Inject
    ResultsSources sources;

    @Inject
    PageChrome chrome;

    @GET
    public TemplateInstance get(@PathParam("campaign") String campaign, @QueryParam(ResponsePages.COLLECTIVITY_PARAM) String collectivity) {
        String siren = ResponsePages.authorityOf(caller, collectivity);
        ResponseService.Opened opened = responses.open(campaign, siren);
        String responsePath = Paths.RESPONSES + "/" + campaign + ResponsePages.collectivityQuery(collectivity, siren);
        boolean submitted = opened.saved().map(s -> s.response().status() == ResponseStatus.SUBMITTED).orElse(false);
        if (!submitted) {
            return Templates.notSubmitted(chrome.current(), campaign, opened.authority().name, responsePath);
        }
        return Templates.results(chrome.current(),
                ResultsView.of(campaign, opened.authority().name, siren, opened.questionnaire(), sources.read(campaign, siren)),
                responsePath);
    }
}
