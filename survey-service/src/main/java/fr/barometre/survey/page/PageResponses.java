package fr.barometre.survey.page;

import fr.barometre.survey.security.KeycloakConfig;
import fr.barometre.survey.problem.Problem;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.net.URI;
import java.util.List;

/**
 * What every page response carries, decided in one place: a browser gets an HTML error page in French
 * wherever an API client gets a problem document, and every HTML response gets the security headers
 * (never the API's JSON).
 */
public class PageResponses {

    static final String HTML = MediaType.TEXT_HTML + ";charset=UTF-8";

    @Inject
    KeycloakConfig keycloak;

    @ServerResponseFilter
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        boolean page = Paths.isPage(request.getUriInfo().getPath());
        if (response.getEntity() instanceof Problem problem && (page || prefersHtml(request))) {
            response.setEntity(errorPage(status, problem.detail()), null, MediaType.valueOf(HTML));
        } else if (page && status == 400 && !response.hasEntity()) {
            // a form refused before any page ran (its CSRF token missing or wrong)
            response.setEntity(errorPage(status, null), null, MediaType.valueOf(HTML));
        }
        MediaType type = response.getMediaType();
        if (type != null && type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
            securityHeaders(response);
        }
    }

    private String errorPage(int status, String detail) {
        ErrorText text = ErrorText.of(status);
        TemplateInstance page = Templates.error(new PageChrome.Chrome(null), text.title(), text.explanation(), status);
        return page.render();
    }

    private void securityHeaders(ContainerResponseContext response) {
        var headers = response.getHeaders();
        headers.putSingle("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
                + "form-action 'self' " + origin(keycloak.url()) + "; frame-ancestors 'none'; base-uri 'none'");
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Referrer-Policy", "same-origin");
    }

    /**
     * A browser: no Authorization header (API clients send one) and an Accept that prefers HTML to
     * JSON, as browsers' navigations do.
     */
    static boolean prefersHtml(ContainerRequestContext request) {
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) != null) {
            return false;
        }
        List<MediaType> accepted = request.getAcceptableMediaTypes();
        for (MediaType type : accepted) {
            if (type.isWildcardType()) {
                return false;
            }
            if ("text".equals(type.getType()) && "html".equals(type.getSubtype())) {
                return true;
            }
            if (type.getSubtype().endsWith("json")) {
                return false;
            }
        }
        return false;
    }

    static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getAuthority();
    }
}
