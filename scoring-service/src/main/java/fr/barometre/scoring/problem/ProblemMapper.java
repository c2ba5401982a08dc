package fr.barometre.scoring.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import fr.barometre.scoring.security.KeycloakCalls;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** The one place where failures become {@code application/problem+json} responses. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response domain(ProblemException e, UriInfo uri) {
        Response response = respond(new Problem(e.type(), e.title(), e.status(), e.detail(), path(uri), e.errors()));
        if (e.status() == 503) {
            response.getHeaders().add("Retry-After", "5");   // Keycloak or a neighbour answers again soon, or the caller retries anyway
        }
        return response;
    }

    /**
     * A neighbour that did not answer within its timeout, or whose circuit is open ({@code client/NeighbourGuard}),
     * on a path where the caller waits for it: 503 with {@code Retry-After}, the caller's request was not judged.
     */
    @ServerExceptionMapper
    public Response neighbourUnavailable(FaultToleranceException e, UriInfo uri) {
        Log.warnf("A neighbour is unavailable: %s", e.toString());
        return domain(ProblemException.unavailable("A service this one depends on does not answer; retry later."), uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthorizedResponse(uri, "Authentication is required: send a bearer access token issued by the barometre realm.");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        if (KeycloakCalls.unanswered(e)) {
            Log.warnf("A bearer token could not be verified: Keycloak's key set cannot be read (%s)", e.getMessage());
            return domain(ProblemException.unavailable(
                    "The keys that verify the bearer token cannot be read from the identity provider; retry later."), uri);
        }
        return unauthorizedResponse(uri, "The bearer access token was refused (signature, issuer, audience or expiry).");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(new Problem(ProblemTypes.FORBIDDEN, "Forbidden", 403,
                "Your roles do not allow this operation.", path(uri), null));
    }

    /**
     * A request body refused by Bean Validation ({@code @Valid} on a resource method's parameter): 422 with
     * every violation at its JSON path. A violation anywhere else (on what a method returned, on an object
     * the service built) is the service's failure, not the caller's: 500.
     */
    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        if (e.getConstraintViolations().isEmpty() || !e.getConstraintViolations().stream().allMatch(ViolationPaths::onParameter)) {
            return unexpected(e, uri);
        }
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> FieldError.ofField(ViolationPaths.of(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return respond(new Problem(ProblemTypes.VALIDATION, "Validation failed", 422,
                "The request body has " + errors.size() + " problem(s): "
                        + errors.stream().map(f -> f.field().isEmpty() ? "the body itself" : f.field()).distinct()
                        .collect(Collectors.joining(", ")),
                path(uri), errors));
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e, UriInfo uri) {
        String detail;
        List<FieldError> errors = null;
        if (e instanceof UnrecognizedPropertyException u) {
            detail = "Unknown field '" + u.getPropertyName() + "'.";
            errors = List.of(FieldError.ofField(JsonPaths.of(u), "unknown field"));
        } else if (e instanceof InvalidFormatException f) {
            detail = "Field '" + JsonPaths.of(f) + "' has a value of the wrong type or format.";
            errors = List.of(FieldError.ofField(JsonPaths.of(f), "wrong type or format: " + f.getValue()));
        } else if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            detail = "Field '" + JsonPaths.of(m) + "' has a value of the wrong type.";
            errors = List.of(FieldError.ofField(JsonPaths.of(m), "wrong type"));
        } else {
            detail = "The request body is not valid JSON: " + e.getOriginalMessage();
        }
        return respond(new Problem(ProblemTypes.MALFORMED, "Malformed request body", 400, detail, path(uri), errors));
    }

    /** More specific than Quarkus' own Jackson mappers, so that these too are problem documents. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return malformed(e, uri);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        return malformed(e, uri);
    }

    @ServerExceptionMapper
    public Response unrecognizedProperty(UnrecognizedPropertyException e, UriInfo uri) {
        return malformed(e, uri);
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e, UriInfo uri) {
        return malformed(e, uri);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            Log.error("Request failed", e);
            return respond(internal(uri));
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformed(json, uri);
        }
        Response.Status info = Response.Status.fromStatusCode(status);
        String title = info == null ? "HTTP " + status : info.getReasonPhrase();
        Problem problem = new Problem(ProblemTypes.HTTP, title, status, detailFor(status, e), path(uri), null);
        Response.ResponseBuilder builder = Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            builder.header(HttpHeaders.ALLOW, allow);
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        Log.error("Unexpected failure", e);
        return respond(internal(uri));
    }

    private static Problem internal(UriInfo uri) {
        return new Problem(ProblemTypes.INTERNAL, "Internal error", 500,
                "The service failed to handle the request; it has been logged.", path(uri), null);
    }

    private static String detailFor(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> "No resource at this path.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "The service cannot answer in the media type asked for in Accept; it answers application/json.";
            case 415 -> "Unsupported Content-Type: send application/json.";
            default -> e.getMessage();
        };
    }

    private static Response unauthorizedResponse(UriInfo uri, String detail) {
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"barometre\"")
                .entity(new Problem(ProblemTypes.UNAUTHORIZED, "Unauthorized", 401, detail, path(uri), null))
                .build();
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getRequestUri().getRawPath();
    }
}
