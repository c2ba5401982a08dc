package fr.barometre.survey.api;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every request has an id, journaled with the changes it makes and answered in {@code X-Request-Id}: the
 * caller's own, when it sent a short one of letters, digits, '.', '_' and '-', so that a partner can find
 * its call in the journal; otherwise a new one (an id of any other shape is never stored nor echoed).
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    /** Where the id is kept in the request's routing context. */
    public static final String KEY = "barometre.request-id";

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            String given = ctx.request().getHeader(HEADER);
            String id = given != null && ACCEPTED.matcher(given).matches() ? given : UUID.randomUUID().toString();
            ctx.put(KEY, id);
            ctx.response().putHeader(HEADER, id);
            ctx.next();
        });
    }
}
