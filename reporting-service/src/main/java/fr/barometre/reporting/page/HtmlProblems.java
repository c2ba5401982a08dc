package fr.barometre.reporting.page;

import fr.barometre.reporting.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Content negotiation of failures: wherever the service answers a problem document, a browser
 * ({@link Browsers#prefersHtml}) gets the same status as an HTML page instead; API clients keep
 * {@code application/problem+json} unchanged.
 */
public class HtmlProblems {

    static final MediaType HTML = MediaType.TEXT_HTML_TYPE.withCharset("UTF-8");

    @ServerResponseFilter
    public void negotiate(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getEntity() instanceof Problem problem
                && Browsers.prefersHtml(request.getHeaderString(HttpHeaders.ACCEPT), request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            response.setEntity(ErrorPages.render(problem), null, HTML);
        }
    }
}
