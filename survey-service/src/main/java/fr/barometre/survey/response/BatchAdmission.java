package fr.barometre.survey.response;

import fr.barometre.survey.problem.ProblemException;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds how many batches survey-service holds at once. A batch of 1,000 complete responses is 15–16 MB on the
 * wire and more as objects while it is checked and written; four at once were the largest part of the heap. A
 * batch takes a permit before its body is read (its bytes wait in the connection meanwhile, not in the heap) and
 * gives it back once its response is sent. A batch beyond the bound waits, in the order they came (a client sees
 * no error at normal load: one batch's time at most); one that could not start within
 * {@code survey.batch.admission-wait} is answered 503 with {@code Retry-After}, nothing of it stored.
 */
@Provider
public class BatchAdmission implements ReaderInterceptor {

    private final Semaphore permits;
    private final Duration wait;

    @Inject
    CurrentVertxRequest current;

    @Inject
    public BatchAdmission(@ConfigProperty(name = "survey.batch.concurrency", defaultValue = "2") int concurrency,
                          @ConfigProperty(name = "survey.batch.admission-wait", defaultValue = "60s") Duration wait) {
        this.permits = new Semaphore(concurrency, true);
        this.wait = wait;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getType() != BatchRequest.class) {
            return context.proceed();
        }
        RoutingContext request = current.getCurrent();
        if (!acquire()) {
            throw ProblemException.unavailable("Too many batches are being taken at once: send this one again later");
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        };
        try {
            request.addEndHandler(ended -> release.run());   // the response sent, or the connection closed
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        return context.proceed();
    }

    private boolean acquire() {
        try {
            return permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Batches that may start now (for tests and the bench's figures). */
    int available() {
        return permits.availablePermits();
    }

    /** Takes every permit for a test, as batches in progress would; {@link #release(int)} gives them back. */
    int takeAll() {
        return permits.drainPermits();
    }

    void release(int n) {
        permits.release(n);
    }
}
