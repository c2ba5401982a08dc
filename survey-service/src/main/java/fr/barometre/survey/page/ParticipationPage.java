package fr.barometre.survey.page;

import fr.barometre.survey.response.ParticipationQuery;
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
 * An analyst's view of a campaign's participation against its audience, overall and by stratum:
 * the figures of {@code GET /campaigns/{code}/participation}, counted by the same query, as a chart
 * and a table.
 */
@Path(Paths.CAMPAIGNS + "/{code}/participation")
@Produces(MediaType.TEXT_HTML)
public class ParticipationPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance participation(PageChrome.Chrome chrome, ParticipationView view);
    }

    @Inject
    ParticipationQuery participation;

    @Inject
    PageChrome chrome;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.ANALYST})
    public TemplateInstance get(@PathParam("code") String code) {
        return Templates.participation(chrome.current(), ParticipationView.of(participation.of(code)));
    }
}
