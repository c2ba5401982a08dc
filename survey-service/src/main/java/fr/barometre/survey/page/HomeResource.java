package fr.barometre.survey.page;

import fr.barometre.survey.campaign.CampaignService;
import fr.barometre.survey.campaign.CampaignStatus;
import fr.barometre.survey.campaign.CampaignView;
import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.response.ResponseService;
import fr.barometre.survey.security.Caller;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The home page: the campaigns open to the signed-in person's authority and where its response stands. */
@Path(Paths.HOME)
@Produces(MediaType.TEXT_HTML)
@Authenticated
public class HomeResource {

    /** One campaign of the list: its state for the authority (not started, draft with n of m required answers, submitted). */
    public record CampaignRow(String code, String title, String campaignStatus, String state, String progress, String href,
                              String participationHref) {
    }

    @Inject
    Caller caller;

    @Inject
    CampaignService campaigns;

    @Inject
    ResponseService responses;

    @Inject
    PageChrome chrome;

    @GET
    public TemplateInstance home() {
        String siren = caller.isRespondent() ? caller.collectivity() : null;
        String authorityName = null;
        List<CampaignRow> rows = new ArrayList<>();
        for (CampaignView c : campaigns.list()) {
            String title = c.title() == null || c.title().isBlank() ? "Campagne " + c.code() : c.title();
            String participation = caller.seesEverything() ? Paths.CAMPAIGNS + "/" + c.code() + "/participation" : null;
            if (siren == null) {
                rows.add(new CampaignRow(c.code(), title, statusText(c.status()), null, null, null, participation));
                continue;
            }
            ResponseService.Opened opened;
            try {
                opened = responses.open(c.code(), siren);
            } catch (ProblemException e) {
                continue;   // a campaign not inviting the authority
            }
            authorityName = opened.authority().name;
            ResponseForm form = ResponseForm.of(opened, "", ResponsePages.stored(opened), Map.of());
            String progress = form.draft() ? form.answered() + " sur " + form.required() + " réponses obligatoires" : null;
            rows.add(new CampaignRow(c.code(), title, statusText(c.status()), form.stateText(), progress, form.path(), null));
        }
        return Templates.home(chrome.current(), authorityName, rows, siren != null);
    }

    static String statusText(CampaignStatus status) {
        return switch (status) {
            case DRAFT -> "En préparation";
            case OPEN -> "Ouverte";
            case CLOSED -> "Fermée";
        };
    }
}
