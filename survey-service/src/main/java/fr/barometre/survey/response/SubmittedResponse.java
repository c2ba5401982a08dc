package fr.barometre.survey.response;

import fr.barometre.survey.campaign.Campaign;
import fr.barometre.survey.questionnaire.Questionnaire;
import fr.barometre.survey.registry.Collectivity;

import java.time.Instant;
import java.util.List;

/** A revision just submitted: the campaign and authority it answers, as they stand, with every answer given. */
public record SubmittedResponse(Campaign campaign, Collectivity authority, Questionnaire questionnaire,
                                int revision, Instant submittedAt, List<Answer> answers) {
}
