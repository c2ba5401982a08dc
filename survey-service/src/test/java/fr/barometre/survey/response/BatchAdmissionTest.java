package fr.barometre.survey.response;

import fr.barometre.survey.testing.Answers;
import fr.barometre.survey.testing.Campaigns;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.SubmissionFixtures;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** At most {@code survey.batch.concurrency} (2) batches are held at once; one more waits its turn, then is taken whole. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class BatchAdmissionTest {

    @Inject
    BatchAdmission admission;

    private static String batchPath(String code) {
        return "/campaigns/" + code + "/responses/batch";
    }

    /** Opens a campaign for a few communes of Lozère and returns a batch of their complete responses. */
    private static String completeBatchOfAnOpenCampaign(String code, int size) {
        List<String> sirens = SubmissionFixtures.communes("48", size);
        Campaigns.createOpen(code, Campaigns.sirens(sirens.toArray(String[]::new)));
        List<Map<String, Object>> complete = Answers.complete(Campaigns.questionnaire(code));
        return Answers.batch(sirens.stream().map(s -> Answers.item(s, complete)).toList());
    }

    @Test
    void aBatchBeyondTheBoundWaitsForAPermitThenIsTakenWhole() throws Exception {
        String code = "ba-waits";
        String body = completeBatchOfAnOpenCampaign(code, 3);

        ExecutorService thread = Executors.newSingleThreadExecutor();
        int held = admission.takeAll();   // two batches in progress, as far as the bound knows
        assertEquals(2, held, "two batches at once on two cores");
        Future<ValidatableResponse> third;
        try {
            third = thread.submit(() -> given().auth().oauth2(Tokens.admin()).contentType("application/json")
                    .body(body).post(batchPath(code)).then());
            Thread.sleep(1_500);
            assertFalse(third.isDone(), "the third batch waits while two are held");
            assertEquals(0, count(code), "nothing of the waiting batch is taken yet");
        } finally {
            admission.release(held);
        }
        try {
            third.get(60, TimeUnit.SECONDS).statusCode(200)
                    .body("submitted", equalTo(3))
                    .body("results.status", contains("SUBMITTED", "SUBMITTED", "SUBMITTED"));
        } finally {
            thread.shutdownNow();
        }
        assertEquals(3, count(code), "every response of the batch that waited is stored");
        awaitPermits(2);
    }

    @Test
    void everyBatchGivesItsPermitBackWhateverItsAnswer() throws Exception {
        String code = "ba-permits";
        String complete = completeBatchOfAnOpenCampaign(code, 2);
        List<Integer> statuses = new ArrayList<>();
        // refused whole (not the object, no list, text the database cannot keep), taken, then the same again: a conflict each
        for (String body : List.of("{\"responses\": \"none\"}", "{}", "{\"responses\": [{\"siren\": \"x\\u0000\"}]}",
                complete, complete)) {
            statuses.add(given().auth().oauth2(Tokens.admin()).contentType("application/json").body(body)
                    .post(batchPath(code)).then().extract().statusCode());
        }
        assertEquals(List.of(400, 400, 400, 200, 200), statuses);
        awaitPermits(2);
    }

    @Test
    void aBodyThatDoesNotArriveLosesItsPermitAndItsConnection() throws Exception {
        String code = "ba-slow";
        completeBatchOfAnOpenCampaign(code, 1);
        admission.bodyDeadline(Duration.ofSeconds(1));
        try (Socket slow = new Socket("localhost", RestAssured.port)) {
            slow.setSoTimeout(15_000);
            OutputStream out = slow.getOutputStream();
            out.write(("POST " + batchPath(code) + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + Tokens.admin()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{\"responses\": [").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitPermits(1);   // the slow batch holds one
            // a byte now and then does not keep it: past the deadline the connection is closed and the permit given back
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean closed = false;
            while (!closed && System.nanoTime() < until) {
                try {
                    out.write(' ');
                    out.flush();
                    closed = readsEnd(slow);
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertTrue(closed, "the connection of a body that does not arrive is closed");
            awaitPermits(2);
        } finally {
            admission.bodyDeadline(Duration.ofSeconds(60));
        }
        assertEquals(0, count(code), "nothing of the cut-off batch is stored");
    }

    /** True once the server has ended the connection (whatever it wrote before). */
    private static boolean readsEnd(Socket socket) throws IOException {
        socket.setSoTimeout(300);
        try {
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) > 0) {
                // an answer written before closing is read past
            }
            return n < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        }
    }

    private void awaitPermits(int expected) throws InterruptedException {
        // the permit comes back once the response is sent, just after the client has read it
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (admission.available() != expected && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(expected, admission.available(), "every permit given back");
    }

    private static long count(String code) throws SQLException {
        try (Connection c = EmbeddedPostgresResource.postgres().getPostgresDatabase().getConnection();
             PreparedStatement ps = c.prepareStatement("select count(*) from submission where campaign_code = ?")) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
