package fr.barometre.survey.response;

import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.problem.ProblemTypes;
import io.quarkus.logging.Log;
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
 *
 * <p>A permit held by a body that does not arrive would keep every other caller's batches waiting (a client
 * sending a byte now and then would hold one for as long as the connection stays open): a batch whose body
 * has not been read whole within {@code survey.batch.body-deadline} of taking its permit has its connection
 * closed, which gives the permit back, and nothing of it is stored. The permits go to the batches waiting in
 * the order they came, so a slow sender coming back takes its turn behind them.
 */
@Provider
public class BatchAdmission implements ReaderInterceptor {

    private final Semaphore permits;
    private final Duration wait;
    private volatile Duration bodyDeadline;

    @Inject
    CurrentVertxRequest current;

    @Inject
    public BatchAdmission(@ConfigProperty(name = "survey.batch.concurrency", defaultValue = "2") int concurrency,
                          @ConfigProperty(name = "survey.batch.admission-wait", defaultValue = "60s") Duration wait,
                          @ConfigProperty(name = "survey.batch.body-deadline", defaultValue = "60s") Duration bodyDeadline) {
        this.permits = new Semaphore(concurrency, true);
        this.wait = wait;
        this.bodyDeadline = bodyDeadline;
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
        AtomicBoolean read = new AtomicBoolean();
        AtomicBoolean cutOff = new AtomicBoolean();
        Duration allowed = bodyDeadline;
        long deadline = request.vertx().setTimer(allowed.toMillis(), id -> {
            if (!read.get()) {
                cutOff.set(true);
                Log.warnf("A batch body to %s was not received within %s: its connection is closed and its permit given back",
                        request.normalizedPath(), allowed);
                request.request().connection().close();
                release.run();
            }
        });
        try {
            return context.proceed();
        } catch (IOException e) {
            if (cutOff.get()) {   // the read ended by the deadline: a client's fault, answered (if it can be) as such
                throw new ProblemException(408, ProblemTypes.HTTP, "Request Timeout",
                        "The batch's body did not arrive within " + allowed.toSeconds() + " s", null);
            }
            throw e;
        } finally {
            read.set(true);
            request.vertx().cancelTimer(deadline);
        }
    }

    private boolean acquire() {
        try {
            return permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sets how long a batch's body may take to arrive once it holds a permit (for tests). */
    void bodyDeadline(Duration deadline) {
        this.bodyDeadline = deadline;
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
