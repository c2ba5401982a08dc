package fr.barometre.survey.registry;

/**
 * SIREN numbers: the 9-digit identifier INSEE gives every legal entity, French local authorities
 * included. The ninth digit is a Luhn check digit.
 */
public final class Siren {

    /**
     * La Poste's SIREN. It is famous for being the exception to the Luhn rule, but the exception
     * really concerns its establishments' SIRETs (356000000 + NIC), whose digit sum is only checked
     * modulo 5. The SIREN itself passes the plain Luhn check; it is named here so that it stays
     * accepted whatever becomes of the checksum code (see the test).
     */
    static final String LA_POSTE = "356000000";

    private Siren() {
    }

    /**
     * @return true when {@code siren} is exactly 9 ASCII digits (no spaces, no separators) with a
     *         valid Luhn checksum: from the right, every second digit is doubled (minus 9 when the
     *         double exceeds 9), and the sum of all digits is a multiple of 10.
     */
    public static boolean isValid(String siren) {
        if (siren == null || siren.length() != 9) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            char c = siren.charAt(8 - i);
            if (c < '0' || c > '9') {
                return false;
            }
            int digit = c - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0 || LA_POSTE.equals(siren);
    }
}
