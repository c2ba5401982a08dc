package fr.barometre.survey.response;

/** DRAFT while being filled, SUBMITTED once validated. */
public enum ResponseStatus {
    DRAFT, SUBMITTED
}
