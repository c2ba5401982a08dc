package fr.barometre.survey.response;

/**
 * Where a submitted revision goes once stored, inside the submission's transaction: the outgoing
 * message for scoring-service and the feed (implemented in {@code feed/}, which owns that message).
 */
public interface SubmissionPublisher {

    void publish(SubmittedResponse submitted);

    /** Many revisions submitted in one transaction (a batch): written set-based, in this order. */
    void publishAll(java.util.List<SubmittedResponse> submitted);
}
