package fr.barometre.scoring.catchup;

import fr.barometre.scoring.assessment.SubmissionMessage;

import java.util.List;

/** A page of survey-service's submission feed. */
public record SubmissionFeedPage(List<SubmissionMessage> items, String nextCursor) {
}
