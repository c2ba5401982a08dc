package fr.barometre.reporting.page;

import fr.barometre.reporting.testing.Tokens;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;

/**
 * The editions the page tests read, computed by hand:
 * <ul>
 *   <li>{@link #PREVIOUS} (published): 10 authorities of S1, every theme at level 1 except
 *       NUMERIQUE_RESPONSABLE at 3 for the first 5 (share 1/2) — the others 0.</li>
 *   <li>{@link #EDITION} (published): 6 authorities of S1 and 6 of S2. Theme i of the seven is engaged
 *       (level 3) for the first i+1 of S1 and the first i of S2 (i = 0 … 5), so the shares climb from
 *       NUMERIQUE_RESPONSABLE (1/12) to SERVICES_AGENTS (11/12); DONNEES_IA has a score for 3 authorities
 *       only: withheld from the public ("fewer than 5 authorities"). Answers: GOV-PORTAGE, NR-1, DIA-USAGE-AGENTS.</li>
 *   <li>{@link #UNPUBLISHED}: 6 authorities with LIVE facts, never published.</li>
 * </ul>
 */
final class PageFixtures {

    static final String PREVIOUS = "pg-2023";
    static final String EDITION = "pg-2025";
    static final String UNPUBLISHED = "pg-2026";
    private static boolean loaded;

    private PageFixtures() {
    }

    static synchronized void load() {
        if (loaded) {
            return;
        }
        for (int n = 1; n <= 10; n++) {
            fact(PREVIOUS, siren(71, n)).levels(n <= 5 ? 3 : 1, 1, 1, 1, 1, 1, 1).deliver();
        }
        for (int n = 1; n <= 12; n++) {
            boolean s1 = n <= 6;
            int rank = s1 ? n : n - 6;   // 1 … 6 within its stratum
            int[] levels = new int[7];
            for (int theme = 0; theme < 6; theme++) {
                int engagedUpTo = s1 ? theme + 1 : theme;
                levels[theme] = rank <= engagedUpTo ? 3 : 2;
            }
            levels[6] = n <= 3 ? 4 : -1;
            fact(EDITION, siren(72, n)).stratum(s1 ? "S1" : "S2").levels(levels)
                    .value("GOV-PORTAGE", n % 2 == 0 ? "ELUS_ET_DIRECTION_GENERALE" : "ELUS_SEULS")
                    .level("NR-1", n % 5).value("DIA-USAGE-AGENTS", "ORGANISE").deliver();
        }
        for (int n = 1; n <= 6; n++) {
            fact(UNPUBLISHED, siren(73, n)).allAt(n % 2 == 0 ? 4 : 2).deliver();
        }
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + PREVIOUS + "/publication").then().statusCode(200);
        given().auth().oauth2(Tokens.admin()).post("/barometers/" + EDITION + "/publication").then().statusCode(200);
        loaded = true;
    }
}
