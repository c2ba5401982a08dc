package fr.barometre.survey.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A neighbour the caller waits for and that is unavailable (its guard gave up after the timeout, or its
 * circuit is open) is a 503 problem with {@code Retry-After}, in every service: the failures of
 * {@code client/NeighbourGuard} reach {@link ProblemMapper} as RESTEasy Reactive hands them over, to the
 * mapper declared for the nearest type.
 */
class NeighbourUnavailableTest {

    @Test
    void anOpenCircuitIsA503WithRetryAfter() throws Exception {
        Response response = mapped(new CircuitBreakerOpenException("scoring-reads"));

        assertEquals(503, response.getStatus());
        assertEquals("5", response.getHeaderString("Retry-After"));
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        Problem problem = (Problem) response.getEntity();
        assertEquals(ProblemTypes.UNAVAILABLE, problem.type());
        assertEquals("A service this one depends on does not answer; retry later.", problem.detail());
    }

    @Test
    void aNeighbourGivenUpOnAfterItsTimeoutIsA503WithRetryAfter() throws Exception {
        Response response = mapped(new TimeoutException("no answer within 10 s"));

        assertEquals(503, response.getStatus());
        assertEquals("5", response.getHeaderString("Retry-After"));
    }

    /** The mapper method RESTEasy Reactive chooses: the one declared for the failure's nearest type. */
    private static Response mapped(Throwable failure) throws Exception {
        for (Class<?> type = failure.getClass(); type != null; type = type.getSuperclass()) {
            for (Method method : ProblemMapper.class.getMethods()) {
                if (method.isAnnotationPresent(ServerExceptionMapper.class) && method.getParameterTypes()[0] == type) {
                    return (Response) method.invoke(new ProblemMapper(), failure, (UriInfo) null);
                }
            }
        }
        throw new AssertionError("no mapper for " + failure);
    }
}
