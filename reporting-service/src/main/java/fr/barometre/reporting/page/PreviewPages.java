package fr.barometre.reporting.page;

import fr.barometre.reporting.figures.Filters;
import fr.barometre.reporting.security.Caller;
import fr.barometre.reporting.security.Roles;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The same pages over an edition's LIVE figures, before it is published, for analysts and admins
 * signed in through the {@code web} tenant (authorization code flow with PKCE; an anonymous visitor
 * is sent to the sign-in, which {@code quarkus.http.auth.permission.preview} asks for). Every other
 * role gets a 403 page. Each page carries the banner "aperçu — non publié".
 */
@Path("/apercu/editions/{code}")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ANALYST, Roles.ADMIN})
public class PreviewPages {

    @Inject
    EditionPages pages;

    @Inject
    Caller caller;

    @GET
    public String edition(@PathParam("code") String code, @QueryParam("stratum") String stratum, @QueryParam("kind") String kind,
                                    @QueryParam("network") String network, @QueryParam("region") String region) {
        return pages.editionPage(code, new Filters(stratum, kind, network, region), place());
    }

    @GET
    @Path("themes/{theme}")
    public TemplateInstance theme(@PathParam("code") String code, @PathParam("theme") String theme, @QueryParam("stratum") String stratum,
                                  @QueryParam("kind") String kind, @QueryParam("network") String network, @QueryParam("region") String region) {
        return Templates.theme(pages.theme(code, theme, new Filters(stratum, kind, network, region), place()));
    }

    private EditionPages.Place place() {
        return new EditionPages.Place(true, caller.name());
    }
}
