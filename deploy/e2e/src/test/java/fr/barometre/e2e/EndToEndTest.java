package fr.barometre.e2e;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.e2e.reporting.api.BarometersApi;
import fr.barometre.e2e.reporting.model.Barometer;
import fr.barometre.e2e.reporting.model.Benchmark;
import fr.barometre.e2e.reporting.model.ThemeFigures;
import fr.barometre.e2e.scoring.api.AssessmentsApi;
import fr.barometre.e2e.scoring.api.ModelsApi;
import fr.barometre.e2e.scoring.api.RescoringApi;
import fr.barometre.e2e.scoring.model.Assessment;
import fr.barometre.e2e.scoring.model.Job;
import fr.barometre.e2e.scoring.model.NewModel;
import fr.barometre.e2e.scoring.model.RescoringRequest;
import fr.barometre.e2e.scoring.model.State;
import fr.barometre.e2e.survey.ApiResponse;
import fr.barometre.e2e.survey.api.AgentsApi;
import fr.barometre.e2e.survey.api.CampaignsApi;
import fr.barometre.e2e.survey.api.PartnersApi;
import fr.barometre.e2e.survey.api.ResponsesApi;
import fr.barometre.e2e.survey.model.Agent;
import fr.barometre.e2e.survey.model.Answer;
import fr.barometre.e2e.survey.model.Answers;
import fr.barometre.e2e.survey.model.Audience;
import fr.barometre.e2e.survey.model.BatchItem;
import fr.barometre.e2e.survey.model.BatchOutcome;
import fr.barometre.e2e.survey.model.BatchRequest;
import fr.barometre.e2e.survey.model.BatchResult;
import fr.barometre.e2e.survey.model.Network;
import fr.barometre.e2e.survey.model.NewAgent;
import fr.barometre.e2e.survey.model.NewCampaign;
import fr.barometre.e2e.survey.model.PartnerScope;
import fr.barometre.e2e.survey.model.Status1;
import fr.barometre.launcher.AnswerSets;
import fr.barometre.launcher.Http;
import fr.barometre.launcher.Stack;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end scenarios against the real suite (PostgreSQL, Keycloak, the three packaged services),
 * driven through the client generated from the services' OpenAPI documents. One stack for all;
 * the scenarios build on one another, hence the order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(E2eStack.Extension.class)
@Order(1)
class EndToEndTest {

    static final String CAMPAIGN = "2031";
    static final String OTHER_CAMPAIGN = "2032";
    static final String LYON = "216901231";
    static final String RENNES_METROPOLE = "243500139";
    static final String METROPOLE_DE_LYON = "200046977";
    static final String TOULOUSE = "213105554";
    static final String PARIS = "217500016";
    static final String MARSEILLE = "211300553";
    static final String NICE = "210600888";
    static final String NANTES = "214401093";
    static final String MONTPELLIER = "213401722";
    static final String STRASBOURG = "216704825";
    static final String BORDEAUX = "213300635";

    static final Duration WAIT = Duration.ofSeconds(90);

    static final ObjectMapper JSON = fr.barometre.e2e.survey.ApiClient.createDefaultObjectMapper();

    /** The questionnaire of the campaign, as a tree (for AnswerSets and the theme of each question). */
    static JsonNode questionnaire;
    /** Every response submitted in CAMPAIGN: SIREN → answers. */
    static final Map<String, List<Map<String, Object>>> submitted = new LinkedHashMap<>();
    static int answerSetIndex;

    // --- clients -------------------------------------------------------------------------------

    static fr.barometre.e2e.survey.ApiClient survey(String token) {
        fr.barometre.e2e.survey.ApiClient c = new fr.barometre.e2e.survey.ApiClient();
        c.updateBaseUri(E2eStack.surveyUrl());
        c.setRequestInterceptor(E2eStack.bearer(token));
        c.setReadTimeout(Duration.ofSeconds(60));
        return c;
    }

    static fr.barometre.e2e.scoring.ApiClient scoring(String token) {
        fr.barometre.e2e.scoring.ApiClient c = new fr.barometre.e2e.scoring.ApiClient();
        c.updateBaseUri(E2eStack.scoringUrl());
        c.setRequestInterceptor(E2eStack.bearer(token));
        c.setReadTimeout(Duration.ofSeconds(60));
        return c;
    }

    static fr.barometre.e2e.reporting.ApiClient reporting(String token) {
        fr.barometre.e2e.reporting.ApiClient c = new fr.barometre.e2e.reporting.ApiClient();
        c.updateBaseUri(E2eStack.reportingUrl());
        c.setRequestInterceptor(E2eStack.bearer(token));
        c.setReadTimeout(Duration.ofSeconds(60));
        return c;
    }

    static String admin() throws Exception {
        return E2eStack.password("admin", "admin");
    }

    static String analyst() throws Exception {
        return E2eStack.password("analyst", "analyst");
    }

    static String agentLyon() throws Exception {
        return E2eStack.password("agent-lyon", "agent-lyon");
    }

    /** The HTTP status of a call through a generated client (200 when it does not throw). */
    static int status(Executable call) {
        try {
            call.execute();
            return 200;
        } catch (fr.barometre.e2e.survey.ApiException e) {
            return e.getCode();
        } catch (fr.barometre.e2e.scoring.ApiException e) {
            return e.getCode();
        } catch (fr.barometre.e2e.reporting.ApiException e) {
            return e.getCode();
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    static <T> T await(String what, Callable<T> attempt) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Throwable last = null;
        while (System.nanoTime() < deadline) {
            try {
                T value = attempt.call();
                if (value != null) {
                    return value;
                }
            } catch (Exception | AssertionError e) {
                last = e;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Timed out waiting for " + what + (last == null ? "" : ": " + last), last);
    }

    // --- answers and the figures they imply ------------------------------------------------------

    static List<Map<String, Object>> nextAnswerSet() {
        return AnswerSets.complete(questionnaire, answerSetIndex++);
    }

    static List<Answer> toAnswers(List<Map<String, Object>> answers) {
        return JSON.convertValue(answers, new TypeReference<List<Answer>>() { });
    }

    static BatchItem item(String siren, List<Map<String, Object>> answers) {
        return new BatchItem().siren(siren).answers(toAnswers(answers));
    }

    static Map<String, String> themeOfQuestion() {
        Map<String, String> theme = new HashMap<>();
        for (JsonNode t : questionnaire.path("themes")) {
            for (JsonNode q : t.path("questions")) {
                if ("MATURITY".equals(q.path("type").asText())) {
                    theme.put(q.path("code").asText(), t.path("code").asText());
                }
            }
        }
        return theme;
    }

    /**
     * The theme levels an answer set implies under the default bands: theme score = mean of
     * level × 25; level = band [0,12.5)→0, [12.5,37.5)→1, [37.5,62.5)→2, [62.5,87.5)→3, [87.5,100]→4,
     * decided exactly (score ≥ b ⇔ 50·Σlevel ≥ 2b·n).
     */
    static Map<String, Integer> themeLevels(List<Map<String, Object>> answers) {
        Map<String, String> themeOf = themeOfQuestion();
        Map<String, int[]> sums = new LinkedHashMap<>();
        for (Map<String, Object> a : answers) {
            String theme = themeOf.get((String) a.get("question"));
            if (theme != null && a.get("level") != null) {
                int[] s = sums.computeIfAbsent(theme, k -> new int[2]);
                s[0] += ((Number) a.get("level")).intValue();
                s[1]++;
            }
        }
        Map<String, Integer> levels = new LinkedHashMap<>();
        int[] twiceBounds = {25, 75, 125, 175};
        sums.forEach((theme, s) -> {
            int level = 0;
            for (int b : twiceBounds) {
                if (50L * s[0] >= (long) b * s[1]) {
                    level++;
                }
            }
            levels.put(theme, level);
        });
        return levels;
    }

    /** Per theme: {respondents, engaged} over every submitted response, engaged ⇔ level ≥ engagedLevel. */
    static Map<String, long[]> expectedShares(int engagedLevel) {
        Map<String, long[]> expected = new LinkedHashMap<>();
        for (List<Map<String, Object>> answers : submitted.values()) {
            themeLevels(answers).forEach((theme, level) -> {
                long[] e = expected.computeIfAbsent(theme, k -> new long[2]);
                e[0]++;
                if (level >= engagedLevel) {
                    e[1]++;
                }
            });
        }
        return expected;
    }

    static Map<String, long[]> actualShares(Barometer barometer) {
        Map<String, long[]> actual = new LinkedHashMap<>();
        for (ThemeFigures t : barometer.getThemes()) {
            actual.put(t.getTheme(), new long[]{t.getRespondents() == null ? -1 : t.getRespondents(),
                    t.getEngaged() == null ? -1 : t.getEngaged()});
        }
        return actual;
    }

    static String describe(Map<String, long[]> shares) {
        StringBuilder s = new StringBuilder();
        shares.forEach((k, v) -> s.append(k).append('=').append(v[1]).append('/').append(v[0]).append(' '));
        return s.toString().trim();
    }

    /** Waits until the analyst's barometer shows exactly the shares the submitted answers imply. */
    static Barometer awaitBarometerMatches(int engagedLevel) throws Exception {
        Map<String, long[]> expected = expectedShares(engagedLevel);
        BarometersApi barometers = new BarometersApi(reporting(analyst()));
        String[] last = {""};
        try {
            return await("barometer " + describe(expected), () -> {
                Barometer b = barometers.barometersCodeGet(CAMPAIGN, null, null, null, null, null, null);
                last[0] = describe(actualShares(b));
                return describe(actualShares(b)).equals(describe(expected)) ? b : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError("expected " + describe(expected) + " but the barometer shows " + last[0], e);
        }
    }

    // --- scenarios ---------------------------------------------------------------------------------

    @Test
    @Order(1)
    void tokensFromAnotherIssuerOrWithoutTheAudienceAreRefused() throws Exception {
        // From another issuer: the master realm's admin, through its admin-cli client.
        Http.Reply master = E2eStack.tokenReply(E2eStack.keycloakUrl(), "master", "admin-cli", "admin", "admin").expectOk("master token");
        String foreign = master.json().get("access_token").asText();
        assertFalse(E2eStack.claims(foreign).path("iss").asText().endsWith("/realms/barometre"));
        // Without the audience: realm barometre's own admin-cli client, for the admin user.
        Http.Reply noAudience = E2eStack.tokenReply(E2eStack.keycloakUrl(), "barometre", "admin-cli", "admin", "admin")
                .expectOk("admin-cli token in realm barometre");
        String unaudienced = noAudience.json().get("access_token").asText();
        JsonNode claims = E2eStack.claims(unaudienced);
        assertTrue(claims.path("iss").asText().endsWith("/realms/barometre"));
        assertFalse(claims.path("aud").toString().contains("barometre-api"), "token has no barometre-api audience: " + claims.path("aud"));
        // A valid admin token, tampered: its signature no longer holds.
        String valid = admin();
        String tampered = valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");

        for (String token : List.of(foreign, unaudienced, tampered)) {
            assertEquals(401, status(() -> new CampaignsApi(survey(token)).campaignsGet()), "survey-service");
            assertEquals(401, status(() -> new ModelsApi(scoring(token)).modelsGet()), "scoring-service");
            assertEquals(401, status(() -> new BarometersApi(reporting(token))
                    .barometersCodeCollectivitiesSirenGet(CAMPAIGN, LYON, null)), "reporting-service");
        }
        // and the valid one passes
        assertEquals(200, status(() -> new CampaignsApi(survey(valid)).campaignsGet()));
        assertEquals(200, status(() -> new ModelsApi(scoring(valid)).modelsGet()));
    }

    @Test
    @Order(2)
    void adminOpensACampaignAndThePartnerSubmitsWithinItsScope() throws Exception {
        CampaignsApi campaigns = new CampaignsApi(survey(admin()));
        Set<String> audience = new LinkedHashSet<>(List.of(LYON, RENNES_METROPOLE, METROPOLE_DE_LYON, TOULOUSE, PARIS,
                MARSEILLE, NICE, NANTES, MONTPELLIER, STRASBOURG, BORDEAUX));
        campaigns.campaignsPost(new NewCampaign().code(CAMPAIGN).title("Baromètre e2e").audience(new Audience().sirens(audience)));
        assertEquals("OPEN", String.valueOf(campaigns.campaignsCodeOpenPost(CAMPAIGN).getStatus()));
        questionnaire = JSON.valueToTree(campaigns.campaignsCodeQuestionnaireGet(CAMPAIGN));

        ResponsesApi partner = new ResponsesApi(survey(E2eStack.partnerToken()));
        // a batch: one authority in scope, one outside it
        List<Map<String, Object>> metropole = nextAnswerSet();
        List<Map<String, Object>> paris = nextAnswerSet();
        BatchResult result = partner.campaignsCodeResponsesBatchPost(CAMPAIGN, new BatchRequest()
                .responses(List.of(item(METROPOLE_DE_LYON, metropole), item(PARIS, paris))));
        Map<String, BatchOutcome> outcomes = new HashMap<>();
        result.getResults().forEach(o -> outcomes.put(o.getSiren(), o));
        assertEquals(Status1.SUBMITTED, outcomes.get(METROPOLE_DE_LYON).getStatus(), String.valueOf(result));
        assertEquals(Status1.NOT_FOUND, outcomes.get(PARIS).getStatus(), String.valueOf(result));
        submitted.put(METROPOLE_DE_LYON, metropole);

        // one by one: PUT the draft, then submit
        List<Map<String, Object>> toulouse = nextAnswerSet();
        partner.campaignsCodeResponsesSirenPut(CAMPAIGN, TOULOUSE, new Answers().answers(toAnswers(toulouse)), null, "*");
        var response = partner.campaignsCodeResponsesSirenSubmissionPost(CAMPAIGN, TOULOUSE, "e2e-toulouse-1", null);
        assertEquals("SUBMITTED", String.valueOf(response.getStatus()));
        submitted.put(TOULOUSE, toulouse);

        // outside its scope: 404 on read and write, nothing revealed
        assertEquals(404, status(() -> partner.campaignsCodeResponsesSirenPut(CAMPAIGN, PARIS,
                new Answers().answers(toAnswers(paris)), null, null)));
        assertEquals(404, status(() -> partner.campaignsCodeResponsesSirenGet(CAMPAIGN, PARIS)));
        assertEquals(404, status(() -> partner.campaignsCodeResponsesSirenSubmissionPost(CAMPAIGN, PARIS, null, null)));
    }

    @Test
    @Order(3)
    void agentLyonFillsItsResponseInTwoSavesAndReadsItsAssessmentAndBenchmark() throws Exception {
        String token = agentLyon();
        ResponsesApi responses = new ResponsesApi(survey(token));
        List<Map<String, Object>> lyon = nextAnswerSet();
        int half = lyon.size() / 2;
        ApiResponse<Object> first = responses.campaignsCodeResponsesSirenPutWithHttpInfo(CAMPAIGN, LYON,
                new Answers().answers(toAnswers(lyon.subList(0, half))), null, "*");
        String etag = header(first.getHeaders(), "etag");
        assertNotNull(etag, "PUT answers an ETag: " + first.getHeaders());
        // a stale or missing If-Match is refused
        assertEquals(412, status(() -> responses.campaignsCodeResponsesSirenPatch(CAMPAIGN, LYON, "\"stale\"",
                new Answers().answers(toAnswers(lyon.subList(half, lyon.size()))))));
        ApiResponse<Object> second = responses.campaignsCodeResponsesSirenPatchWithHttpInfo(CAMPAIGN, LYON, etag,
                new Answers().answers(toAnswers(lyon.subList(half, lyon.size()))));
        assertEquals(200, second.getStatusCode());
        String etag2 = header(second.getHeaders(), "etag");
        var done = responses.campaignsCodeResponsesSirenSubmissionPost(CAMPAIGN, LYON, "e2e-lyon-1", etag2);
        assertEquals("SUBMITTED", String.valueOf(done.getStatus()));
        submitted.put(LYON, lyon);

        Map<String, Integer> expectedLevels = themeLevels(lyon);
        AssessmentsApi assessments = new AssessmentsApi(scoring(token));
        Assessment assessment = await("Lyon's assessment", () -> assessments.campaignsCodeAssessmentsSirenGet(CAMPAIGN, LYON));
        assertEquals(LYON, assessment.getSiren());
        Map<String, Integer> levels = new LinkedHashMap<>();
        assessment.getThemes().forEach(t -> levels.put(t.getTheme(), t.getLevel()));
        assertEquals(new HashMap<>(expectedLevels), new HashMap<>(levels));
        assessment.getThemes().forEach(t -> assertEquals(t.getLevel() >= 3, t.getEngaged(), t.getTheme()));

        BarometersApi barometers = new BarometersApi(reporting(token));
        Benchmark benchmark = await("Lyon's benchmark", () -> barometers.barometersCodeCollectivitiesSirenGet(CAMPAIGN, LYON, null));
        assertEquals(LYON, benchmark.getSiren());
        benchmark.getThemes().forEach(t -> assertEquals(expectedLevels.get(t.getTheme()), t.getLevel(), t.getTheme()));

        // Rennes Métropole's data: 404 everywhere for agent-lyon
        assertEquals(404, status(() -> responses.campaignsCodeResponsesSirenGet(CAMPAIGN, RENNES_METROPOLE)));
        assertEquals(404, status(() -> responses.campaignsCodeResponsesSirenPut(CAMPAIGN, RENNES_METROPOLE,
                new Answers().answers(toAnswers(lyon.subList(0, half))), null, null)));
        assertEquals(404, status(() -> responses.campaignsCodeResponsesSirenSubmissionPost(CAMPAIGN, RENNES_METROPOLE, null, null)));
        assertEquals(404, status(() -> assessments.campaignsCodeAssessmentsSirenGet(CAMPAIGN, RENNES_METROPOLE)));
        assertEquals(404, status(() -> barometers.barometersCodeCollectivitiesSirenGet(CAMPAIGN, RENNES_METROPOLE, null)));
        // and another authority that has an assessment (Toulouse, submitted by the partner)
        assertEquals(404, status(() -> assessments.campaignsCodeAssessmentsSirenGet(CAMPAIGN, TOULOUSE)));
        assertEquals(404, status(() -> barometers.barometersCodeCollectivitiesSirenGet(CAMPAIGN, TOULOUSE, null)));
    }

    static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }

    @Test
    @Order(4)
    void theBarometerShowsTheSharesTheAnswersImply() throws Exception {
        // a few more responses, by an admin batch, so that the shares have some spread
        List<BatchItem> items = new ArrayList<>();
        Map<String, List<Map<String, Object>>> more = new LinkedHashMap<>();
        for (String siren : List.of(STRASBOURG, BORDEAUX)) {
            more.put(siren, nextAnswerSet());
            items.add(item(siren, more.get(siren)));
        }
        BatchResult result = new ResponsesApi(survey(admin())).campaignsCodeResponsesBatchPost(CAMPAIGN, new BatchRequest().responses(items));
        assertEquals(2, result.getSubmitted(), String.valueOf(result));
        submitted.putAll(more);
        Barometer barometer = awaitBarometerMatches(3);
        assertEquals(submitted.size(), barometer.getAuthorities().intValue());
    }

    @Test
    @Order(5)
    void adminSetsThePartnerScopeAndOnboardsAnAgentWhoActsForItsAuthorityOnly() throws Exception {
        String admin = admin();
        PartnersApi partners = new PartnersApi(survey(admin));
        PartnerScope before = partners.partnersClientIdScopeGet("partner-demo");
        assertEquals(404, status(() -> new ResponsesApi(survey(E2eStack.partnerToken())).campaignsCodeResponsesSirenGet(CAMPAIGN, BORDEAUX)));
        PartnerScope scope = new PartnerScope().networks(Set.of(Network.FRANCE_URBAINE))
                .sirens(new LinkedHashSet<>(List.of(LYON, RENNES_METROPOLE, METROPOLE_DE_LYON, TOULOUSE, BORDEAUX)));
        partners.partnersClientIdScopePut("partner-demo", scope);
        JsonNode claim = E2eStack.claims(E2eStack.partnerToken()).path("partner_scope");
        Set<String> sirens = new LinkedHashSet<>();
        claim.path("sirens").forEach(s -> sirens.add(s.asText()));
        assertEquals(scope.getSirens(), sirens, "partner_scope of a fresh token: " + claim);
        assertTrue(claim.path("networks").toString().contains("FRANCE_URBAINE"), claim.toString());
        // with a fresh token the partner now reaches Bordeaux's response
        assertEquals(200, status(() -> new ResponsesApi(survey(E2eStack.partnerToken())).campaignsCodeResponsesSirenGet(CAMPAIGN, BORDEAUX)));
        partners.partnersClientIdScopePut("partner-demo", before); // back to the realm's scope

        // onboarding an agent of Montpellier
        AgentsApi agents = new AgentsApi(survey(admin));
        var account = agents.collectivitiesSirenAgentsPost(MONTPELLIER,
                new NewAgent().email("agent.e2e@montpellier.example").firstName("Agent").lastName("E2e"));
        assertNotNull(account.getTemporaryPassword());
        Agent agent = agents.collectivitiesSirenAgentsGet(MONTPELLIER).stream()
                .filter(a -> "agent.e2e@montpellier.example".equals(a.getEmail())).findFirst().orElseThrow();
        assertEquals(MONTPELLIER, agent.getCollectivity());
        // its temporary password forces UPDATE_PASSWORD: a password grant is refused until it is set
        Http.Reply temporary = E2eStack.tokenReply(E2eStack.keycloakUrl(), "barometre", "barometre-app",
                agent.getUsername(), account.getTemporaryPassword());
        assertEquals(400, temporary.status(), "refused while UPDATE_PASSWORD is pending: " + temporary.body());
        // The agent's password is set non-temporarily through Keycloak's admin REST API (master realm admin).
        String kcAdmin = E2eStack.tokenReply(E2eStack.keycloakUrl(), "master", "admin-cli", "admin", "admin")
                .expectOk("master admin token").json().get("access_token").asText();
        int reset = E2eStack.rawStatus("PUT", E2eStack.keycloakUrl() + "/admin/realms/barometre/users/" + agent.getId() + "/reset-password",
                kcAdmin, "{\"type\":\"password\",\"value\":\"e2e-Secret-1\",\"temporary\":false}");
        assertEquals(204, reset);
        String agentToken = E2eStack.password(agent.getUsername(), "e2e-Secret-1");
        assertEquals(MONTPELLIER, E2eStack.claims(agentToken).path("collectivity").asText());
        ResponsesApi own = new ResponsesApi(survey(agentToken));
        assertEquals(200, status(() -> own.campaignsCodeResponsesSirenPut(CAMPAIGN, MONTPELLIER,
                new Answers().answers(toAnswers(nextAnswerSet().subList(0, 2))), null, "*")));
        assertEquals(200, status(() -> own.campaignsCodeResponsesSirenGet(CAMPAIGN, MONTPELLIER)));
        assertEquals(404, status(() -> own.campaignsCodeResponsesSirenGet(CAMPAIGN, LYON)));
        assertEquals(404, status(() -> own.campaignsCodeResponsesSirenPut(CAMPAIGN, NANTES,
                new Answers().answers(toAnswers(nextAnswerSet().subList(0, 2))), null, "*")));
        assertEquals(404, status(() -> new AssessmentsApi(scoring(agentToken)).campaignsCodeAssessmentsSirenGet(CAMPAIGN, LYON)));
        assertEquals(404, status(() -> new BarometersApi(reporting(agentToken)).barometersCodeCollectivitiesSirenGet(CAMPAIGN, LYON, null)));

        // revoked by an admin, the agent can no longer obtain a token
        agents.collectivitiesSirenAgentsIdDelete(agent.getId(), MONTPELLIER);
        Http.Reply revoked = E2eStack.tokenReply(E2eStack.keycloakUrl(), "barometre", "barometre-app", agent.getUsername(), "e2e-Secret-1");
        assertEquals(400, revoked.status(), "refused once revoked: " + revoked.body());
    }

    @Test
    @Order(6)
    void nothingIsLostWhileScoringOrReportingIsDown() throws Exception {
        ResponsesApi admin = new ResponsesApi(survey(admin()));
        // scoring-service down while responses are submitted
        E2eStack.stopService(Stack.SCORING);
        Map<String, List<Map<String, Object>>> whileScoringDown = new LinkedHashMap<>();
        whileScoringDown.put(MARSEILLE, nextAnswerSet());
        whileScoringDown.put(NANTES, nextAnswerSet());
        List<BatchItem> items = new ArrayList<>();
        whileScoringDown.forEach((s, a) -> items.add(item(s, a)));
        assertEquals(2, admin.campaignsCodeResponsesBatchPost(CAMPAIGN, new BatchRequest().responses(items)).getSubmitted());
        submitted.putAll(whileScoringDown);
        Thread.sleep(2000);
        E2eStack.startService(Stack.SCORING);
        AssessmentsApi assessments = new AssessmentsApi(scoring(admin()));
        for (String siren : whileScoringDown.keySet()) {
            Assessment a = await("assessment of " + siren, () -> assessments.campaignsCodeAssessmentsSirenGet(CAMPAIGN, siren));
            assertEquals(1, a.getAssessmentVersion(), siren + " assessed once");
            assertEquals(1, a.getRevision());
        }
        awaitBarometerMatches(3);

        // reporting-service down while assessments are made
        E2eStack.stopService(Stack.REPORTING);
        Map<String, List<Map<String, Object>>> whileReportingDown = new LinkedHashMap<>();
        whileReportingDown.put(NICE, nextAnswerSet());
        whileReportingDown.put(PARIS, nextAnswerSet());
        items.clear();
        whileReportingDown.forEach((s, a) -> items.add(item(s, a)));
        BatchResult result = admin.campaignsCodeResponsesBatchPost(CAMPAIGN, new BatchRequest().responses(items));
        assertEquals(2, result.getSubmitted(), String.valueOf(result));
        submitted.putAll(whileReportingDown);
        for (String siren : whileReportingDown.keySet()) {
            await("assessment of " + siren, () -> assessments.campaignsCodeAssessmentsSirenGet(CAMPAIGN, siren));
        }
        E2eStack.startService(Stack.REPORTING);
        Barometer barometer = awaitBarometerMatches(3);
        assertEquals(submitted.size(), barometer.getAuthorities().intValue(), "each authority counted once");
    }

    @Test
    @Order(7)
    void aRescoringUnderANewModelMovesTheBarometer() throws Exception {
        String admin = admin();
        ModelsApi models = new ModelsApi(scoring(admin));
        var defaults = models.modelsIdGet("barometre-v1");
        // the default model's bands, engaged from level 2 instead of 3
        models.modelsPost(new NewModel().id("e2e-engaged-at-2").bands(defaults.getBands()).engagedLevel(2));
        var started = new RescoringApi(scoring(admin)).campaignsCodeRescoringPostWithHttpInfo(CAMPAIGN,
                new RescoringRequest().model("e2e-engaged-at-2"));
        assertEquals(202, started.getStatusCode());
        String location = started.getHeaders().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("location"))
                .map(e -> e.getValue().get(0)).findFirst().orElseThrow();
        String jobId = location.substring(location.lastIndexOf('/') + 1);
        RescoringApi jobs = new RescoringApi(scoring(admin));
        Job job = await("rescoring job " + jobId, () -> {
            Job j = jobs.jobsIdGet(jobId);
            assertFalse(j.getState() == State.FAILED, String.valueOf(j));
            return j.getState() == State.DONE ? j : null;
        });
        assertEquals(submitted.size(), job.getTotal());
        Barometer barometer = awaitBarometerMatches(2);
        assertEquals(submitted.size(), barometer.getAuthorities().intValue());
        Assessment lyon = new AssessmentsApi(scoring(agentLyon())).campaignsCodeAssessmentsSirenGet(CAMPAIGN, LYON);
        assertEquals("e2e-engaged-at-2", lyon.getModel());
        assertEquals(2, lyon.getAssessmentVersion());
    }

    @Test
    @Order(8)
    void anAdminPublishesAndAnonymousCallersReadThePublishedFiguresOnly() throws Exception {
        String admin = admin();
        // a second edition with one response, left unpublished
        CampaignsApi campaigns = new CampaignsApi(survey(admin));
        campaigns.campaignsPost(new NewCampaign().code(OTHER_CAMPAIGN).title("Unpublished")
                .audience(new Audience().sirens(new LinkedHashSet<>(List.of(LYON, TOULOUSE)))));
        campaigns.campaignsCodeOpenPost(OTHER_CAMPAIGN);
        assertEquals(1, new ResponsesApi(survey(admin)).campaignsCodeResponsesBatchPost(OTHER_CAMPAIGN,
                new BatchRequest().responses(List.of(item(TOULOUSE, nextAnswerSet())))).getSubmitted());
        BarometersApi analyst = new BarometersApi(reporting(analyst()));
        await("edition " + OTHER_CAMPAIGN + " in reporting", () -> analyst.barometersCodeGet(OTHER_CAMPAIGN, null, null, null, null, null, null));

        BarometersApi anonymous = new BarometersApi(reporting(null));
        assertEquals(404, status(() -> anonymous.barometersCodeGet(CAMPAIGN, null, null, null, null, null, null)), "before publication");
        new BarometersApi(reporting(admin)).barometersCodePublicationPost(CAMPAIGN);
        Barometer published = anonymous.barometersCodeGet(CAMPAIGN, null, null, null, null, null, null);
        assertEquals(submitted.size(), published.getAuthorities().intValue());
        Map<String, long[]> expected = expectedShares(2);
        for (ThemeFigures t : published.getThemes()) {
            assertEquals(expected.get(t.getTheme())[0], t.getRespondents(), t.getTheme());
            assertEquals(expected.get(t.getTheme())[1], t.getEngaged(), t.getTheme());
        }
        assertEquals(200, status(() -> anonymous.barometersCodeStrataGet(CAMPAIGN, null, null, null, null)));
        assertEquals(401, status(() -> anonymous.barometersCodeCollectivitiesSirenGet(CAMPAIGN, LYON, null)));
        assertEquals(404, status(() -> anonymous.barometersCodeGet(OTHER_CAMPAIGN, null, null, null, null, null, null)));
        assertEquals(404, status(() -> anonymous.barometersCodeStrataGet(OTHER_CAMPAIGN, null, null, null, null)));
    }
}
