package fr.barometre.survey.registry;

/** The networks of authorities that run barometer editions. */
public enum Network {
    INTERCONNECTES, INTERCOMMUNALITES_DE_FRANCE, FRANCE_URBAINE
}
