package fr.barometre.reporting.figures;

import fr.barometre.reporting.fact.Source;
import fr.barometre.reporting.fact.Themes;
import fr.barometre.reporting.testing.EmbeddedPostgresResource;
import fr.barometre.reporting.testing.Facts;
import fr.barometre.reporting.testing.NeighboursWireMockResource;
import fr.barometre.reporting.testing.Tokens;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static fr.barometre.reporting.testing.Facts.fact;
import static fr.barometre.reporting.testing.Facts.siren;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The editions in memory ({@link Snapshot}, {@link Snapshots}): a snapshot refreshed with only the
 * facts changed since it was built holds exactly what a snapshot read whole holds, on random
 * editions delivered in rounds; a transaction that commits after a later one is not missed; a read
 * never gets figures older than the version row it read, except a figure read while another request
 * refreshes the edition, which gets the last complete snapshot at once.
 */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(NeighboursWireMockResource.class)
class SnapshotRefreshTest {

    private static final List<String> QUESTIONS = List.of("NR-1", "SU-1", "GOV-PORTAGE", "GOV-BUDGET", "DIA-USAGE-AGENTS", "DIA-OUTILS", "CYB-NIS2");

    @Inject
    Snapshots snapshots;

    @Inject
    FiguresRepository repository;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry metrics;

    @Test
    void anIncrementalRefreshHoldsWhatAFullReadHolds() throws Exception {
        String campaign = "snap-random";
        Random random = new Random(2025);
        int[] versions = new int[80];
        for (int n = 0; n < 30; n++) {
            randomFact(random, campaign, n, ++versions[n]).deliver();
        }
        Snapshot start = snapshots.live(campaign, version(campaign));
        assertEquals(describe(full(campaign)), describe(start));
        double fullLoads = loads("full");
        double incrementalLoads = loads("incremental");
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 8; i++) {
                int n = random.nextInt(versions.length);   // a new authority or a newer assessment of one held, its profile drawn again
                randomFact(random, campaign, n, ++versions[n]).deliver();
            }
            long version = version(campaign);
            Snapshot refreshed = snapshots.live(campaign, version);
            assertTrue(refreshed.version >= version, "never older than the version row read");
            assertEquals(describe(full(campaign)), describe(refreshed), "round " + round);
        }
        assertEquals(fullLoads, loads("full"), "no edition read whole again");
        assertEquals(incrementalLoads + 6, loads("incremental"), "one refresh per round, of the changed facts only");
    }

    @Test
    void aTransactionCommittingAfterALaterOneIsNotMissed() throws Exception {
        String campaign = "snap-order";
        fact(campaign, siren(62, 1)).allAt(0).deliver();
        fact(campaign, siren(62, 2)).allAt(0).deliver();
        snapshots.live(campaign, version(campaign));
        try (Connection first = dataSource.getConnection(); Connection second = dataSource.getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            engage(first, campaign, siren(62, 1));    // this transaction writes first (the lower transaction id)...
            engage(second, campaign, siren(62, 2));
            second.commit();                          // ...but commits after the second one
            bump(campaign);
            Snapshot between = snapshots.live(campaign, version(campaign));
            assertEquals(1, engaged(between));
            first.commit();
            bump(campaign);
        }
        Snapshot after = snapshots.live(campaign, version(campaign));
        assertEquals(2, engaged(after), "the fact of the transaction that committed last is read");
        assertEquals(describe(full(campaign)), describe(after));
    }

    @Test
    void aReadNeverGetsFiguresOlderThanTheVersionRowItRead() {
        String campaign = "snap-fresh";
        for (int i = 1; i <= 5; i++) {
            fact(campaign, siren(63, i)).allAt(3).deliver();
        }
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + campaign).then().statusCode(200)
                .body("themes[0].engaged", equalTo(5));
        for (int i = 1; i <= 3; i++) {
            fact(campaign, siren(63, i)).version(2).allAt(0).deliver();
            given().auth().oauth2(Tokens.analyst()).get("/barometers/" + campaign).then().statusCode(200)
                    .body("themes[0].engaged", equalTo(5 - i)).body("themes[0].respondents", equalTo(5));
        }
    }

    /**
     * A figure read does not wait for a refresh another request runs: it gets the last complete
     * snapshot (the very one held before, never one half built), and the reads after the refresh get
     * the new one. The refresh is held mid-way by a lock on the facts it reads.
     */
    @Test
    void aFigureReadDuringARefreshGetsThePreviousCompleteSnapshotThenTheNewOne() throws Exception {
        String campaign = "snap-during";
        for (int i = 1; i <= 5; i++) {
            fact(campaign, siren(64, i)).allAt(3).deliver();
        }
        Snapshot before = snapshots.latest(campaign, version(campaign));
        assertEquals(5, engaged(before));
        fact(campaign, siren(64, 1)).version(2).allAt(0).deliver();
        long version = version(campaign);
        java.util.concurrent.ExecutorService refresher = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.Future<Snapshot> refreshing;
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            execute(lock, "lock table fact in access exclusive mode");
            refreshing = refresher.submit(() -> snapshots.latest(campaign, version));
            awaitWaitingFor("fact");
            Snapshot during = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                    () -> snapshots.latest(campaign, version), "a read while the refresh runs does not wait for it");
            org.junit.jupiter.api.Assertions.assertSame(before, during, "the previous complete snapshot");
            assertEquals(5, engaged(during));
            assertEquals(5, during.facts());
            lock.rollback();
        }
        Snapshot after = refreshing.get(60, java.util.concurrent.TimeUnit.SECONDS);
        refresher.shutdown();
        assertTrue(after.version >= version, "the refresh's snapshot is of the version row read");
        assertEquals(4, engaged(after));
        org.junit.jupiter.api.Assertions.assertSame(after, snapshots.latest(campaign, version), "the reads after it get the new one");
        assertEquals(describe(full(campaign)), describe(after));
        given().auth().oauth2(Tokens.analyst()).get("/barometers/" + campaign).then().statusCode(200)
                .body("themes[0].engaged", equalTo(4)).body("themes[0].respondents", equalTo(5));
    }

    /** Until a statement waits for a lock on the table. */
    private void awaitWaitingFor(String table) throws Exception {
        long until = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < until) {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "select count(*) from pg_locks where not granted and relation = cast(? as regclass)")) {
                ps.setString(1, table);
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no statement waits for table " + table);
    }

    /**
     * A refresh costs the change, not the edition: after 3 facts changed in an edition of 3,000 (7
     * themes and 40 answers each), the refresh's statement, as PostgreSQL runs it (EXPLAIN ANALYZE),
     * reads the 3 changed fact rows and nothing else, where reading the edition would read 3,000.
     */
    @Test
    void aRefreshReadsOnlyTheRowsOfTheChangedFacts() throws Exception {
        String campaign = "snap-cost";
        int size = 3000;
        try (Connection c = dataSource.getConnection()) {
            execute(c, """
                    insert into fact (source, campaign_code, siren, assessment_version, revision, model, questionnaire_version,
                                      stratum, networks, payload, theme_codes, theme_scores, theme_levels, theme_engaged,
                                      answer_questions, answer_values, answer_numbers)
                    select 'LIVE', '%1$s', '7' || lpad(g::text, 8, '0'), 1, 1, 'barometre-v1', 'T.1', 'S1', '{}', '{}',
                           array['%3$s'], array_fill(50::numeric, array[7]), array_fill(2::int2, array[7]), array_fill(false, array[7]),
                           array(select 'Q-' || q from generate_series(1, 40) q), array(select (q %% 5)::text from generate_series(1, 40) q),
                           array_fill(null::numeric, array[40])
                    from generate_series(1, %2$d) g""".formatted(campaign, size, String.join("', '", Themes.CODES)));
            execute(c, "analyze fact");
            execute(c, "insert into campaign_version (campaign_code, version) values ('" + campaign + "', 1)");
        }
        Snapshot held = snapshots.live(campaign, version(campaign));
        assertEquals(size, held.facts());
        for (int n : new int[] {5, 1500, 2999}) {
            try (Connection c = dataSource.getConnection()) {
                engage(c, campaign, "7" + String.format("%08d", n));
            }
        }
        java.util.Map<String, Long> read = new java.util.TreeMap<>();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            FiguresRepository.byIndexes(c);
            for (String sql : List.of(FiguresRepository.CHANGED_ONLY)) {
                try (PreparedStatement ps = c.prepareStatement("explain (analyze, format json) " + sql)) {
                    ps.setString(1, "LIVE");
                    ps.setString(2, campaign);
                    ps.setString(3, held.pgSnapshot);
                    ps.setString(4, held.pgSnapshot);
                    try (java.sql.ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        rowsRead(new com.fasterxml.jackson.databind.ObjectMapper().readTree(rs.getString(1)).get(0).get("Plan"), read);
                    }
                }
            }
            c.rollback();
        }
        assertEquals(java.util.Set.of("fact"), read.keySet(), "a fact's themes and answers are on its row");
        assertTrue(read.get("fact") <= 3, "fact rows read: " + read);
        bump(campaign);
        Snapshot refreshed = snapshots.live(campaign, version(campaign));
        assertEquals(3, engaged(refreshed), "the changed facts read");
        assertEquals(describe(full(campaign)), describe(refreshed));
    }

    /** Per table, the rows a plan read (those it returned and those its filters removed, every loop). */
    private static void rowsRead(com.fasterxml.jackson.databind.JsonNode plan, java.util.Map<String, Long> read) {
        if (plan.has("Relation Name")) {
            long rows = plan.path("Actual Rows").asLong() + plan.path("Rows Removed by Filter").asLong()
                    + plan.path("Rows Removed by Index Recheck").asLong();
            read.merge(plan.get("Relation Name").asText(), rows * plan.path("Actual Loops").asLong(1), Long::sum);
        }
        plan.path("Plans").forEach(child -> rowsRead(child, read));
    }

    private static void execute(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    private static Facts randomFact(Random random, String campaign, int n, int version) {
        Facts f = fact(campaign, siren(61, n)).version(version)
                .stratum(random.nextInt(8) == 0 ? null : Themes.STRATA.get(random.nextInt(6)))
                .kind(List.of("COMMUNE", "EPCI_CC", "EPCI_CA").get(random.nextInt(3)))
                .region(List.of("84", "11", "93").get(random.nextInt(3)))
                .index(random.nextInt(5) == 0 ? null : random.nextInt(10000) / 100 + "." + random.nextInt(10));
        List<String> networks = new ArrayList<>();
        for (String network : List.of("INTERCONNECTES", "FRANCE_URBAINE", "INTERCOMMUNALITES_DE_FRANCE")) {
            if (random.nextInt(3) == 0) {
                networks.add(network);
            }
        }
        f.networks(networks.toArray(String[]::new));
        for (String theme : Facts.THEMES) {
            if (random.nextInt(8) == 0) {
                f.theme(theme, null, null, false);
            } else {
                int level = random.nextInt(5);
                f.theme(theme, (level * 20 + random.nextInt(20)) + "." + random.nextInt(100), level, level >= 3);
            }
        }
        if (random.nextInt(6) == 0) {
            f.abstention("NR-1", "NSP");
        } else {
            f.level("NR-1", random.nextInt(5));
        }
        f.level("SU-1", random.nextInt(5));
        f.value("GOV-PORTAGE", List.of("ELUS_ET_DIRECTION_GENERALE", "ELUS_SEULS", "DIRECTION_GENERALE_SEULE", "AUCUN").get(random.nextInt(4)));
        if (random.nextBoolean()) {
            f.value("GOV-BUDGET", new java.math.BigDecimal(random.nextInt(100000) + "." + random.nextInt(100)));
        }
        if (random.nextBoolean()) {
            f.value("DIA-USAGE-AGENTS", "ORGANISE");
            f.value("DIA-OUTILS", List.of("CHATBOT", "SYNTHESE", "CODE").subList(0, 1 + random.nextInt(3)));
        } else {
            f.value("DIA-USAGE-AGENTS", "AUCUN");
        }
        if (random.nextBoolean()) {
            f.value("CYB-NIS2", random.nextBoolean());
        }
        return f;
    }

    /** Every figure of the snapshot, for requests with each combination of a few filters, as text (profiles sorted). */
    private static String describe(Snapshot s) {
        List<String> lines = new ArrayList<>();
        List<Confidentiality.Selection> selections = new ArrayList<>();
        for (String stratum : Arrays.asList(null, "S1", "S4")) {
            for (String kind : Arrays.asList(null, "COMMUNE")) {
                for (String region : Arrays.asList(null, "84")) {
                    for (String network : Arrays.asList(null, "INTERCONNECTES")) {
                        selections.add(new Confidentiality.Selection(stratum, kind, region, network));
                    }
                }
            }
        }
        for (Confidentiality.Selection selection : selections) {
            lines.add(selection + " authorities " + s.authorities(selection));
            for (boolean byStratum : new boolean[] {false, true}) {
                s.themeRows(selection, byStratum).forEach(row -> lines.add(selection + " " + row.theme() + " " + row.stratum() + " "
                        + row.respondents() + " " + row.engaged() + " " + row.mean() + " " + Arrays.toString(row.levels())));
            }
            for (String question : QUESTIONS) {
                lines.add(selection + " " + question + " " + new java.util.TreeMap<>(withoutNull(s.answerCounts(selection, question)))
                        + " answered " + s.answerCounts(selection, question).get(null));
                s.crossRows(selection, question).forEach(row -> lines.add(selection + " cross " + question + " " + row));
            }
            lines.add(selection + " numbers " + s.numberStats(selection, "GOV-BUDGET"));
        }
        s.populations().cells().forEach((population, cells) -> cells.forEach(c -> lines.add("population " + population + " " + cell(c))));
        for (String question : QUESTIONS) {
            s.answered(question).forEach(c -> lines.add("answered " + question + " " + cell(c)));
            s.crossPopulations(question).cells().forEach((population, cells) -> cells.forEach(c -> lines.add("cross population " + question
                    + " " + population + " " + cell(c))));
            lines.add("unanswered " + question + " " + s.anyUnanswered(question));
        }
        lines.add("models " + s.models() + " questionnaire " + s.questionnaireVersion() + " facts " + s.facts());
        lines.sort(null);
        return String.join("\n", lines);
    }

    private static java.util.Map<String, Long> withoutNull(java.util.Map<String, Long> counts) {
        java.util.Map<String, Long> copy = new java.util.HashMap<>(counts);
        copy.remove(null);
        return copy;
    }

    private Snapshot full(String campaign) {
        Snapshot.Builder builder = Snapshot.empty(Source.LIVE, campaign).refresh();
        FiguresRepository.Loaded loaded = repository.load(Source.LIVE, campaign, null, builder);
        return builder.build(loaded.version(), loaded.pgSnapshot(), loaded.publication());
    }

    private double loads(String kind) {
        return metrics.counter("reporting.figures.snapshot.loads", "kind", kind).count();
    }

    private static long engaged(Snapshot s) {
        return s.themeRows(Confidentiality.Selection.ALL, false).get(0).engaged();
    }

    private long version(String campaign) {
        return repository.state(campaign).version();
    }

    /** In the caller's open transaction, a newer assessment of the fact with every theme engaged, as the ingest writes it. */
    private static void engage(Connection c, String campaign, String siren) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("""
                update fact set assessment_version = assessment_version + 1, theme_scores = array_fill(100::numeric, array[cardinality(theme_codes)]),
                                theme_levels = array_fill(4::int2, array[cardinality(theme_codes)]),
                                theme_engaged = array_fill(true, array[cardinality(theme_codes)])
                where source = 'LIVE' and campaign_code = ? and siren = ?""")) {
            ps.setString(1, campaign);
            ps.setString(2, siren);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private void bump(String campaign) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "update campaign_version set version = version + 1 where campaign_code = ?")) {
            ps.setString(1, campaign);
            assertEquals(1, ps.executeUpdate());
        }
    }

    /** A cell as text, its networks sorted. */
    private static String cell(Confidentiality.Cell c) {
        Confidentiality.Profile p = c.profile();
        return p.stratum() + "/" + p.kind() + "/" + p.region() + "/" + new java.util.TreeSet<>(p.networks()) + "/" + p.answer() + " " + c.authorities();
    }
}
