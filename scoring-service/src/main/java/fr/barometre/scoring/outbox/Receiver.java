package fr.barometre.scoring.outbox;

import com.fasterxml.jackson.databind.util.RawValue;

import java.util.List;

/**
 * Where this service's outbox delivers: the neighbour's batch ingest, implemented in {@code client/}
 * behind the neighbour's guard (timeout, circuit breaker). The relay calls it within its delivery span;
 * each message carries its own {@code traceparent}, which the receiver continues.
 */
public interface Receiver {

    /** The destination written in each message and in the metrics' tags (the neighbour's name). */
    String name();

    /**
     * Posts the messages in one call ({@link Batch}) and returns the receiver's status for each, in the
     * same order. Each message is the stored JSON text of an outbox row, one whole JSON value, written into
     * the body as it is. A failure of the whole call is thrown: the client's {@code WebApplicationException} for
     * an HTTP status, another exception for no answer (timeout, connection, open circuit, no token).
     */
    List<Integer> deliver(List<RawValue> messages) throws Exception;

    /** Whether a failure is the neighbour's circuit being open: the call was not made. */
    boolean circuitOpen(Throwable failure);
}
