package fr.barometre.reporting.figures;

import fr.barometre.reporting.fact.Source;
import fr.barometre.reporting.fact.Themes;
import fr.barometre.reporting.figures.FiguresRepository.CrossRow;
import fr.barometre.reporting.figures.FiguresRepository.Populations;
import fr.barometre.reporting.figures.FiguresRepository.ThemeRow;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The facts of one edition (a campaign's LIVE or PUBLISHED facts) in memory, as PostgreSQL held them
 * at one of its snapshots, compact and immutable: per fact its profile (an id into the edition's
 * profiles), index, model and questionnaire version, its seven themes (score, level, engaged) and its
 * answer rows (question and answer as ids, with the number of a NUMBER answer). Every figure is a
 * pass over the facts the filters select, with exact sums (BigDecimal counts, then one division), the
 * same aggregates the SQL of the read model gives. A refresh ({@link Builder}) copies the columns and
 * replaces the facts that changed; the dictionaries and slots are shared, append-only, between the
 * snapshots of one edition (a reader only looks at the ids its own snapshot knows).
 */
final class Snapshot {

    static final int THEMES = Themes.CODES.size();
    private static final int ANSWER_BITS = 22;
    private static final int MAX_QUESTIONS = 1 << (31 - ANSWER_BITS);
    private static final int MAX_ANSWERS = 1 << ANSWER_BITS;

    final Source source;
    final String campaign;
    /** The campaign's version row as read in the same PostgreSQL snapshot as the facts. */
    final long version;
    /** That PostgreSQL snapshot (pg_snapshot as text): the next refresh reads the facts written by transactions it does not see. */
    final String pgSnapshot;
    /** The publication the facts are a copy of (its instant and transaction), null for LIVE facts or none. */
    final String publication;

    private final Dictionaries dict;
    private final int size;
    private final int profiles;
    private final int[] profile;
    private final BigDecimal[] index;
    private final int[] model;
    private final int[] questionnaire;
    private final BigDecimal[] scores;
    private final byte[] levels;
    private final boolean[] engaged;
    private final int[][] answers;
    private final BigDecimal[][] numbers;

    private volatile Populations populations;
    private final Map<String, Populations> crossPopulations = new ConcurrentHashMap<>();

    private Snapshot(Source source, String campaign, long version, String pgSnapshot, String publication, Dictionaries dict, int size,
                     int[] profile, BigDecimal[] index, int[] model, int[] questionnaire, BigDecimal[] scores, byte[] levels,
                     boolean[] engaged, int[][] answers, BigDecimal[][] numbers) {
        this.source = source;
        this.campaign = campaign;
        this.version = version;
        this.pgSnapshot = pgSnapshot;
        this.publication = publication;
        this.dict = dict;
        this.size = size;
        this.profiles = dict.profiles.count();
        this.profile = profile;
        this.index = index;
        this.model = model;
        this.questionnaire = questionnaire;
        this.scores = scores;
        this.levels = levels;
        this.engaged = engaged;
        this.answers = answers;
        this.numbers = numbers;
    }

    /** An edition without facts yet, the start of a full build. */
    static Snapshot empty(Source source, String campaign) {
        return new Snapshot(source, campaign, 0, null, null, new Dictionaries(), 0, new int[0], new BigDecimal[0], new int[0], new int[0],
                new BigDecimal[0], new byte[0], new boolean[0], new int[0][], new BigDecimal[0][]);
    }

    /** How many facts. */
    int facts() {
        return size;
    }

    // ---- the figures ----------------------------------------------------------------------

    /** Per theme (and per stratum S1–S6 when asked): respondents, engaged, mean score (two decimals, half up) and the five level counts. */
    List<ThemeRow> themeRows(Confidentiality.Selection selection, boolean byStratum) {
        int groups = byStratum ? Themes.STRATA.size() : 1;
        int[] group = new int[profiles];
        for (int p = 0; p < profiles; p++) {
            Confidentiality.Profile prof = dict.profiles.get(p);
            group[p] = !selection.selects(prof) ? -1 : !byStratum ? 0 : prof.stratum() == null ? -1 : Themes.STRATA.indexOf(prof.stratum());
        }
        long[] respondents = new long[groups * THEMES];
        long[] engagedCount = new long[groups * THEMES];
        long[] levelCount = new long[groups * THEMES * 5];
        BigDecimal[] sums = new BigDecimal[groups * THEMES];
        Arrays.fill(sums, BigDecimal.ZERO);
        for (int f = 0; f < size; f++) {
            int p = profile[f];
            if (p < 0 || group[p] < 0) {
                continue;
            }
            int base = group[p] * THEMES;
            for (int t = 0; t < THEMES; t++) {
                int cell = f * THEMES + t;
                BigDecimal score = scores[cell];
                if (score != null) {
                    respondents[base + t]++;
                    sums[base + t] = sums[base + t].add(score);
                    if (engaged[cell]) {
                        engagedCount[base + t]++;
                    }
                }
                int level = levels[cell];
                if (level >= 0 && level <= Themes.MAX_LEVEL) {
                    levelCount[(base + t) * 5 + level]++;
                }
            }
        }
        List<ThemeRow> rows = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            for (int t = 0; t < THEMES; t++) {
                int i = g * THEMES + t;
                BigDecimal mean = respondents[i] == 0 ? null : sums[i].divide(BigDecimal.valueOf(respondents[i]), 2, RoundingMode.HALF_UP);
                rows.add(new ThemeRow(Themes.CODES.get(t), byStratum ? Themes.STRATA.get(g) : null, respondents[i], engagedCount[i], mean,
                        Arrays.copyOfRange(levelCount, i * 5, i * 5 + 5)));
            }
        }
        return rows;
    }

    /** How many authorities the filters select. */
    long authorities(Confidentiality.Selection selection) {
        boolean[] selected = selected(selection);
        long n = 0;
        for (int f = 0; f < size; f++) {
            if (profile[f] >= 0 && selected[profile[f]]) {
                n++;
            }
        }
        return n;
    }

    /** The populations the confidentiality rule counts, per profile (see {@link FiguresRepository.Populations}), computed once. */
    Populations populations() {
        Populations known = populations;
        if (known != null) {
            return known;
        }
        long[] all = new long[profiles];
        long[] withIndex = new long[profiles];
        long[][] scored = new long[THEMES][profiles];
        for (int f = 0; f < size; f++) {
            int p = profile[f];
            if (p < 0) {
                continue;
            }
            all[p]++;
            if (index[f] != null) {
                withIndex[p]++;
            }
            for (int t = 0; t < THEMES; t++) {
                if (scores[f * THEMES + t] != null) {
                    scored[t][p]++;
                }
            }
        }
        Map<String, List<Confidentiality.Cell>> cells = new HashMap<>();
        putCells(cells, Populations.AUTHORITIES, all);
        putCells(cells, Populations.INDEX, withIndex);
        for (int t = 0; t < THEMES; t++) {
            putCells(cells, Themes.CODES.get(t), scored[t]);
        }
        known = new Populations(cells);
        populations = known;
        return known;
    }

    private void putCells(Map<String, List<Confidentiality.Cell>> cells, String population, long[] counts) {
        List<Confidentiality.Cell> list = new ArrayList<>();
        for (int p = 0; p < counts.length; p++) {
            if (counts[p] > 0) {
                list.add(new Confidentiality.Cell(dict.profiles.get(p), counts[p]));
            }
        }
        if (!list.isEmpty()) {
            cells.put(population, list);
        }
    }

    /** Per profile, how many authorities answered the question. */
    List<Confidentiality.Cell> answered(String question) {
        int q = dict.questions.find(question);
        long[] counts = new long[profiles];
        for (int f = 0; f < size; f++) {
            if (profile[f] >= 0 && q >= 0 && answers(f, q) > 0) {
                counts[profile[f]]++;
            }
        }
        List<Confidentiality.Cell> cells = new ArrayList<>();
        for (int p = 0; p < profiles; p++) {
            if (counts[p] > 0) {
                cells.add(new Confidentiality.Cell(dict.profiles.get(p), counts[p]));
            }
        }
        return cells;
    }

    /** Per answer of a question, the authorities selected that gave it; and how many answered at all (key null). */
    Map<String, Long> answerCounts(Confidentiality.Selection selection, String question) {
        Map<String, Long> counts = new HashMap<>();
        int q = dict.questions.find(question);
        long answered = 0;
        if (q >= 0) {
            boolean[] selected = selected(selection);
            Map<Integer, Long> byAnswer = new HashMap<>();
            for (int f = 0; f < size; f++) {
                if (profile[f] < 0 || !selected[profile[f]]) {
                    continue;
                }
                boolean any = false;
                for (int code : answers[f]) {
                    if (code >>> ANSWER_BITS == q) {
                        byAnswer.merge(code & (MAX_ANSWERS - 1), 1L, Long::sum);
                        any = true;
                    }
                }
                if (any) {
                    answered++;
                }
            }
            byAnswer.forEach((a, n) -> counts.put(dict.answers.get(a), n));
        }
        counts.put(null, answered);
        return counts;
    }

    /** count, mean (two decimals, half up), min and max of the numbers answered to a question by the authorities selected. */
    List<BigDecimal> numberStats(Confidentiality.Selection selection, String question) {
        int q = dict.questions.find(question);
        long count = 0;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal min = null;
        BigDecimal max = null;
        if (q >= 0) {
            boolean[] selected = selected(selection);
            for (int f = 0; f < size; f++) {
                if (profile[f] < 0 || !selected[profile[f]] || numbers[f] == null) {
                    continue;
                }
                for (int i = 0; i < answers[f].length; i++) {
                    BigDecimal n = numbers[f][i];
                    if (n != null && answers[f][i] >>> ANSWER_BITS == q) {
                        count++;
                        sum = sum.add(n);
                        min = min == null || n.compareTo(min) < 0 ? n : min;
                        max = max == null || n.compareTo(max) > 0 ? n : max;
                    }
                }
            }
        }
        return Arrays.asList(BigDecimal.valueOf(count), count == 0 ? null : sum.divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP),
                min, max);
    }

    /**
     * The cross-analysis of one question: per answer ({@link Confidentiality#UNANSWERED} for the
     * authorities that gave none), the authorities selected that gave it (theme
     * {@link Populations#AUTHORITIES}) and per theme those with a score and those engaged.
     */
    List<CrossRow> crossRows(Confidentiality.Selection selection, String question) {
        int q = dict.questions.find(question);
        boolean[] selected = selected(selection);
        Map<String, long[]> byAnswer = new LinkedHashMap<>();
        for (int f = 0; f < size; f++) {
            if (profile[f] < 0 || !selected[profile[f]]) {
                continue;
            }
            for (String answer : answersOf(f, q)) {
                long[] cells = byAnswer.computeIfAbsent(answer, a -> new long[2 * THEMES + 1]);
                cells[2 * THEMES]++;
                for (int t = 0; t < THEMES; t++) {
                    int cell = f * THEMES + t;
                    if (scores[cell] != null) {
                        cells[2 * t]++;
                        if (engaged[cell]) {
                            cells[2 * t + 1]++;
                        }
                    }
                }
            }
        }
        List<CrossRow> rows = new ArrayList<>();
        byAnswer.forEach((answer, cells) -> {
            for (int t = 0; t < THEMES; t++) {
                rows.add(new CrossRow(answer, Themes.CODES.get(t), cells[2 * t], cells[2 * t + 1]));
            }
            rows.add(new CrossRow(answer, Populations.AUTHORITIES, cells[2 * THEMES], 0));
        });
        return rows;
    }

    /** Whether some fact has no answer to the question. */
    boolean anyUnanswered(String question) {
        int q = dict.questions.find(question);
        for (int f = 0; f < size; f++) {
            if (profile[f] >= 0 && (q < 0 || answers(f, q) == 0)) {
                return true;
            }
        }
        return false;
    }

    /** The populations of a cross-analysis: as {@link #populations}, each profile carrying the authority's answer to the question; computed once per question. */
    Populations crossPopulations(String question) {
        return crossPopulations.computeIfAbsent(question, this::computeCrossPopulations);
    }

    private Populations computeCrossPopulations(String question) {
        int q = dict.questions.find(question);
        Map<Confidentiality.Profile, long[]> counts = new LinkedHashMap<>();
        for (int f = 0; f < size; f++) {
            if (profile[f] < 0) {
                continue;
            }
            Confidentiality.Profile p = dict.profiles.get(profile[f]);
            for (String answer : answersOf(f, q)) {
                long[] c = counts.computeIfAbsent(new Confidentiality.Profile(p.stratum(), p.kind(), p.region(), p.networks(), answer),
                        k -> new long[THEMES + 1]);
                c[THEMES]++;
                for (int t = 0; t < THEMES; t++) {
                    if (scores[f * THEMES + t] != null) {
                        c[t]++;
                    }
                }
            }
        }
        Map<String, List<Confidentiality.Cell>> cells = new HashMap<>();
        counts.forEach((p, c) -> {
            cells.computeIfAbsent(Populations.AUTHORITIES, k -> new ArrayList<>()).add(new Confidentiality.Cell(p, c[THEMES]));
            for (int t = 0; t < THEMES; t++) {
                if (c[t] > 0) {
                    cells.computeIfAbsent(Themes.CODES.get(t), k -> new ArrayList<>()).add(new Confidentiality.Cell(p, c[t]));
                }
            }
        });
        return new Populations(cells);
    }

    /** The questionnaire version of the facts (the greatest when several), null without facts. */
    String questionnaireVersion() {
        String max = null;
        for (int f = 0; f < size; f++) {
            if (profile[f] >= 0) {
                String v = dict.strings.get(questionnaire[f]);
                max = max == null || v.compareTo(max) > 0 ? v : max;
            }
        }
        return max;
    }

    /** The distinct models of the facts, sorted. */
    List<String> models() {
        Set<String> models = new TreeSet<>();
        for (int f = 0; f < size; f++) {
            if (profile[f] >= 0) {
                models.add(dict.strings.get(model[f]));
            }
        }
        return List.copyOf(models);
    }

    private boolean[] selected(Confidentiality.Selection selection) {
        boolean[] selected = new boolean[profiles];
        for (int p = 0; p < profiles; p++) {
            selected[p] = selection.selects(dict.profiles.get(p));
        }
        return selected;
    }

    /** How many answer rows fact {@code f} has for question id {@code q}. */
    private int answers(int f, int q) {
        int n = 0;
        for (int code : answers[f]) {
            if (code >>> ANSWER_BITS == q) {
                n++;
            }
        }
        return n;
    }

    /** The answers of fact {@code f} to question id {@code q}, or the one row {@link Confidentiality#UNANSWERED} when it has none. */
    private List<String> answersOf(int f, int q) {
        List<String> result = null;
        if (q >= 0) {
            for (int code : answers[f]) {
                if (code >>> ANSWER_BITS == q) {
                    if (result == null) {
                        result = new ArrayList<>(1);
                    }
                    result.add(dict.answers.get(code & (MAX_ANSWERS - 1)));
                }
            }
        }
        return result == null ? List.of(Confidentiality.UNANSWERED) : result;
    }

    // ---- building -------------------------------------------------------------------------

    /** A new snapshot from this one: every fact given replaces the one held (its themes and answers with it), the others stay. */
    Builder refresh() {
        return new Builder(this);
    }

    /**
     * Receives the rows of a load, in order: the facts (each replacing the fact held for its SIREN,
     * themes and answers cleared), then their theme rows, then their answer rows.
     */
    static final class Builder {
        private final Snapshot from;
        private final Dictionaries dict;
        private int size;
        private int[] profile;
        private BigDecimal[] index;
        private int[] model;
        private int[] questionnaire;
        private BigDecimal[] scores;
        private byte[] levels;
        private boolean[] engaged;
        private int[][] answers;
        private BigDecimal[][] numbers;
        private int[] answerCount;
        private final Map<String, Integer> changed = new HashMap<>();

        private Builder(Snapshot from) {
            this.from = from;
            this.dict = from.dict;
            this.size = from.size;
            int capacity = Math.max(16, from.size);
            this.profile = Arrays.copyOf(from.profile, capacity);
            Arrays.fill(profile, from.size, capacity, -1);
            this.index = Arrays.copyOf(from.index, capacity);
            this.model = Arrays.copyOf(from.model, capacity);
            this.questionnaire = Arrays.copyOf(from.questionnaire, capacity);
            this.scores = Arrays.copyOf(from.scores, capacity * THEMES);
            this.levels = Arrays.copyOf(from.levels, capacity * THEMES);
            this.engaged = Arrays.copyOf(from.engaged, capacity * THEMES);
            this.answers = Arrays.copyOf(from.answers, capacity);
            this.numbers = Arrays.copyOf(from.numbers, capacity);
            this.answerCount = new int[capacity];
        }

        /** A fact (a new one, or one changed since): its profile and columns; its themes and answers follow. */
        void fact(String siren, Confidentiality.Profile p, BigDecimal factIndex, String factModel, String questionnaireVersion) {
            Integer known = dict.slots.get(siren);
            int slot;
            if (known != null && known < size) {
                slot = known;
            } else {
                slot = size++;
                dict.slots.put(siren, slot);
                ensure(size);
            }
            changed.put(siren, slot);
            profile[slot] = dict.profiles.id(p);
            index[slot] = factIndex;
            model[slot] = dict.strings.id(factModel);
            questionnaire[slot] = dict.strings.id(questionnaireVersion);
            Arrays.fill(scores, slot * THEMES, slot * THEMES + THEMES, null);
            Arrays.fill(levels, slot * THEMES, slot * THEMES + THEMES, (byte) -1);
            Arrays.fill(engaged, slot * THEMES, slot * THEMES + THEMES, false);
            answers[slot] = new int[0];
            numbers[slot] = null;
            answerCount[slot] = 0;
        }

        /** A theme row of a fact given to {@link #fact}; a theme outside the model's seven is not a figure. */
        void theme(String siren, String theme, BigDecimal score, Integer level, boolean isEngaged) {
            Integer slot = changed.get(siren);
            int t = Themes.CODES.indexOf(theme);
            if (slot == null || t < 0) {
                return;
            }
            int cell = slot * THEMES + t;
            scores[cell] = score == null ? null : dict.intern(score);
            levels[cell] = level == null || level < 0 || level > Byte.MAX_VALUE ? -1 : level.byteValue();
            engaged[cell] = isEngaged;
        }

        /** An answer row of a fact given to {@link #fact}. */
        void answer(String siren, String question, String answer, BigDecimal number) {
            Integer slot = changed.get(siren);
            if (slot == null) {
                return;
            }
            int q = dict.questions.id(question);
            int a = dict.answers.id(answer);
            if (q >= MAX_QUESTIONS || a >= MAX_ANSWERS) {
                throw new IllegalStateException("Too many questions or answers in edition " + from.campaign + " to hold in memory");
            }
            int n = answerCount[slot];
            int[] row = answers[slot];
            if (n == row.length) {
                row = Arrays.copyOf(row, Math.max(4, n * 2));
                answers[slot] = row;
                if (numbers[slot] != null) {
                    numbers[slot] = Arrays.copyOf(numbers[slot], row.length);
                }
            }
            row[n] = q << ANSWER_BITS | a;
            if (number != null) {
                if (numbers[slot] == null) {
                    numbers[slot] = new BigDecimal[row.length];
                }
                numbers[slot][n] = number;
            }
            answerCount[slot] = n + 1;
        }

        /** The snapshot with the facts received, at this version and PostgreSQL snapshot. */
        Snapshot build(long version, String pgSnapshot, String publication) {
            for (int slot : changed.values()) {
                int n = answerCount[slot];
                if (answers[slot].length != n) {
                    answers[slot] = Arrays.copyOf(answers[slot], n);
                    if (numbers[slot] != null) {
                        numbers[slot] = Arrays.copyOf(numbers[slot], n);
                    }
                }
            }
            return new Snapshot(from.source, from.campaign, version, pgSnapshot, publication, dict, size,
                    Arrays.copyOf(profile, size), Arrays.copyOf(index, size), Arrays.copyOf(model, size), Arrays.copyOf(questionnaire, size),
                    Arrays.copyOf(scores, size * THEMES), Arrays.copyOf(levels, size * THEMES), Arrays.copyOf(engaged, size * THEMES),
                    Arrays.copyOf(answers, size), Arrays.copyOf(numbers, size));
        }

        /** How many facts changed in this load. */
        int changed() {
            return changed.size();
        }

        private void ensure(int wanted) {
            int capacity = profile.length;
            if (wanted <= capacity) {
                return;
            }
            int grown = Math.max(wanted, capacity * 2);
            profile = Arrays.copyOf(profile, grown);
            Arrays.fill(profile, capacity, grown, -1);
            index = Arrays.copyOf(index, grown);
            model = Arrays.copyOf(model, grown);
            questionnaire = Arrays.copyOf(questionnaire, grown);
            scores = Arrays.copyOf(scores, grown * THEMES);
            levels = Arrays.copyOf(levels, grown * THEMES);
            Arrays.fill(levels, capacity * THEMES, grown * THEMES, (byte) -1);
            engaged = Arrays.copyOf(engaged, grown * THEMES);
            answers = Arrays.copyOf(answers, grown);
            numbers = Arrays.copyOf(numbers, grown);
            answerCount = Arrays.copyOf(answerCount, grown);
        }
    }

    /**
     * What the snapshots of one edition share, append-only: the SIREN of each slot, the profiles,
     * the questions, the answers, the other strings, and the distinct scores (kept once).
     */
    static final class Dictionaries {
        final Map<String, Integer> slots = new HashMap<>();
        final Dictionary<Confidentiality.Profile> profiles = new Dictionary<>();
        final Dictionary<String> questions = new Dictionary<>();
        final Dictionary<String> answers = new Dictionary<>();
        final Dictionary<String> strings = new Dictionary<>();
        private final Map<BigDecimal, BigDecimal> values = new HashMap<>();

        BigDecimal intern(BigDecimal value) {
            BigDecimal known = values.putIfAbsent(value, value);
            return known == null ? value : known;
        }
    }

    /** Values numbered in the order they come; written by the one refresh at a time, read by anyone. */
    static final class Dictionary<T> {
        private final Map<T, Integer> ids = new ConcurrentHashMap<>();
        private volatile Object[] values = new Object[16];
        private volatile int count;

        int id(T value) {
            Integer known = ids.get(value);
            if (known != null) {
                return known;
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count] = value;
            ids.put(value, count);
            return count++;
        }

        /** The id of a value, -1 when unknown. */
        int find(T value) {
            Integer known = value == null ? null : ids.get(value);
            return known == null ? -1 : known;
        }

        @SuppressWarnings("unchecked")
        T get(int id) {
            return (T) values[id];
        }

        int count() {
            return count;
        }
    }
}
