package fr.barometre.survey.registry;

/** The kind of a local authority, as the design names them. */
public enum CollectivityKind {
    COMMUNE, EPCI_CC, EPCI_CA, EPCI_CU, METROPOLE, DEPARTEMENT, REGION, OTHER
}
