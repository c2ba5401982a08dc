package fr.barometre.reporting.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * What takes in the facts that arrive, whether delivered ({@link FactIngestResource}, one fact;
 * {@link FactBatchResource}, many) or read from scoring-service's feed (the catch-up): the read
 * model's keeper, fact/FactService. An interface here so that the message and its endpoints depend
 * on nothing of the read model.
 */
public interface FactIntake {

    /**
     * Checks a fact against its constraints and the barometer's rules, all problems answered in one
     * 422, and drops its TEXT answers (the questionnaire says which); a 503 when the questionnaire
     * cannot be read from survey-service.
     */
    Fact prepare(Fact fact);

    /** Keeps a prepared fact in the caller's transaction. */
    IngestReceipt apply(Fact fact);

    /** Prepares a delivered fact, then keeps it in a transaction of its own. */
    IngestReceipt ingest(Fact fact);

    /**
     * Reads each message as a fact and prepares it, outside any transaction, each within a span named
     * {@code spanName}, the child of the message's own {@code traceparent}; each questionnaire is
     * asked for once. A message that is not a fact, or breaks a rule, is refused alone (422), as is
     * one whose questionnaire cannot be read now (503). The caller closes the arrivals.
     */
    Arrivals arrive(List<JsonNode> messages, String spanName);

    /** Keeps the facts of the arrivals that are ready, together, in the caller's transaction. */
    void keep(Arrivals arrivals);

    /**
     * The keys, of those given ({@code campaign}, {@code siren}, {@code assessmentVersion}: a feed page's keys, or
     * its facts), whose version the read model holds neither as such nor as a newer one, in their order: one read,
     * nothing checked nor locked. A key that does not name a fact (a field missing or of another type) is not held:
     * its page is read whole, and its fact refused there as a delivery would be.
     */
    List<JsonNode> notHeld(List<JsonNode> keys);

    /** Facts delivered together: {@link #arrive}, then {@link #keep} in one transaction of their own. */
    Arrivals ingestAll(List<JsonNode> messages, String spanName);
}
