package fr.barometre.scoring.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.RawValue;

import java.util.List;

/**
 * The wire shape of a batched delivery: the request {@code {"messages": [...]}}, each message the single
 * ingest's body, and the answer {@code {"results": [{"status": 200}, {"status": 422, "problem": {...}}, ...]}},
 * exactly one result per message, in the same order. The messages are written as they are
 * ({@link RawValue}: Jackson's {@code writeRawValue}), each the stored text of a jsonb payload, so one whole
 * JSON value: sending a message costs no parsing and no writing it again.
 */
public record Batch(List<RawValue> messages) {

    /** The most messages one call may carry (the receivers' {@code BATCH_MAX}). */
    public static final int MAX = 500;

    /** The receiver's answer to a batch. */
    public record Results(List<Result> results) {

        /** Each message's status, in order; an answer that does not give one per message is a failure of the call. */
        public List<Integer> statuses(int sent) {
            if (results == null || results.size() != sent) {
                throw new IllegalStateException("The receiver answered " + (results == null ? "no" : results.size())
                        + " results for " + sent + " messages");
            }
            return results.stream().map(Result::status).toList();
        }
    }

    /** One message's outcome: its status, and for a refusal the RFC 9457 problem saying why. */
    public record Result(int status, JsonNode problem) {
    }
}
