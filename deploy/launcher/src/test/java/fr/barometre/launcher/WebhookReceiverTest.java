package fr.barometre.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bench's receiver, posted to over HTTP as a service's webhook worker does. */
class WebhookReceiverTest {

    /** The example of the Standard Webhooks specification. */
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String SPEC_TIMESTAMP = "1614265330";
    private static final String SPEC_BODY = "{\"test\": 2432232314}";
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static final String SURVEY_SECRET = "whsec_" + Base64.getEncoder().encodeToString("survey-service-bench-secret-0123".getBytes(StandardCharsets.UTF_8));
    private static final String SCORING_SECRET = "whsec_" + Base64.getEncoder().encodeToString("scoring-service-bench-secret-012".getBytes(StandardCharsets.UTF_8));

    private final HttpClient client = HttpClient.newHttpClient();
    private WebhookReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        receiver = WebhookReceiver.start();
        receiver.secret(Stack.SURVEY, SURVEY_SECRET);
        receiver.secret(Stack.SCORING, SCORING_SECRET);
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void theSpecificationsExampleVerifiesAndAnAlteredOneDoesNot() {
        byte[] key = Base64.getDecoder().decode(SPEC_SECRET.substring("whsec_".length()));
        byte[] body = SPEC_BODY.getBytes(StandardCharsets.UTF_8);
        assertTrue(WebhookReceiver.verifies(key, SPEC_ID, SPEC_TIMESTAMP, body, SPEC_SIGNATURE));
        assertTrue(WebhookReceiver.verifies(key, SPEC_ID, SPEC_TIMESTAMP, body, "v1,bm90IGl0 " + SPEC_SIGNATURE), "one of several");
        assertFalse(WebhookReceiver.verifies(key, SPEC_ID, "1614265331", body, SPEC_SIGNATURE), "another timestamp");
        assertFalse(WebhookReceiver.verifies(key, SPEC_ID, SPEC_TIMESTAMP, "{\"test\":2432232314}".getBytes(StandardCharsets.UTF_8),
                SPEC_SIGNATURE), "the body not byte for byte");
        assertFalse(WebhookReceiver.verifies(key, SPEC_ID, SPEC_TIMESTAMP, body, "v2," + SPEC_SIGNATURE.substring(3)));
        assertFalse(WebhookReceiver.verifies(null, SPEC_ID, SPEC_TIMESTAMP, body, SPEC_SIGNATURE), "no secret known");
    }

    @Test
    void eachDeliveryIsAnsweredAndCountedPerTypeWithItsDuplicatesAndItsFaults() throws Exception {
        assertEquals(0, receiver.lastReceivedNanos());
        long before = System.nanoTime();
        assertEquals(204, post(Stack.SURVEY, SURVEY_SECRET, "e1", "response.submitted"));
        assertEquals(204, post(Stack.SURVEY, SURVEY_SECRET, "e1", "response.submitted")); // delivered again: a duplicate
        assertEquals(204, post(Stack.SURVEY, SURVEY_SECRET, "e2", "response.submitted"));
        assertEquals(204, post(Stack.SURVEY, SURVEY_SECRET, "e3", "campaign.opened"));
        assertEquals(204, post(Stack.SCORING, SCORING_SECRET, "e4", "assessment.updated"));
        assertEquals(204, post(Stack.SCORING, SURVEY_SECRET, "e5", "assessment.updated")); // signed with another subscription's secret
        assertEquals(204, post(Stack.SURVEY, SURVEY_SECRET, null, "response.reopened")); // no webhook-id
        assertTrue(receiver.lastReceivedNanos() > before);

        JsonNode f = receiver.figures();
        Map<String, String> received = new LinkedHashMap<>();
        f.path("received").fields().forEachRemaining(e -> received.put(e.getKey(),
                e.getValue().path("requests").asText() + "/" + e.getValue().path("distinct").asText()));
        assertEquals(Map.of("response.submitted", "3/2", "campaign.opened", "1/1", "assessment.updated", "2/2", "response.reopened", "1/0"),
                received, "requests / distinct webhook-ids per type");
        assertEquals(7, f.path("requests").asInt());
        assertEquals(5, f.path("distinct").asInt());
        assertEquals(1, f.path("duplicates").asInt(), "e1 twice; the request without an id is not a duplicate");
        assertEquals(1, f.path("withoutId").asInt());
        assertEquals(1, f.path("badSignatures").asInt(), "e5, signed with survey's secret, came for scoring's subscription");
    }

    /** A delivery as a service makes it: the payload, its webhook-id, timestamp and signature with {@code secret}. */
    private int post(String source, String secret, String id, String type) throws Exception {
        String body = "{\"type\":\"" + type + "\",\"timestamp\":\"2026-12-01T08:00:00Z\",\"data\":{\"campaign\":\"bench\"}}";
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(receiver.url(source)))
                .header("Content-Type", "application/json").header(WebhookReceiver.TIMESTAMP, timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (id != null) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String signature = Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
            request.header(WebhookReceiver.ID, id).header(WebhookReceiver.SIGNATURE, "v1," + signature);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
