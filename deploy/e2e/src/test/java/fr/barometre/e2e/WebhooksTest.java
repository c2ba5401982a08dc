package fr.barometre.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.e2e.survey.api.CampaignsApi;
import fr.barometre.e2e.survey.api.PartnersApi;
import fr.barometre.e2e.survey.api.ResponsesApi;
import fr.barometre.e2e.survey.model.Answers;
import fr.barometre.e2e.survey.model.Audience;
import fr.barometre.e2e.survey.model.NewCampaign;
import fr.barometre.e2e.survey.model.Response;
import fr.barometre.launcher.AnswerSets;
import fr.barometre.launcher.Http;
import fr.barometre.launcher.ServiceProcess;
import fr.barometre.launcher.Stack;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The proof of webhooks and of the audit journal on the real stack: {@code partner-demo}, with its own
 * token from Keycloak (client credentials), subscribes a receiver the test runs on 127.0.0.1 (allowed by
 * {@code barometre.webhooks.allow-local}, which the e2e stack sets) to survey-service's
 * {@code response.submitted} and scoring-service's {@code assessment.updated}; it saves a response of an
 * authority in its scope twice and submits it. The receiver refuses survey's first attempt (503), then
 * survey-service is killed (SIGKILL) with that delivery pending, and started again: the event still
 * arrives, under the same {@code webhook-id}. Every request received carries a Standard Webhooks signature
 * that the test verifies with its own HMAC code (not the services'). The partner reads the assessment
 * through the path the event names, with its token; an admin reads the journal of the response: the two
 * saves and the submission, in the order they were made, by {@code partner-demo} (a client), each with the
 * request id the partner sent.
 *
 * <p>The webhook and journal calls are plain HTTP read as JSON: what is checked is the wire the README
 * documents (headers, the body byte for byte, the fields' names).
 */
@ExtendWith(E2eStack.Extension.class)
@Order(7)
class WebhooksTest {

    static final String CAMPAIGN = "2037";
    static final String PARTNER = "partner-demo";
    /** In partner-demo's scope in the realm (its SIRENs); no other scenario answers for it in this campaign. */
    static final String SIREN = EndToEndTest.RENNES_METROPOLE;
    /** Standard Webhooks: a receiver refuses a timestamp further than this from its clock. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    @Test
    void aPartnerReceivesSignedEventsThatOutliveAKilledSurveyAndTheJournalNamesWhoDidWhat() throws Exception {
        long started = System.nanoTime();
        String admin = EndToEndTest.admin();
        String partner = E2eStack.partnerToken();
        assertTrue(new PartnersApi(EndToEndTest.survey(admin)).partnersClientIdScopeGet(PARTNER).getSirens().contains(SIREN),
                SIREN + " is in " + PARTNER + "'s scope");

        CampaignsApi campaigns = new CampaignsApi(EndToEndTest.survey(admin));
        campaigns.campaignsPost(new NewCampaign().code(CAMPAIGN).title("Webhooks e2e")
                .audience(new Audience().sirens(new LinkedHashSet<>(List.of(SIREN)))));
        campaigns.campaignsCodeOpenPost(CAMPAIGN);
        JsonNode questionnaire = EndToEndTest.JSON.valueToTree(campaigns.campaignsCodeQuestionnaireGet(CAMPAIGN));
        List<Map<String, Object>> answers = AnswerSets.complete(questionnaire, 3);

        List<String> subscriptions = new ArrayList<>();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            // 1. the partner subscribes, each service for its own events; each secret is shown once
            JsonNode toSurvey = subscribe(E2eStack.surveyUrl(), partner, receiver.url("/survey"), "response.submitted");
            subscriptions.add(E2eStack.surveyUrl() + "/webhooks/" + toSurvey.path("id").asText());
            JsonNode toScoring = subscribe(E2eStack.scoringUrl(), partner, receiver.url("/scoring"), "assessment.updated");
            subscriptions.add(E2eStack.scoringUrl() + "/webhooks/" + toScoring.path("id").asText());
            String surveySecret = toSurvey.path("secret").asText();
            String scoringSecret = toScoring.path("secret").asText();
            assertTrue(surveySecret.startsWith("whsec_") && scoringSecret.startsWith("whsec_"), toSurvey + " " + toScoring);
            assertFalse(send("GET", subscriptions.get(0), partner, null).body().contains(surveySecret), "the secret is shown once");

            // 2. survey's receiver is down for now; the partner saves twice and submits, each call with its request id
            receiver.refuse("/survey");
            int half = answers.size() / 2;
            String etag = EndToEndTest.header(withRequestId(partner, "e2e-webhooks-save-1").campaignsCodeResponsesSirenPutWithHttpInfo(
                    CAMPAIGN, SIREN, new Answers().answers(EndToEndTest.toAnswers(answers.subList(0, half))), null, "*").getHeaders(), "etag");
            withRequestId(partner, "e2e-webhooks-save-2").campaignsCodeResponsesSirenPatch(CAMPAIGN, SIREN, etag,
                    new Answers().answers(EndToEndTest.toAnswers(answers.subList(half, answers.size()))));
            Response submitted = withRequestId(partner, "e2e-webhooks-submit").campaignsCodeResponsesSirenSubmissionPost(CAMPAIGN, SIREN, null, null);
            assertEquals("SUBMITTED", String.valueOf(submitted.getStatus()));
            long submittedAt = System.nanoTime();

            // 3. survey's first attempt is refused, and once that failure is written survey-service is killed
            WebhookReceiver.Received refused = EndToEndTest.await("survey's first attempt of response.submitted", () ->
                    first(receiver.received(r -> r.path().equals("/survey"))));
            assertEquals(503, refused.answered());
            JsonNode pending = EndToEndTest.await("the refused attempt written in the delivery", () -> {
                JsonNode d = onlyDelivery(send("GET", subscriptions.get(0) + "/deliveries", partner, null));
                return d != null && d.path("attempts").asInt() >= 1 && d.path("lastStatusCode").asInt() == 503 ? d : null;
            });
            assertEquals("PENDING", pending.path("status").asText(), pending.toString());
            ServiceProcess survey = E2eStack.service(Stack.SURVEY);
            survey.kill();
            receiver.accept("/survey");
            long killedAt = System.nanoTime();
            E2eStack.restart(survey);
            double restartSeconds = (System.nanoTime() - killedAt) / 1e9;

            // 4. after the restart the same event arrives, same webhook-id, and is accepted
            WebhookReceiver.Received delivered = EndToEndTest.await("response.submitted delivered after survey's restart", () ->
                    first(receiver.received(r -> r.path().equals("/survey") && r.answered() == 204)));
            double deliveredSeconds = (System.nanoTime() - submittedAt) / 1e9;
            assertEquals(refused.id(), delivered.id(), "the same webhook-id on every attempt");
            assertEquals(refused.text(), delivered.text(), "the same body on every attempt");
            assertNotEquals(refused.timestamp(), delivered.timestamp(), "each attempt is stamped (and signed) anew");
            JsonNode done = EndToEndTest.await("the delivery marked delivered", () -> {
                JsonNode d = onlyDelivery(send("GET", subscriptions.get(0) + "/deliveries", partner, null));
                return d != null && "DELIVERED".equals(d.path("status").asText()) ? d : null;
            });
            assertEquals(receiver.received(r -> r.path().equals("/survey")).size(), done.path("attempts").asInt(),
                    "every attempt received counted, the last accepted: " + done);
            assertEquals(204, done.path("lastStatusCode").asInt(), done.toString());

            JsonNode event = Http.JSON.readTree(delivered.body());
            assertEquals("response.submitted", event.path("type").asText(), event.toString());
            assertTrue(event.path("timestamp").isTextual(), event.toString());
            JsonNode data = event.path("data");
            assertEquals(Set.of("campaign", "siren", "revision", "path"), fieldNames(data), "no answers, no scores: " + data);
            assertEquals(CAMPAIGN, data.path("campaign").asText());
            assertEquals(SIREN, data.path("siren").asText());
            assertEquals(submitted.getRevision().intValue(), data.path("revision").asInt(), data.toString());
            assertEquals("/campaigns/" + CAMPAIGN + "/responses/" + SIREN, data.path("path").asText());
            assertEquals(200, send("GET", E2eStack.surveyUrl() + data.path("path").asText(), partner, null).status(),
                    "the partner reads the response through the event's path");

            // 5. scoring's assessment.updated (its scope read from survey-service), and the assessment read through its path
            WebhookReceiver.Received assessed = EndToEndTest.await("assessment.updated", () ->
                    first(receiver.received(r -> r.path().equals("/scoring") && r.answered() == 204)));
            JsonNode update = Http.JSON.readTree(assessed.body());
            assertEquals("assessment.updated", update.path("type").asText(), update.toString());
            JsonNode about = update.path("data");
            assertEquals(Set.of("campaign", "siren", "assessmentVersion", "path"), fieldNames(about), "no scores: " + about);
            assertEquals(CAMPAIGN, about.path("campaign").asText());
            assertEquals(SIREN, about.path("siren").asText());
            assertEquals("/campaigns/" + CAMPAIGN + "/assessments/" + SIREN, about.path("path").asText());
            Http.Reply assessment = send("GET", E2eStack.scoringUrl() + about.path("path").asText(), partner, null);
            assertEquals(200, assessment.status(), assessment.body());
            assertEquals(SIREN, assessment.json().path("siren").asText());
            assertEquals(about.path("assessmentVersion").asInt(), assessment.json().path("assessmentVersion").asInt());
            assertEquals(submitted.getRevision().intValue(), assessment.json().path("revision").asInt());

            // 6. every request received is signed: verified by the test's own HMAC, not with another secret
            List<WebhookReceiver.Received> all = receiver.received(r -> true);
            for (WebhookReceiver.Received r : all) {
                String secret = r.path().equals("/survey") ? surveySecret : scoringSecret;
                String other = r.path().equals("/survey") ? scoringSecret : surveySecret;
                assertTrue(signedWith(secret, r), "signature of " + r.path() + " " + r.id() + ": " + r.signature());
                assertFalse(signedWith(other, r), "another secret does not verify " + r.id());
                long age = Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(r.timestamp()));
                assertTrue(age < TOLERANCE.toSeconds(), "webhook-timestamp " + r.timestamp() + " is now");
            }
            assertEquals(Set.of(delivered.id()), ids(receiver, "/survey"), "one event from survey, " + all.size() + " requests");

            // 7. the journal: an admin reads the response's entries, in the order they were made, by the partner
            String target = "response:" + CAMPAIGN + "/" + SIREN;
            Http.Reply journal = send("GET", E2eStack.surveyUrl() + "/audit?target=" + target, admin, null);
            assertEquals(200, journal.status(), journal.body());
            List<JsonNode> entries = new ArrayList<>();
            journal.json().path("items").forEach(entries::add);
            assertEquals(List.of("response.saved", "response.saved", "response.submitted"), entries.stream().map(e -> e.path("action").asText()).toList(),
                    "the response's journal: " + entries);
            assertEquals(List.of("e2e-webhooks-save-1", "e2e-webhooks-save-2", "e2e-webhooks-submit"),
                    entries.stream().map(e -> e.path("requestId").asText()).toList(), "each entry names its request");
            for (JsonNode entry : entries) {
                assertEquals(target, entry.path("target").asText(), entry.toString());
                assertEquals("CLIENT", entry.path("actor").path("kind").asText(), entry.toString());
                assertEquals(PARTNER, entry.path("actor").path("name").asText(), entry.toString());
                assertTrue(entry.path("actor").path("roles").toString().contains("\"partner\""), entry.toString());
            }
            // each save names the questions it changed (the first half, then the second), never an answer
            assertEquals(questions(answers.subList(0, half)), questions(entries.get(0).path("detail").path("questions")), entries.get(0).toString());
            assertEquals(questions(answers.subList(half, answers.size())), questions(entries.get(1).path("detail").path("questions")),
                    entries.get(1).toString());
            assertEquals(Set.of("questions"), fieldNames(entries.get(0).path("detail")), entries.get(0).toString());
            List<OffsetDateTime> times = entries.stream().map(e -> OffsetDateTime.parse(e.path("at").asText())).toList();
            assertTrue(times.get(0).isBefore(times.get(1)) && times.get(1).isBefore(times.get(2)), "in time order: " + times);
            assertEquals(submitted.getRevision().intValue(), entries.get(2).path("revision").asInt(), entries.get(2).toString());
            // the partner itself reads the same story through the response's history
            Http.Reply history = send("GET", E2eStack.surveyUrl() + data.path("path").asText() + "/history", partner, null);
            assertEquals(200, history.status(), history.body());
            List<String> told = new ArrayList<>();
            history.json().path("items").forEach(e -> told.add(e.path("action").asText()));
            assertEquals(List.of("response.saved", "response.saved", "response.submitted"), told, history.body());

            System.out.printf("Webhooks e2e: %d requests received (%d to survey's receiver); survey-service killed with the"
                            + " delivery pending, ready again in %.1f s; response.submitted delivered %.1f s after the submission;"
                            + " whole scenario %.1f s%n", all.size(), receiver.received(r -> r.path().equals("/survey")).size(),
                    restartSeconds, deliveredSeconds, (System.nanoTime() - started) / 1e9);
        } finally {
            ServiceProcess survey = E2eStack.service(Stack.SURVEY);
            if (!survey.alive()) {
                E2eStack.restart(survey);   // this scenario failed while it was down: the next ones need it
            }
            // the scenarios after this one run without subscribers (and without deliveries to a receiver gone)
            for (String subscription : subscriptions) {
                Http.Reply deleted = send("DELETE", subscription, E2eStack.partnerToken(), null);
                if (deleted.status() != 204) {   // said, not asserted: a failure above is the one to report
                    System.out.println("WebhooksTest: DELETE " + subscription + " answered " + deleted.status() + ": " + deleted.body());
                }
            }
        }
    }

    // --- Standard Webhooks signatures, checked independently of the services' code ----------------

    /** The verifier below against the Standard Webhooks specification's published example (and a byte changed). */
    @Test
    void theVerifierAcceptsTheSpecificationsExampleOnly() throws Exception {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        String signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
        assertTrue(signedWith(secret, new WebhookReceiver.Received("/", "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                "v0,unknown " + signature, body, 204, 0)));
        assertFalse(signedWith(secret, new WebhookReceiver.Received("/", "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265331",
                signature, body, 204, 0)), "another timestamp");
        body[body.length - 2]++;
        assertFalse(signedWith(secret, new WebhookReceiver.Received("/", "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330",
                signature, body, 204, 0)), "another body");
    }

    /**
     * Whether one of the request's {@code webhook-signature} entries ({@code v1,<base64>}, space-separated) is
     * the base64 HMAC-SHA256 of {@code id.timestamp.body}, keyed with the base64-decoded bytes after {@code whsec_}.
     */
    static boolean signedWith(String secret, WebhookReceiver.Received request) throws GeneralSecurityException {
        assertTrue(secret.startsWith("whsec_"), secret);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        signed.writeBytes((request.id() + "." + request.timestamp() + ".").getBytes(StandardCharsets.UTF_8));
        signed.writeBytes(request.body());
        byte[] expected = mac.doFinal(signed.toByteArray());
        for (String signature : request.signature().split(" ")) {
            if (signature.startsWith("v1,")
                    && MessageDigest.isEqual(expected, Base64.getDecoder().decode(signature.substring("v1,".length())))) {
                return true;
            }
        }
        return false;
    }

    // --- helpers -----------------------------------------------------------------------------------

    private JsonNode subscribe(String service, String token, String url, String event) throws Exception {
        Http.Reply created = send("POST", service + "/webhooks", token,
                Http.JSON.writeValueAsString(Map.of("url", url, "events", List.of(event))));
        assertEquals(201, created.status(), service + " POST /webhooks " + url + " (a local receiver: allowed by the e2e stack's"
                + " BAROMETRE_WEBHOOKS_ALLOW_LOCAL, see pom.xml): " + created.body());
        assertEquals(PARTNER, created.json().path("clientId").asText(), created.body());
        return created.json();
    }

    /** A survey-service client of the partner whose calls carry {@code X-Request-Id}. */
    private static ResponsesApi withRequestId(String token, String requestId) {
        fr.barometre.e2e.survey.ApiClient c = EndToEndTest.survey(token);
        c.setRequestInterceptor(E2eStack.bearer(token).andThen(b -> b.header("X-Request-Id", requestId)));
        return new ResponsesApi(c);
    }

    private Http.Reply send(String method, String url, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, application/problem+json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        E2eStack.bearer(token).accept(request);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Http.Reply(response.statusCode(), response.body());
    }

    /** The one delivery of a subscription's page of deliveries, or null while there is none. */
    private static JsonNode onlyDelivery(Http.Reply page) {
        assertEquals(200, page.status(), page.body());
        JsonNode items = page.json().path("items");
        assertTrue(items.size() <= 1, "one event, one delivery: " + page.body());
        return items.size() == 1 ? items.get(0) : null;
    }

    private static <T> T first(List<T> list) {
        return list.isEmpty() ? null : list.get(0);
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> questions(List<Map<String, Object>> answers) {
        Set<String> codes = new java.util.TreeSet<>();
        answers.forEach(a -> codes.add((String) a.get("question")));
        return codes;
    }

    private static Set<String> questions(JsonNode codes) {
        Set<String> set = new java.util.TreeSet<>();
        codes.forEach(c -> set.add(c.asText()));
        return set;
    }

    private static Set<String> ids(WebhookReceiver receiver, String path) {
        Set<String> ids = new LinkedHashSet<>();
        receiver.received(r -> r.path().equals(path)).forEach(r -> ids.add(r.id()));
        return ids;
    }
}
