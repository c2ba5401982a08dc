package fr.barometre.reporting.api;

import fr.barometre.reporting.problem.Problem;
import fr.barometre.reporting.problem.ProblemTypes;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** A path that no endpoint serves is a problem document too, not an HTML page. */
@ApplicationScoped
public class NotFoundRoute {

    void install(@Observes Router router) {
        router.route().order(Integer.MAX_VALUE).handler(ctx -> {
            Problem problem = new Problem(ProblemTypes.NOT_FOUND, "Not found", 404, "No resource at this path.",
                    ctx.request().path(), null);
            ctx.response().setStatusCode(404).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Json.encode(problem));
        });
    }
}
