package fr.barometre.reporting.page;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SVG charts: a bar per figure shown, its value written beside it; a withheld figure is words, never a bar. */
class ChartsTest {

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aBarPerFigureShownAndTheMentionForAWithheldOne() {
        String svg = Charts.bars("g", "Titre <&>", List.of(new Charts.Group(null, List.of(
                Charts.Bar.of("Cybersécurité", new BigDecimal("0.3500"), null, Map.of("theme", "CYBERSECURITE")),
                Charts.Bar.of("Données et IA", null, "fewer than 5 authorities", Map.of("theme", "DONNEES_IA")))))).toString();
        assertEquals(1, count(svg, "data-theme="));
        assertTrue(svg.contains("data-theme=\"CYBERSECURITE\""));
        assertFalse(svg.contains("DONNEES_IA"));
        assertTrue(svg.contains(">35,0\u00a0%</text>"), "the value written beside its bar");
        assertTrue(svg.contains(">secret statistique</text>"));
        assertTrue(svg.contains("role=\"img\"") && svg.contains("<title id=\"g-titre\">Titre &lt;&amp;&gt;</title>"), "named, escaped");
        // 0.35 of the 340 px scale
        assertTrue(svg.contains("width=\"119\""), svg);
    }

    @Test
    void stackedLevelsAreNumberedNotOnlyColoured() {
        String svg = Charts.stacks("n", "Niveaux", List.of(new Charts.Stack("NR-1 item", new long[] {2, 3, 3, 2, 2}, Map.of("question", "NR-1"))))
                .toString();
        assertEquals(5, count(svg, "data-niveau="));
        for (int level = 0; level <= 4; level++) {
            assertTrue(svg.contains(">niveau " + level + "</text>"), "legend " + level);
        }
    }
}
