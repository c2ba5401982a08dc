package fr.barometre.scoring.api;

import fr.barometre.scoring.problem.StorableText;
import io.vertx.core.http.HttpServerRequest;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, before any endpoint is chosen, a request whose path, query or headers carry text the
 * database cannot keep ({@link StorableText}): U+0000, an unpaired surrogate, bytes that are not
 * UTF-8. JSON bodies are checked by {@link StorableJsonBodies}.
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
        request.headers().forEach(header -> StorableText.require(header.getValue(), "header " + header.getKey()));
    }
}
