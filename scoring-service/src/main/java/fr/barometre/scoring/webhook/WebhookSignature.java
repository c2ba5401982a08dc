package fr.barometre.scoring.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Standard Webhooks signatures: {@code v1,} + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)),
 * the key being the bytes the secret's base64 after {@code whsec_} stands for.
 */
public final class WebhookSignature {

    public static final String SECRET_PREFIX = "whsec_";
    private static final String VERSION = "v1,";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new secret: {@code whsec_} + base64 of 32 random bytes. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header's value for this message. */
    public static String sign(String secret, String id, long timestamp, String body) {
        return VERSION + Base64.getEncoder().encodeToString(mac(secret, id, timestamp, body));
    }

    /**
     * Whether the {@code webhook-signature} header (one or more space-separated signatures) holds a valid
     * {@code v1} signature of this message with this secret, compared in constant time.
     */
    public static boolean verify(String secret, String id, long timestamp, String body, String header) {
        if (header == null) {
            return false;
        }
        byte[] expected = mac(secret, id, timestamp, body);
        for (String signature : header.trim().split(" +")) {
            if (signature.startsWith(VERSION)) {
                try {
                    if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring(VERSION.length())))) {
                        return true;
                    }
                } catch (IllegalArgumentException notBase64) {
                    // not a signature of ours: the next one may be
                }
            }
        }
        return false;
    }

    private static byte[] mac(String secret, String id, long timestamp, String body) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
            throw new IllegalArgumentException("A webhook secret starts with " + SECRET_PREFIX);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length())), "HmacSHA256"));
            return mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
