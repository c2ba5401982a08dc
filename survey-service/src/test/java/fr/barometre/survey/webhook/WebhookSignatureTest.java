package fr.barometre.survey.webhook;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignatureTest {

    /** The example of the Standard Webhooks specification, signed and verified as a receiver's library does. */
    @Test
    void theSpecificationsExampleSignsAsItSays() {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        long timestamp = 1614265330;
        String body = "{\"test\": 2432232314}";
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.sign(secret, id, timestamp, body));
    }

    @Test
    void aSignatureVerifiesWithItsSecretOnlyAndForItsMessageOnly() {
        String secret = WebhookSignature.newSecret();
        String header = WebhookSignature.sign(secret, "e1", 1700000000L, "{\"a\":1}");
        assertTrue(WebhookSignature.verify(secret, "e1", 1700000000L, "{\"a\":1}", header));
        assertTrue(WebhookSignature.verify(secret, "e1", 1700000000L, "{\"a\":1}", "v1,bm90IGl0 " + header));
        assertFalse(WebhookSignature.verify(WebhookSignature.newSecret(), "e1", 1700000000L, "{\"a\":1}", header));
        assertFalse(WebhookSignature.verify(secret, "e2", 1700000000L, "{\"a\":1}", header));
        assertFalse(WebhookSignature.verify(secret, "e1", 1700000001L, "{\"a\":1}", header));
        assertFalse(WebhookSignature.verify(secret, "e1", 1700000000L, "{\"a\": 1}", header));
        assertFalse(WebhookSignature.verify(secret, "e1", 1700000000L, "{\"a\":1}", "v2," + header.substring(3)));
        assertFalse(WebhookSignature.verify(secret, "e1", 1700000000L, "{\"a\":1}", null));
    }

    @Test
    void aSecretIsThirtyTwoRandomBytesAfterItsPrefix() {
        String secret = WebhookSignature.newSecret();
        assertTrue(secret.startsWith("whsec_"));
        assertEquals(32, Base64.getDecoder().decode(secret.substring(6)).length);
        assertNotEquals(secret, WebhookSignature.newSecret());
    }
}
