package fr.barometre.reporting.figures;

import fr.barometre.reporting.config.ReportingConfig;
import fr.barometre.reporting.fact.Source;
import fr.barometre.reporting.fact.Themes;
import fr.barometre.reporting.figures.FiguresRepository.AuthorityRow;
import fr.barometre.reporting.figures.FiguresRepository.CampaignState;
import fr.barometre.reporting.figures.FiguresRepository.Percentile;
import fr.barometre.reporting.figures.FiguresRepository.ThemeRow;
import fr.barometre.reporting.problem.FieldError;
import fr.barometre.reporting.problem.ProblemException;
import fr.barometre.reporting.questionnaire.Questionnaire;
import fr.barometre.reporting.questionnaire.QuestionnaireStore;
import fr.barometre.reporting.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The figures of an edition for the caller: which copy it reads (analysts and admins LIVE, everyone
 * else the PUBLISHED snapshot), whether confidentiality applies, and the cache in front of the SQL.
 */
@ApplicationScoped
public class FiguresService {

    static final int SHARE_SCALE = 4;

    @Inject
    FiguresRepository repository;

    @Inject
    FiguresCache cache;

    @Inject
    Snapshots snapshots;

    @Inject
    com.fasterxml.jackson.databind.ObjectMapper mapper;

    @Inject
    QuestionnaireStore questionnaires;

    @Inject
    Caller caller;

    @Inject
    ReportingConfig config;

    /**
     * Which figures a request reads. Its cache keys carry what dates those figures: the version row
     * for LIVE figures, the publication (instant and transaction) for the published snapshot, which
     * LIVE facts and their version bumps never change: public reads stay cached while facts arrive.
     */
    record Reading(String campaign, Source source, long version, boolean confidential, Views.Edition edition, CampaignState state,
                   Snapshot facts) {

        /** The same reading computed from these LIVE facts, named by their version (which may differ from the version row read). */
        Reading from(Snapshot live) {
            return new Reading(campaign, source, live.version, confidential, edition, state, live);
        }

        String key(String what, Object... parts) {
            StringBuilder key = new StringBuilder(what).append('|').append(campaign).append('|').append(stamp(source, version, state.publication()))
                    .append('|').append(source).append('|').append(confidential);
            for (Object part : parts) {
                key.append('|').append(part);
            }
            return key.toString();
        }
    }

    /** What dates an edition's figures in a source: its version row (LIVE), its publication (PUBLISHED). */
    static String stamp(Source source, long version, String publication) {
        return source == Source.PUBLISHED ? "p" + publication : "v" + version;
    }

    /**
     * What the caller reads, for a figure: LIVE figures come from the edition's latest complete
     * snapshot ({@link Snapshots#latest}: not waiting for a refresh another request runs), and are
     * named (cached) by that snapshot's version.
     */
    Reading reading(String campaign, boolean askPublished) {
        Reading r = reading(campaign, askPublished, false);
        return r.source() == Source.LIVE ? r.from(snapshots.latest(campaign, r.version())) : r;
    }

    /**
     * What the caller reads: analysts and admins the live figures, everyone else the published
     * snapshot — except an authority's own benchmark, read live by those allowed to see the
     * authority (its position is its own data, wanted before publication), percentiles still
     * withheld under the threshold.
     */
    Reading reading(String campaign, boolean askPublished, boolean ownAuthority) {
        CampaignState state = repository.state(campaign);
        boolean privileged = caller.seesEverything();
        Source source = (privileged || ownAuthority) && !askPublished ? Source.LIVE : Source.PUBLISHED;
        if (source == Source.PUBLISHED && state.publishedAt() == null) {
            throw ProblemException.notFound("Edition " + campaign + " is not published.");
        }
        if (source == Source.LIVE && !state.hasLiveFacts()) {
            throw ProblemException.notFound("Reporting holds no assessment of campaign " + campaign + ".");
        }
        int threshold = config.confidentiality().minAuthorities();
        Views.Edition edition = new Views.Edition(campaign, source.name(), source == Source.PUBLISHED ? state.publishedAt() : null,
                threshold, !privileged);
        return new Reading(campaign, source, state.version(), !privileged, edition, state, null);
    }

    /** The facts a reading computes from: those it holds, else LIVE at least as new as the version row it read, PUBLISHED of the publication it read. */
    private Snapshot facts(Reading r) {
        if (r.facts() != null) {
            return r.facts();
        }
        return r.source() == Source.LIVE ? snapshots.live(r.campaign(), r.version()) : snapshots.published(r.campaign(), r.state().publication());
    }

    /** The facts of a compared edition, in the reading's source. */
    private Snapshot facts(Source source, FiguresRepository.Edition edition) {
        return source == Source.LIVE ? snapshots.live(edition.campaign(), edition.version())
                : snapshots.published(edition.campaign(), edition.publication());
    }

    // ---- GET /barometers/{code} -------------------------------------------------------------

    public Views.Barometer barometer(String campaign, Filters filters, String compareTo, boolean askPublished) {
        return barometerFigures(campaign, filters, compareTo, askPublished).value;
    }

    /** The JSON of {@link #barometer}: written once per figures computed, the same bytes for every read of them. */
    public byte[] barometerJson(String campaign, Filters filters, String compareTo, boolean askPublished) {
        return json(barometerFigures(campaign, filters, compareTo, askPublished));
    }

    private Kept<Views.Barometer> barometerFigures(String campaign, Filters filters, String compareTo, boolean askPublished) {
        filters.checked();
        Reading r = reading(campaign, askPublished);
        Optional<FiguresRepository.Edition> previous = previousEdition(r, compareTo);
        String key = r.key("barometer", filters.key(),
                previous.map(p -> p.campaign() + ":" + stamp(r.source(), p.version(), p.publication())).orElse("-"));
        return kept(key, () -> computeBarometer(r, filters, previous.orElse(null)));
    }

    /**
     * Figures as computed, kept in the cache with their JSON once it has been written: a cached read
     * writes nothing again. The JSON is the service's own ObjectMapper's, as the resources' would be.
     */
    static final class Kept<T> {
        final T value;
        volatile byte[] json;

        Kept(T value) {
            this.value = value;
        }
    }

    private <T> Kept<T> kept(String key, java.util.function.Supplier<T> compute) {
        return cache.get(key, () -> new Kept<>(compute.get()));
    }

    private byte[] json(Kept<?> kept) {
        byte[] written = kept.json;
        if (written == null) {
            try {
                written = mapper.writeValueAsBytes(kept.value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("Figures that cannot be written as JSON", e);
            }
            kept.json = written;
        }
        return written;
    }

    /** The edition compared with, and its version row (part of the cache key: its facts change its figures too). */
    private Optional<FiguresRepository.Edition> previousEdition(Reading r, String compareTo) {
        if (compareTo == null || compareTo.isBlank()) {
            return r.state().previous(r.source());
        }
        CampaignState other = repository.state(compareTo);
        boolean known = r.source() == Source.LIVE ? other.hasLiveFacts() : other.publishedAt() != null;
        if (compareTo.equals(r.campaign()) || !known) {
            throw ProblemException.badRequest("compareTo must name another edition with figures",
                    List.of(FieldError.ofField("compareTo", compareTo.equals(r.campaign()) ? "is this edition"
                            : "no " + (r.source() == Source.LIVE ? "" : "published ") + "figures for edition " + compareTo)));
        }
        return Optional.of(new FiguresRepository.Edition(compareTo, other.version(), other.publication()));
    }

    private Views.Barometer computeBarometer(Reading r, Filters filters, FiguresRepository.Edition previousEdition) {
        String previous = previousEdition == null ? null : previousEdition.campaign();
        Confidentiality.Selection selection = filters.selection();
        Snapshot facts = facts(r);
        Verdicts verdicts = verdicts(facts, r.confidential());
        Map<String, Confidentiality.Verdict> verdict = verdicts.themes(selection);
        Map<String, ThemeRow> rows = byTheme(facts.themeRows(selection, false));
        Map<String, Fraction> shares = shownShares(rows, verdict);
        Map<String, Integer> ranks = Ranking.competition(shares);
        Snapshot previousFacts = previous == null ? null : facts(r.source(), previousEdition);
        Map<String, ThemeRow> previousRows = previous == null ? Map.of() : byTheme(previousFacts.themeRows(selection, false));
        Map<String, Confidentiality.Verdict> previousVerdict = previous == null ? Map.of()
                : verdicts(previousFacts, r.confidential()).themes(selection);
        Map<String, Fraction> previousShares = shownShares(previousRows, previousVerdict);
        Map<String, Integer> previousRanks = Ranking.competition(previousShares);
        List<Views.ThemeFigures> themes = new ArrayList<>();
        for (String theme : Themes.CODES) {
            ThemeRow row = rows.getOrDefault(theme, ThemeRow.empty(theme, null));
            Views.Previous before = previous == null ? null
                    : previousFigures(previous, previousRows.getOrDefault(theme, ThemeRow.empty(theme, null)), previousVerdict.get(theme),
                    previousShares.get(theme), previousRanks.get(theme), shares.get(theme), ranks.get(theme));
            if (verdict.get(theme).withheld()) {
                themes.add(new Views.ThemeFigures(theme, null, null, null, null, null, null, before, true, rule().reason(verdict.get(theme))));
                continue;
            }
            Fraction share = shares.get(theme);
            List<Views.LevelCount> levels = new ArrayList<>();
            for (int level = 0; level <= Themes.MAX_LEVEL; level++) {
                long count = row.levels()[level];
                levels.add(new Views.LevelCount(level, count, ratio(count, row.respondents())));
            }
            themes.add(new Views.ThemeFigures(theme, row.respondents(), row.engaged(), share == null ? null : share.decimal(SHARE_SCALE),
                    ranks.get(theme), row.mean() == null ? null : row.mean().setScale(2, RoundingMode.HALF_UP), levels, before, false, null));
        }
        long authorities = facts.authorities(selection);
        Views.Homogeneity homogeneity = new Views.Homogeneity(shares.size(), Ranking.rangePoints(shares.values()),
                Ranking.standardDeviationPoints(shares.values()));
        return new Views.Barometer(r.edition(), Views.AppliedFilters.of(filters),
                verdicts.authorities(selection).withheld() ? null : authorities, previous, themes, homogeneity);
    }

    /**
     * The theme in the compared edition, under the same rule over that edition's authorities. Shares
     * and ranks are those shown, so a difference or a rank change with either side withheld is null.
     */
    private Views.Previous previousFigures(String campaign, ThemeRow row, Confidentiality.Verdict verdict, Fraction share, Integer rank,
                                           Fraction currentShare, Integer currentRank) {
        if (verdict.withheld()) {
            return new Views.Previous(campaign, null, null, null, null, null, null, true, rule().reason(verdict));
        }
        BigDecimal difference = share == null || currentShare == null ? null : currentShare.minus(share).points();
        Integer rankChange = rank == null || currentRank == null ? null : rank - currentRank;
        return new Views.Previous(campaign, row.respondents(), row.engaged(), share == null ? null : share.decimal(SHARE_SCALE), rank,
                difference, rankChange, false, null);
    }

    // ---- GET /barometers/{code}/strata ------------------------------------------------------

    public Views.Strata strata(String campaign, Filters filters, boolean askPublished) {
        return strataFigures(campaign, filters, askPublished).value;
    }

    /** The JSON of {@link #strata}, written once per figures computed. */
    public byte[] strataJson(String campaign, Filters filters, boolean askPublished) {
        return json(strataFigures(campaign, filters, askPublished));
    }

    private Kept<Views.Strata> strataFigures(String campaign, Filters filters, boolean askPublished) {
        filters.checked();
        Reading r = reading(campaign, askPublished);
        return kept(r.key("strata", filters.key()), () -> computeStrata(r, filters));
    }

    private Views.Strata computeStrata(Reading r, Filters filters) {
        Snapshot facts = facts(r);
        Map<String, ThemeRow> rows = new HashMap<>();
        for (ThemeRow row : facts.themeRows(filters.selection(), true)) {
            rows.put(row.theme() + "/" + row.stratum(), row);
        }
        List<Views.ThemeStrata> themes = new ArrayList<>();
        Verdicts verdicts = verdicts(facts, r.confidential());
        for (String theme : Themes.CODES) {
            List<Views.StratumShare> strata = new ArrayList<>();
            String most = null;
            String least = null;
            Fraction max = null;
            Fraction min = null;
            for (String stratum : Themes.STRATA) {
                ThemeRow row = rows.getOrDefault(theme + "/" + stratum, ThemeRow.empty(theme, stratum));
                Confidentiality.Verdict verdict = verdicts.theme(theme, filters.withStratum(stratum).selection());
                if (verdict.withheld()) {
                    strata.add(new Views.StratumShare(stratum, null, null, null, true, rule().reason(verdict)));
                    continue;
                }
                Fraction share = row.respondents() == 0 ? null : Fraction.of(row.engaged(), row.respondents());
                strata.add(new Views.StratumShare(stratum, row.respondents(), row.engaged(),
                        share == null ? null : share.decimal(SHARE_SCALE), false, null));
                if (share != null) {
                    if (max == null || share.compareTo(max) > 0) {
                        max = share;
                        most = stratum;
                    }
                    if (min == null || share.compareTo(min) < 0) {
                        min = share;
                        least = stratum;
                    }
                }
            }
            long shown = strata.stream().filter(s -> s.share() != null).count();
            Views.Gap gap = shown < 2 ? null : new Views.Gap(most, least, max.minus(min).points());
            themes.add(new Views.ThemeStrata(theme, strata, gap));
        }
        return new Views.Strata(r.edition(), Views.AppliedFilters.of(filters), themes);
    }

    // ---- GET /barometers/{code}/questions/{question} ----------------------------------------

    public Views.Question question(String campaign, String question, Filters filters, boolean askPublished) {
        return questionFigures(campaign, question, filters, askPublished).value;
    }

    /** The JSON of {@link #question}, written once per figures computed. */
    public byte[] questionJson(String campaign, String question, Filters filters, boolean askPublished) {
        return json(questionFigures(campaign, question, filters, askPublished));
    }

    private Kept<Views.Question> questionFigures(String campaign, String question, Filters filters, boolean askPublished) {
        filters.checked();
        Reading r = reading(campaign, askPublished);
        return kept(r.key("question", question, filters.key()), () -> computeQuestion(r, question, filters));
    }

    /** The scoring models behind an edition's figures (the published snapshot's kept in the cache). */
    public List<String> models(String campaign, Views.Edition edition) {
        Source source = Source.valueOf(edition.source());
        return source == Source.PUBLISHED
                ? cache.get("page-models|" + campaign + "|" + edition.publishedAt(), () -> repository.models(source, campaign))
                : repository.models(source, campaign);
    }

    /** The questionnaire of an edition's facts; 404 when it holds none. */
    public Questionnaire questionnaire(String campaign, Views.Edition edition) {
        String version = repository.questionnaireVersion(Source.valueOf(edition.source()), campaign)
                .orElseThrow(() -> ProblemException.notFound("No questionnaire of edition " + campaign + "."));
        return questionnaires.get(campaign, version);
    }

    /** The question of the edition's questionnaire (the version of its facts); 404 naming it when unknown or TEXT (never kept). */
    private Questionnaire.Question questionWithFigures(Reading r, Snapshot facts, String code) {
        String version = facts.questionnaireVersion();
        return questionnaires.get(r.campaign(), version).question(code)
                .filter(q -> !q.isText())
                .orElseThrow(() -> ProblemException.notFound("No question " + code + " with figures in campaign " + r.campaign() + "."));
    }

    private Views.Question computeQuestion(Reading r, String code, Filters filters) {
        Snapshot facts = facts(r);
        Questionnaire.Question question = questionWithFigures(r, facts, code);
        Map<String, Long> counts = facts.answerCounts(filters.selection(), code);
        long answered = counts.get(null);
        Confidentiality.Verdict verdict = !r.confidential() ? Confidentiality.Verdict.SHOWN
                : rule().figure(filters.selection(), facts.answered(code), facts.populations().authorities());
        if (verdict.withheld()) {
            return new Views.Question(r.edition(), Views.AppliedFilters.of(filters), code, question.type(), null, null, null, true,
                    rule().reason(verdict));
        }
        List<String> possible = switch (question.type()) {
            case Questionnaire.MATURITY -> List.of("0", "1", "2", "3", "4", "NSP", "NA");
            case Questionnaire.SINGLE_CHOICE, Questionnaire.MULTIPLE_CHOICE -> question.choices().stream().map(Questionnaire.Choice::code).toList();
            case Questionnaire.BOOLEAN -> List.of("true", "false");
            case Questionnaire.NUMBER -> List.of();
            default -> counts.keySet().stream().filter(k -> k != null).sorted().toList();
        };
        List<Views.AnswerCount> answers = new ArrayList<>();
        for (String answer : possible) {
            long count = counts.getOrDefault(answer, 0L);
            answers.add(new Views.AnswerCount(answer, count, ratio(count, answered)));
        }
        Views.NumberStats number = null;
        if (Questionnaire.NUMBER.equals(question.type())) {
            List<BigDecimal> stats = facts.numberStats(filters.selection(), code);
            number = new Views.NumberStats(stats.get(0).longValue(),
                    stats.get(1) == null ? null : stats.get(1).setScale(2, RoundingMode.HALF_UP), stats.get(2), stats.get(3));
        }
        return new Views.Question(r.edition(), Views.AppliedFilters.of(filters), code, question.type(), answered, answers, number, false, null);
    }

    // ---- GET /barometers/{code}/cross?question= ---------------------------------------------

    /** The label of the row of the authorities that gave no answer. */
    static final String UNANSWERED_LABEL = "Sans réponse";

    /**
     * The cross-analysis of one SINGLE_CHOICE or BOOLEAN question: per answer, the authorities the
     * filters select that gave it and, per theme, their respondents, engaged and share. The caller
     * reads LIVE or PUBLISHED figures, with confidentiality or not, exactly as for
     * {@link #barometer}; {@code askPublished} asks analysts' and admins' published snapshot. 400
     * naming the question when it has another type (or when none is given), 404 naming it when the
     * edition's questionnaire lacks it, 404 when the edition has no figures for the caller.
     */
    public Views.Cross cross(String campaign, String question, Filters filters, boolean askPublished) {
        return crossFigures(campaign, question, filters, askPublished).value;
    }

    /** The JSON of {@link #cross}, written once per figures computed. */
    public byte[] crossJson(String campaign, String question, Filters filters, boolean askPublished) {
        return json(crossFigures(campaign, question, filters, askPublished));
    }

    private Kept<Views.Cross> crossFigures(String campaign, String question, Filters filters, boolean askPublished) {
        filters.checked();
        if (question == null || question.isBlank()) {
            throw ProblemException.badRequest("The cross-analysis needs a question", List.of(FieldError.ofField("question", "is required")));
        }
        Reading r = reading(campaign, askPublished);
        return kept(r.key("cross", question, filters.key()), () -> computeCross(r, question, filters));
    }

    private Views.Cross computeCross(Reading r, String code, Filters filters) {
        Snapshot facts = facts(r);
        Questionnaire.Question question = questionWithFigures(r, facts, code);
        boolean bool = Questionnaire.BOOLEAN.equals(question.type());
        if (!bool && !Questionnaire.SINGLE_CHOICE.equals(question.type())) {
            throw ProblemException.badRequest("Question " + code + " is a " + question.type() + " question: the cross-analysis takes a "
                    + Questionnaire.SINGLE_CHOICE + " or " + Questionnaire.BOOLEAN + " question.",
                    List.of(FieldError.ofField("question", code + " is " + question.type() + ", not SINGLE_CHOICE or BOOLEAN")));
        }
        Map<String, Map<String, FiguresRepository.CrossRow>> rows = new HashMap<>();
        for (FiguresRepository.CrossRow row : facts.crossRows(filters.selection(), code)) {
            rows.computeIfAbsent(row.answer(), a -> new HashMap<>()).put(row.theme(), row);
        }
        // The rows: every choice in order, answers the facts hold that the questionnaire lacks, then those without an answer if there may be some.
        Map<String, String> labels = new LinkedHashMap<>();
        if (bool) {
            labels.put("true", "Oui");
            labels.put("false", "Non");
        } else {
            question.choices().forEach(c -> labels.put(c.code(), c.labelFr()));
        }
        rows.keySet().stream().filter(a -> !a.equals(Confidentiality.UNANSWERED) && !labels.containsKey(a)).sorted()
                .forEach(a -> labels.put(a, a));
        if (question.mayBeUnanswered() || facts.anyUnanswered(code)) {
            labels.put(Confidentiality.UNANSWERED, UNANSWERED_LABEL);
        }
        List<String> answers = List.copyOf(labels.keySet());
        List<String> columns = new ArrayList<>(Themes.CODES);
        columns.add(FiguresRepository.Populations.AUTHORITIES);
        Map<String, List<Confidentiality.Verdict>> verdicts = crossVerdicts(r, facts, code, filters, answers, columns, rows);

        List<Views.CrossAnswer> result = new ArrayList<>();
        long selected = 0;
        for (int i = 0; i < answers.size(); i++) {
            String answer = answers.get(i);
            Map<String, FiguresRepository.CrossRow> cells = rows.getOrDefault(answer, Map.of());
            List<Views.CrossTheme> themes = new ArrayList<>();
            for (String theme : Themes.CODES) {
                Confidentiality.Verdict verdict = verdicts.get(theme).get(i);
                FiguresRepository.CrossRow cell = cells.get(theme);
                long respondents = cell == null ? 0 : cell.respondents();
                long engaged = cell == null ? 0 : cell.engaged();
                themes.add(verdict.withheld() ? new Views.CrossTheme(theme, null, null, null, true, rule().reason(verdict))
                        : new Views.CrossTheme(theme, respondents, engaged, ratio(engaged, respondents), false, null));
            }
            FiguresRepository.CrossRow count = cells.get(FiguresRepository.Populations.AUTHORITIES);
            long authorities = count == null ? 0 : count.respondents();
            selected += authorities;
            Confidentiality.Verdict verdict = verdicts.get(FiguresRepository.Populations.AUTHORITIES).get(i);
            result.add(new Views.CrossAnswer(answer.equals(Confidentiality.UNANSWERED) ? null : answer, labels.get(answer),
                    verdict.withheld() ? null : authorities, verdict.withheld(), rule().reason(verdict), themes));
        }
        Long shownSelected = verdicts(facts, r.confidential()).authorities(filters.selection()).withheld() ? null : selected;
        return new Views.Cross(r.edition(), Views.AppliedFilters.of(filters), code, question.type(), question.labelFr(), shownSelected, result);
    }

    /**
     * The verdict on every cell, per column (a theme, or the authorities that gave each answer) in the
     * order of the answers: each cell a figure whose request has one more filter, the answer
     * ({@link Confidentiality#crossCell}), then each column a partition of the figure without that
     * filter ({@link Confidentiality#partition}). The populations with each authority's answer come
     * from one grouped query per question, cached as the edition's populations are.
     */
    private Map<String, List<Confidentiality.Verdict>> crossVerdicts(Reading r, Snapshot facts, String question, Filters filters, List<String> answers,
                                                                   List<String> columns, Map<String, Map<String, FiguresRepository.CrossRow>> rows) {
        Map<String, List<Confidentiality.Verdict>> verdicts = new HashMap<>();
        if (!r.confidential()) {
            columns.forEach(column -> verdicts.put(column, java.util.Collections.nCopies(answers.size(), Confidentiality.Verdict.SHOWN)));
            return verdicts;
        }
        Confidentiality rule = rule();
        FiguresRepository.Populations populations = facts.crossPopulations(question);
        for (String column : columns) {
            List<Confidentiality.Verdict> cells = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            for (String answer : answers) {
                cells.add(rule.crossCell(filters.selection().withAnswer(answer), populations.of(column), populations.authorities()));
                FiguresRepository.CrossRow row = rows.getOrDefault(answer, Map.of()).get(column);
                counts.add(row == null ? 0 : row.respondents());
            }
            verdicts.put(column, rule.partition(counts, cells));
        }
        return verdicts;
    }

    // ---- GET /barometers/{code}/collectivities/{siren} --------------------------------------

    /** What is cached for one authority: its networks (for the partner check) and its benchmark. */
    record AuthorityBenchmark(List<String> networks, Views.Benchmark benchmark) {
    }

    public Views.Benchmark collectivity(String campaign, String siren, boolean askPublished) {
        Reading r = reading(campaign, askPublished, true);
        AuthorityBenchmark found = cache.get(r.key("collectivity", siren), () -> computeBenchmark(r, siren));
        if (found.benchmark() == null || !caller.mayRead(siren, java.util.Set.copyOf(found.networks()))) {
            throw ProblemException.notFound("No benchmark of authority " + siren + " in edition " + campaign + " for you.");
        }
        return found.benchmark();
    }

    private AuthorityBenchmark computeBenchmark(Reading r, String siren) {
        Optional<AuthorityRow> found = repository.authority(r.source(), r.campaign(), siren);
        if (found.isEmpty()) {
            return new AuthorityBenchmark(List.of(), null);
        }
        AuthorityRow a = found.get();
        Map<String, Percentile> percentiles = a.stratum() == null ? Map.of()
                : repository.themePercentiles(r.source(), r.campaign(), a.stratum(), siren);
        Optional<Percentile> indexPercentile = a.stratum() == null || a.index() == null ? Optional.empty()
                : repository.indexPercentile(r.source(), r.campaign(), a.stratum(), siren);
        // The peers are the authorities of its stratum: a figure over the request "stratum = its stratum", under the same rule.
        Verdicts verdicts = r.confidential() ? verdicts(facts(r), true) : verdicts(null, false);
        Confidentiality.Selection peers = new Confidentiality.Selection(a.stratum(), null, null, null);
        Views.Position index = position(a.index(), indexPercentile.orElse(null), verdicts.of(FiguresRepository.Populations.INDEX, peers));
        List<Views.ThemePosition> themes = new ArrayList<>();
        for (String theme : Themes.CODES) {
            AuthorityRow.ThemeResult t = a.themes().get(theme);
            if (t == null) {
                themes.add(new Views.ThemePosition(theme, null, null, false, null, null, false, null));
                continue;
            }
            Views.Position p = position(t.score(), t.score() == null ? null : percentiles.get(theme), verdicts.theme(theme, peers));
            themes.add(new Views.ThemePosition(theme, t.score(), t.level(), t.engaged(), p.percentRank(), p.peers(), p.withheld(), p.withheldReason()));
        }
        return new AuthorityBenchmark(a.networks(), new Views.Benchmark(r.edition(), siren, a.stratum(), a.model(), a.assessmentVersion(), index, themes));
    }

    private Views.Position position(BigDecimal score, Percentile percentile, Confidentiality.Verdict verdict) {
        if (percentile == null) {
            return new Views.Position(score, null, null, false, null);
        }
        if (verdict.withheld()) {
            return new Views.Position(score, null, null, true, rule().reason(verdict));
        }
        return new Views.Position(score, BigDecimal.valueOf(percentile.percentRank()).setScale(SHARE_SCALE, RoundingMode.HALF_UP),
                percentile.peers(), false, null);
    }

    // ---- GET /barometers/{code}/export.csv --------------------------------------------------

    public String csv(String campaign, boolean askPublished) {
        Reading r = reading(campaign, askPublished);
        return cache.get(r.key("csv"), () -> {
            Snapshot facts = facts(r);
            Verdicts verdicts = verdicts(facts, r.confidential());
            return CsvExport.write(r, facts.models(),
                    byTheme(facts.themeRows(Confidentiality.Selection.ALL, false)),
                    facts.themeRows(Confidentiality.Selection.ALL, true),
                    (theme, stratum) -> rule().reason(verdicts.theme(theme, Filters.NONE.withStratum(stratum).selection())));
        });
    }

    // ---- the rules --------------------------------------------------------------------------

    /** Statistical confidentiality, primary and secondary (see {@link Confidentiality}), with the configured threshold. */
    Confidentiality rule() {
        return new Confidentiality(config.confidentiality().minAuthorities());
    }

    /**
     * The verdicts of one edition's figures for a caller: all shown when confidentiality does not
     * apply to it; otherwise the rule over the edition's populations, counted once per snapshot of
     * its facts.
     */
    private Verdicts verdicts(Snapshot facts, boolean confidential) {
        return confidential ? new Verdicts(rule(), facts.populations()) : new Verdicts(null, null);
    }

    /** The rule applied to the populations of one edition; a null rule shows everything. */
    record Verdicts(Confidentiality rule, FiguresRepository.Populations populations) {

        /** A figure over the members of a population (a theme code, or {@link FiguresRepository.Populations#INDEX}) selected. */
        Confidentiality.Verdict of(String population, Confidentiality.Selection selection) {
            return rule == null ? Confidentiality.Verdict.SHOWN
                    : rule.figure(selection, populations.of(population), populations.authorities());
        }

        /** A theme's figures: over the selected authorities with a score on it. */
        Confidentiality.Verdict theme(String theme, Confidentiality.Selection selection) {
            return of(theme, selection);
        }

        Map<String, Confidentiality.Verdict> themes(Confidentiality.Selection selection) {
            Map<String, Confidentiality.Verdict> verdicts = new HashMap<>();
            Themes.CODES.forEach(theme -> verdicts.put(theme, theme(theme, selection)));
            return verdicts;
        }

        /** The count of authorities selected. */
        Confidentiality.Verdict authorities(Confidentiality.Selection selection) {
            return of(FiguresRepository.Populations.AUTHORITIES, selection);
        }
    }

    private static Map<String, Fraction> shownShares(Map<String, ThemeRow> rows, Map<String, Confidentiality.Verdict> verdicts) {
        Map<String, Fraction> shares = new LinkedHashMap<>();
        for (String theme : Themes.CODES) {
            ThemeRow row = rows.get(theme);
            if (row != null && row.respondents() > 0 && !verdicts.get(theme).withheld()) {
                shares.put(theme, Fraction.of(row.engaged(), row.respondents()));
            }
        }
        return shares;
    }

    private static Map<String, ThemeRow> byTheme(List<ThemeRow> rows) {
        Map<String, ThemeRow> map = new HashMap<>();
        rows.forEach(row -> map.put(row.theme(), row));
        return map;
    }

    static BigDecimal ratio(long count, long of) {
        return of == 0 ? null : Fraction.of(count, of).decimal(SHARE_SCALE);
    }
}
