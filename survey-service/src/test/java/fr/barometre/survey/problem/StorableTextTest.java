package fr.barometre.survey.problem;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorableTextTest {

    @Test
    void nulAndUnpairedSurrogatesAreFlaws() {
        assertTrue(StorableText.flaw("ab\u0000").contains("U+0000"));
        assertTrue(StorableText.flaw("\uD800").contains("D800"));
        assertTrue(StorableText.flaw("x\uDC00y").contains("DC00"));
        assertTrue(StorableText.flaw("\uD83D\uD83D\uDE00").contains("D83D"));
    }

    @Test
    void everythingElseIsStorable() {
        assertNull(StorableText.flaw("Saint-Étienne \uD83D\uDE00 \u202Eabc e\u0301 \u0001\t\n"));
        assertNull(StorableText.flaw(""));
    }

    @Test
    void uriComponentsAreDecodedStrictlyAsUtf8() {
        assertEquals("Saint-Étienne", StorableText.decodeUriComponent("Saint-%C3%89tienne", "path"));
        assertEquals("a+b%", StorableText.decodeUriComponent("a+b%", "query"));
        for (String bad : new String[]{"%00", "a%00", "%ED%A0%80", "%C3%28", "%FF", "%C0%AF", "\u00e9"}) {
            ProblemException e = assertThrows(ProblemException.class, () -> StorableText.decodeUriComponent(bad, "path"), bad);
            assertEquals(400, e.status());
            assertEquals("path", e.errors().get(0).field());
        }
    }
}
