package fr.barometre.reporting.ingest;

/**
 * What takes in the facts that arrive, whether delivered ({@link FactIngestResource}) or read from
 * scoring-service's feed (the catch-up): the read model's keeper, fact/FactService. An interface
 * here so that the message and its endpoint depend on nothing of the read model.
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
}
