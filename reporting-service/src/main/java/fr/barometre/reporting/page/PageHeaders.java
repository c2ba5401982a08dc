package fr.barometre.reporting.page;

import fr.barometre.reporting.security.KeycloakConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.net.URI;

/**
 * The security headers of every page (an HTML response, or the stylesheet), never of the API's JSON
 * nor of the tools under /q/ (Swagger UI):
 * a Content-Security-Policy that allows only this origin's stylesheet, images and scripts (no inline
 * style or script), forms posted here or to the sign-in, no framing; no MIME sniffing; the referrer
 * kept within the site.
 */
@ApplicationScoped
public class PageHeaders {

    static final String CSP = "Content-Security-Policy";

    @Inject
    KeycloakConfig keycloak;

    void install(@Observes Router router) {
        String policy = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; form-action 'self' "
                + origin(keycloak.url()) + "; frame-ancestors 'none'; base-uri 'none'";
        router.route().order(-200).handler(ctx -> {
            if (ctx.normalizedPath().startsWith("/q/")) {
                ctx.next();   // Swagger UI and the other tools keep their own rules (Swagger UI runs inline scripts)
                return;
            }
            ctx.addHeadersEndHandler(v -> {
                String type = ctx.response().headers().get("Content-Type");
                if (type != null && (type.startsWith("text/html") || type.startsWith("text/css"))) {
                    ctx.response().putHeader(CSP, policy)
                            .putHeader("X-Content-Type-Options", "nosniff")
                            .putHeader("Referrer-Policy", "same-origin");
                }
            });
            ctx.next();
        });
    }

    static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
