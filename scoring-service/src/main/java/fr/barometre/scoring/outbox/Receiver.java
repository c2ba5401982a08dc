package fr.barometre.scoring.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;

/**
 * Where this service's outbox delivers: the neighbour's ingest, implemented in {@code client/}
 * behind the neighbour's guard (timeout, circuit breaker). The relay calls it inside the trace of
 * the request that wrote the message.
 */
public interface Receiver {

    /** The destination written in each message and in the metrics' tags (the neighbour's name). */
    String name();

    /** Posts one message; a refusal or a 5xx arrives as the client's {@code WebApplicationException}. */
    Response deliver(JsonNode message) throws Exception;

    /** Whether a failure is the neighbour's circuit being open: the call was not made. */
    boolean circuitOpen(Throwable failure);
}
