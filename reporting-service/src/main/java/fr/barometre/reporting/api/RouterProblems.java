package fr.barometre.reporting.api;

import fr.barometre.reporting.problem.Problem;
import fr.barometre.reporting.problem.ProblemTypes;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What the HTTP layer refuses before any endpoint runs is a problem document too: a body announced
 * beyond {@code quarkus.http.limits.max-body-size} (413, before Quarkus' own check, which answers with
 * an empty body), and any other request the router fails with a 4xx (a malformed path, a body that
 * grows beyond the limit while it is read). Requests that are not HTTP at all (a target that is not a URI,
 * a request line or headers beyond their limits) are refused by the HTTP layer before any route, with a
 * bare status.
 */
@ApplicationScoped
public class RouterProblems {

    /** Just before Quarkus' own body-size check ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}, -2). */
    static final int BEFORE_UPLOAD_LIMIT = -3;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        BodyHandler chunkedBodies = BodyHandler.create(false).setBodyLimit(limit);
        router.route().order(BEFORE_UPLOAD_LIMIT).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && isBeyond(length, limit)) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                tooLarge(ctx, limit);
            } else if (length == null && ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null && !isMultipart(ctx)) {
                // a body of unannounced length is read here, within the limit, so that going beyond it is a 413 problem
                chunkedBodies.handle(ctx);
            } else {
                ctx.next();
            }
        });
        router.route().order(BEFORE_UPLOAD_LIMIT).failureHandler(ctx -> {
            int status = ctx.statusCode();
            if (status >= 400 && status < 500 && !ctx.response().headWritten()) {
                if (status == 413) {
                    tooLarge(ctx, limit);
                } else {
                    end(ctx, status, ProblemTypes.BAD_REQUEST, "Bad request", "The request cannot be read as HTTP.");
                }
            } else {
                ctx.next();
            }
        });
    }

    private static void tooLarge(RoutingContext ctx, long limit) {
        end(ctx, 413, ProblemTypes.TOO_LARGE, "Request too large",
                "The request body is larger than " + limit + " bytes, the most this service takes.");
    }

    private static boolean isMultipart(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.toLowerCase().startsWith("multipart/");
    }

    private static boolean isBeyond(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;   // the HTTP decoder refuses it
        }
    }

    private static void end(RoutingContext ctx, int status, String type, String title, String detail) {
        Problem problem = new Problem(type, title, status, detail, ctx.request().path(), null);
        ctx.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(Json.encode(problem));
    }
}
