package fr.barometre.scoring.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.scoring.feed.Profile;
import fr.barometre.scoring.ingest.SubmissionIngest;
import fr.barometre.scoring.ingest.SubmissionMessage;
import fr.barometre.scoring.engine.Answer;
import fr.barometre.scoring.rescoring.JobView;
import fr.barometre.scoring.rescoring.RescoringRequest;
import fr.barometre.scoring.rescoring.RescoringService;
import fr.barometre.scoring.testing.EmbeddedPostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Scores synthetic responses of the default questionnaire, rescores them all under another model,
 * and reads the same rows with plain SQL, printing the three figures of one run.
 * {@code ./mvnw verify} runs it small (a smoke run); the full registry size on demand:
 * {@code ./mvnw -pl scoring-service test -Dtest=ScoringBenchmarkTest -Dbench.size=36130}.
 */
@QuarkusTest
@TestProfile(ScoringBenchmarkTest.Production.class)
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class ScoringBenchmarkTest {

    /** The production chunk size, not the tests' tiny one. */
    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("scoring.rescoring.chunk-size", "200");
        }
    }

    private static final String CAMPAIGN = "bench";
    private static final String VERSION = "bench.1";

    @Inject
    SubmissionIngest submissions;

    @Inject
    RescoringService rescoring;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    @Test
    void scoreRescoreAndReadTheRegistrysWorthOfResponses() throws Exception {
        int size = Integer.getInteger("bench.size", 300);
        JsonNode questionnaire;
        try (InputStream in = getClass().getResourceAsStream("/default-questionnaire.json")) {
            questionnaire = json.readTree(in);
        }
        keepQuestionnaire(questionnaire);
        List<String> maturity = new ArrayList<>();
        questionnaire.get("themes").forEach(t -> t.get("questions").forEach(q -> {
            if ("MATURITY".equals(q.get("type").asText())) {
                maturity.add(q.get("code").asText());
            }
        }));
        Random random = new Random(36130);
        List<SubmissionMessage> messages = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            List<Answer> answers = new ArrayList<>();
            for (String code : maturity) {
                int draw = random.nextInt(12);
                answers.add(draw < 10 ? new Answer(code, draw % 5, null, null) : new Answer(code, null, draw == 10 ? "NSP" : "NA", null));
            }
            String siren = String.format("9%08d", i);
            Profile profile = new Profile("COMMUNE", 500 + random.nextInt(300_000), null, "69", "84", List.of());
            messages.add(new SubmissionMessage(CAMPAIGN, siren, 1, VERSION, Instant.now(), profile, answers, null));
        }

        long start = System.nanoTime();
        for (SubmissionMessage m : messages) {
            submissions.ingest(m);
        }
        double scoring = seconds(start);

        start = System.nanoTime();
        JobView job = rescoring.start(CAMPAIGN, new RescoringRequest("bench-v2"));
        while (rescoring.workOneChunk()) {
            // until the job is done
        }
        double rescore = seconds(start);
        JobView finished = rescoring.find(job.id()).orElseThrow();
        assertEquals(size, finished.done());

        start = System.nanoTime();
        long bytes = 0;
        int rows = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("select fact::text from assessment where campaign_code = ? and assessment_version = 1")) {
            ps.setString(1, CAMPAIGN);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bytes += rs.getString(1).length();
                    rows++;
                }
            }
        }
        double read = seconds(start);
        assertEquals(size, rows);

        System.out.printf("""
                ==== scoring benchmark: %,d responses of the default questionnaire (%d maturity items) ====
                  ingest + score + store + outbox : %8.2f s  (%,.0f responses/s)
                  rescoring job (chunks of 200)   : %8.2f s  (%,.0f assessments/s)
                  plain SQL read of the same rows : %8.3f s  (%,.0f rows/s, %,d characters)
                %n""", size, maturity.size(), scoring, size / scoring, rescore, size / rescore, read, rows / read, bytes);
    }

    private void keepQuestionnaire(JsonNode questionnaire) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into questionnaire (campaign_code, version, document) values (?, ?, ?::jsonb) on conflict do nothing""")) {
                ps.setString(1, CAMPAIGN);
                ps.setString(2, VERSION);
                ps.setString(3, json.writeValueAsString(questionnaire));
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    insert into scoring_model (id, definition)
                    select 'bench-v2', jsonb_set(definition, '{themeWeights}', '{"CYBERSECURITE": 2}') from scoring_model
                    where id = 'barometre-v1' on conflict do nothing""")) {
                ps.executeUpdate();
            }
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
