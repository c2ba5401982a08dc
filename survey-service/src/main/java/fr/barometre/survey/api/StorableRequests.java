package fr.barometre.survey.api;

import fr.barometre.survey.problem.StorableText;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, before any endpoint is chosen, a request whose path or query carries text the database
 * cannot keep ({@link StorableText}): U+0000, an unpaired surrogate, bytes that are not UTF-8. JSON
 * bodies are checked by {@link StorableJsonBodies}; a header cannot carry U+0000 (the HTTP decoder
 * refuses the request) and its octets are ISO-8859-1, which has no surrogates.
 */
public class StorableRequests {

    @ServerRequestFilter(preMatching = true)
    public void check(HttpServerRequest request) {
        StorableText.decodeUriComponent(request.path(), "path");
        String query = request.query();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = StorableText.decodeUriComponent(eq < 0 ? pair : pair.substring(0, eq), "query");
                if (eq >= 0) {
                    StorableText.decodeUriComponent(pair.substring(eq + 1), "query parameter " + name);
                }
            }
        }
    }
}
