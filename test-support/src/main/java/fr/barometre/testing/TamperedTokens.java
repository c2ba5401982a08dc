package fr.barometre.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Signed tokens altered after signing, as an attacker would send them: what a service must refuse however
 * it verifies tokens (in full, or from a cache of tokens it verified before).
 */
public final class TamperedTokens {

    private TamperedTokens() {
    }

    /** The token with {@code from} replaced by {@code to} in its payload (one more role, say), its signature kept. */
    public static String withPayloadReplaced(String token, String from, String to) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        if (!payload.contains(from)) {
            throw new IllegalArgumentException("The token's payload does not hold " + from);
        }
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.replace(from, to).getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** The token with one character of its signature changed (the one before last: its bits all count), the payload kept. */
    public static String withSignatureAltered(String token) {
        String[] parts = token.split("\\.");
        String signature = parts[2];
        char changed = signature.charAt(signature.length() - 2) == 'A' ? 'B' : 'A';
        return parts[0] + "." + parts[1] + "." + signature.substring(0, signature.length() - 2) + changed
                + signature.charAt(signature.length() - 1);
    }
}
