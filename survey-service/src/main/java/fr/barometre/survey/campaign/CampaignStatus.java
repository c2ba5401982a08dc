package fr.barometre.survey.campaign;

/** DRAFT → OPEN → CLOSED. Only an OPEN campaign takes responses. */
public enum CampaignStatus {
    DRAFT, OPEN, CLOSED
}
