package fr.barometre.reporting.page;

import fr.barometre.reporting.figures.Filters;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The published barometer for people: the editions, an edition's report, a theme's items. They read
 * only published snapshots, as the JSON API gives them to their caller (a browser is anonymous here:
 * these paths belong to the bearer tenant, which ignores the preview's session cookie).
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class PublicPages {

    private static final EditionPages.Place PUBLIC = new EditionPages.Place(false, null);

    @Inject
    EditionPages pages;

    @GET
    public TemplateInstance home() {
        return Templates.home(pages.home());
    }

    @GET
    @Path("editions/{code}")
    public String edition(@PathParam("code") String code, @QueryParam("stratum") String stratum, @QueryParam("kind") String kind,
                                    @QueryParam("network") String network, @QueryParam("region") String region) {
        return pages.editionPage(code, new Filters(stratum, kind, network, region), PUBLIC);
    }

    @GET
    @Path("editions/{code}/themes/{theme}")
    public TemplateInstance theme(@PathParam("code") String code, @PathParam("theme") String theme, @QueryParam("stratum") String stratum,
                                  @QueryParam("kind") String kind, @QueryParam("network") String network, @QueryParam("region") String region) {
        return Templates.theme(pages.theme(code, theme, new Filters(stratum, kind, network, region), PUBLIC));
    }
}
