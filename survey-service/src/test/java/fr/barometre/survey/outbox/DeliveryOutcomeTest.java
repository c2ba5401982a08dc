package fr.barometre.survey.outbox;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DeliveryOutcomeTest {

    @ParameterizedTest(name = "HTTP {0} → {1}")
    @CsvSource({
            "200, DELIVERED", "201, DELIVERED", "204, DELIVERED",
            "400, REFUSED", "403, REFUSED", "404, REFUSED", "409, REFUSED", "422, REFUSED",
            "401, RETRY", "408, RETRY", "429, RETRY",
            "500, RETRY", "502, RETRY", "503, RETRY", "504, RETRY"})
    void permanentRefusalsAreOnlyTheOther4xx(int status, DeliveryOutcome expected) {
        assertEquals(expected, DeliveryOutcome.ofStatus(status));
    }
}
