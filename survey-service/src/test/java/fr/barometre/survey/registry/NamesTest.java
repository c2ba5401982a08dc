package fr.barometre.survey.registry;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NamesTest {

    @Test
    void accentsCaseAndSeparatorsAreIgnored() {
        assertEquals("saint etienne", Names.searchable("Saint-Étienne"));
        assertEquals("saint etienne", Names.searchable("SAINT  ETIENNE"));
        assertEquals("l abergement clemenciat", Names.searchable("L'Abergement-Clémenciat"));
        assertEquals("coeuvres et valsery", Names.searchable("Cœuvres-et-Valsery"));
    }
}
