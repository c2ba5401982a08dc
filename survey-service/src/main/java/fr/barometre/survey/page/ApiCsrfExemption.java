package fr.barometre.survey.page;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The CSRF check protects what a browser sends by itself with its session cookie: the pages' forms.
 * An API call authenticates with an {@code Authorization} header, which no other site can make a
 * browser send; quarkus-rest-csrf still checks every form or multipart body (such as the registry
 * import), so such a call gets a matching one-time token pair here and goes on as before. Off the
 * pages no CSRF cookie is handed out either: the API answers exactly as it did.
 */
@ApplicationScoped
public class ApiCsrfExemption {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** Before authentication and the REST layer. */
    private static final int PRIORITY = 100;

    @ConfigProperty(name = "quarkus.rest-csrf.token-header-name", defaultValue = "X-CSRF-TOKEN")
    String headerName;

    @ConfigProperty(name = "quarkus.rest-csrf.cookie-name", defaultValue = "csrf-token")
    String cookieName;

    @ConfigProperty(name = "quarkus.rest-csrf.token-size", defaultValue = "16")
    int tokenSize;

    void register(@Observes Filters filters) {
        filters.register(ctx -> {
            HttpServerRequest request = ctx.request();
            if (!Paths.isPage(request.path())) {
                if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
                    byte[] bytes = new byte[tokenSize];
                    RANDOM.nextBytes(bytes);
                    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                    request.headers().set(headerName, token);
                    String cookies = request.getHeader(HttpHeaders.COOKIE);
                    request.headers().set(HttpHeaders.COOKIE, (cookies == null ? "" : cookies + "; ") + cookieName + "=" + token);
                }
                // no form is served off the pages: the API's answers stay as they were, without a CSRF cookie
                ctx.addHeadersEndHandler(end -> ctx.response().removeCookie(cookieName, false));
            }
            ctx.next();
        }, PRIORITY);
    }
}
