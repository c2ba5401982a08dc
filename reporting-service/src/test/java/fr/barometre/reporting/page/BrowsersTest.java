package fr.barometre.reporting.page;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who gets an HTML error page: a browser's Accept ranks text/html above JSON, and it sends no Authorization. */
class BrowsersTest {

    @Test
    void browsersAskForHtmlFirst() {
        assertTrue(Browsers.prefersHtml("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", null));   // Chromium, Firefox
        assertTrue(Browsers.prefersHtml("text/html", null));
        assertTrue(Browsers.prefersHtml("application/json;q=0.5, text/html", ""));
        assertTrue(Browsers.prefersHtml("text/*, application/json;q=0.9", null));
    }

    @Test
    void apiClientsDoNot() {
        assertFalse(Browsers.prefersHtml(null, null), "no Accept (curl without -H, most clients)");
        assertFalse(Browsers.prefersHtml("*/*", null));
        assertFalse(Browsers.prefersHtml("application/json", null));
        assertFalse(Browsers.prefersHtml("application/json, text/html;q=0.5", null));
        assertFalse(Browsers.prefersHtml("text/html;q=0.5, application/problem+json", null));
        assertFalse(Browsers.prefersHtml("text/html, application/json", null), "a tie goes to the API");
        assertFalse(Browsers.prefersHtml("text/html;q=0, */*", null), "text/html refused");
        assertFalse(Browsers.prefersHtml("text/html", "Bearer eyJ..."), "a bearer token marks an API client");
    }
}
