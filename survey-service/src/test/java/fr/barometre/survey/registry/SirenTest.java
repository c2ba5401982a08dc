package fr.barometre.survey.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SirenTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "216901231", // Lyon
            "243500139", // Rennes Métropole
            "200046977", // Métropole de Lyon
            "210100012", // L'Abergement-Clémenciat
    })
    void realSirensAreValid(String siren) {
        assertTrue(Siren.isValid(siren));
    }

    @Test
    void laPosteIsValid() {
        assertTrue(Siren.isValid("356000000"));
    }

    @Test
    void aWrongCheckDigitIsInvalid() {
        assertFalse(Siren.isValid("216901232"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"21690123", "2169012310", "0", "000000000000000"})
    void aWrongLengthIsInvalid(String siren) {
        assertFalse(Siren.isValid(siren));
    }

    @ParameterizedTest
    @ValueSource(strings = {"21690123A", "A16901231", "216 901 231", "216-90123", "21690123 ", " 21690123",
            "２１６９０１２３１" /* full-width digits */, "+16901231", "-16901231"})
    void anythingButAsciiDigitsIsInvalid(String siren) {
        assertFalse(Siren.isValid(siren));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "         ", "\t"})
    void nullAndBlanksAreInvalid(String siren) {
        assertFalse(Siren.isValid(siren));
    }

    /** Many random 8-digit prefixes, from a fixed seed so that a failure replays. */
    private static final int CASES = 2_000;

    @Test
    void aSirenBuiltWithItsCheckDigitIsValid() {
        Random random = new Random(20251);
        for (int n = 0; n < CASES; n++) {
            String prefix = randomPrefix(random);
            assertTrue(Siren.isValid(prefix + checkDigit(prefix)), prefix);
        }
    }

    @Test
    void changingAnySingleDigitOfAValidSirenMakesItInvalid() {
        Random random = new Random(20252);
        for (int n = 0; n < CASES; n++) {
            String valid = randomPrefix(random);
            valid += checkDigit(valid);
            for (int position = 0; position < 9; position++) {
                for (int delta = 1; delta <= 9; delta++) {
                    char[] digits = valid.toCharArray();
                    digits[position] = (char) ('0' + (digits[position] - '0' + delta) % 10);
                    assertFalse(Siren.isValid(new String(digits)), new String(digits));
                }
            }
        }
    }

    private static String randomPrefix(Random random) {
        return String.format("%08d", random.nextInt(100_000_000));
    }

    /** The Luhn check digit of 8 digits, computed independently of {@link Siren}. */
    private static int checkDigit(String prefix) {
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            int digit = prefix.charAt(7 - i) - '0';
            if (i % 2 == 0) { // doubled: these sit at odd positions once the check digit is appended
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return (10 - sum % 10) % 10;
    }

    @Test
    void charactersTenAwayFromADigitAreRefusedThoughTheirSumWouldPass() {
        // 216901231 is valid; ':' is '0' + 10 and '&' is '0' − 10: in place of its undoubled '0',
        // either leaves the Luhn sum a multiple of 10, so only the digit check refuses them.
        assertTrue(Siren.isValid("216901231"));
        assertFalse(Siren.isValid("2169:1231"));
        assertFalse(Siren.isValid("2169&1231"));
    }
}
