package fr.barometre.reporting.page;

import fr.barometre.reporting.fact.Source;
import fr.barometre.reporting.fact.Themes;
import fr.barometre.reporting.figures.FiguresService;
import fr.barometre.reporting.figures.Filters;
import fr.barometre.reporting.figures.Views;
import fr.barometre.reporting.problem.ProblemException;
import fr.barometre.reporting.publication.PublicationStore;
import fr.barometre.reporting.questionnaire.Questionnaire;
import io.quarkus.qute.RawString;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The models of the pages, from the same services as the JSON API: the figures, their visibility and
 * their confidentiality are the API's ({@link FiguresService}), only aggregates are read, so a page
 * weighs the same whatever the number of respondents. A public page reads the published snapshot
 * ({@code published=true}); the preview reads what the API gives analysts and admins (LIVE).
 */
@ApplicationScoped
public class EditionPages {

    /** The general question the edition page crosses with the themes. */
    static final String CROSS_QUESTION = "GOV-PORTAGE";

    @Inject
    FiguresService figures;

    @Inject
    CrossSection cross;

    @Inject
    PublicationStore publications;

    /** Where a page lives: the public edition or its preview. */
    record Place(boolean preview, String signedInAs) {
        String base(String code) {
            return (preview ? "/apercu/editions/" : "/editions/") + encode(code);
        }

        boolean published() {
            return !preview;
        }
    }

    // ---- GET / --------------------------------------------------------------------------------

    Model.Home home() {
        List<Model.EditionSummary> editions = new ArrayList<>();
        for (String campaign : publications.publishedCampaigns()) {
            Views.Barometer b = figures.barometer(campaign, Filters.NONE, null, true);
            editions.add(new Model.EditionSummary(campaign, "/editions/" + encode(campaign),
                    Format.date(b.edition().publishedAt()), Format.integer(b.authorities()),
                    b.authorities() == null ? new Model.Secret("") : null, extreme(b, true), extreme(b, false)));
        }
        return new Model.Home(new Model.Frame("Les éditions publiées", false, null), editions);
    }


    /** The most (or least) engaged theme(s) among those shown, ties together. */
    private static String extreme(Views.Barometer b, boolean most) {
        List<Views.ThemeFigures> shown = b.themes().stream().filter(t -> t.rank() != null).toList();
        if (shown.isEmpty()) {
            return "—";
        }
        int rank = most ? 1 : shown.stream().mapToInt(Views.ThemeFigures::rank).max().orElseThrow();
        return shown.stream().filter(t -> t.rank() == rank)
                .map(t -> Labels.theme(t.theme()) + " (" + Format.percent(t.share()) + ")").collect(Collectors.joining(", "));
    }

    // ---- GET /editions/{code} -----------------------------------------------------------------

    /**
     * The edition page, rendered. The figures come from the figures cache each time (their visibility
     * and version are checked there); the page rendered from the same three figure objects is kept, so
     * that a page is built and rendered again only when one of its figures was computed afresh.
     */
    String editionPage(String code, Filters filters, Place place) {
        filters.checked();
        Views.Barometer b = figures.barometer(code, filters, null, place.published());
        Views.Strata strata = figures.strata(code, filters.withStratum(null), place.published());
        Views.Cross crossed = cross.figures(code, filters, place.published());
        RenderedFrom key = new RenderedFrom(new Object[] {b, strata, crossed}, filters, place);
        synchronized (rendered) {
            String page = rendered.get(key);
            if (page != null) {
                return page;
            }
        }
        String page = Templates.edition(edition(code, filters, place, b, strata, crossed)).render();
        synchronized (rendered) {
            rendered.put(key, page);
        }
        return page;
    }

    /** Pages rendered, by the very figure objects they were rendered from (compared by identity), their filters and place. */
    private final Map<RenderedFrom, String> rendered = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RenderedFrom, String> eldest) {
            return size() > 64;
        }
    };

    private record RenderedFrom(Object[] figures, Filters filters, Place place) {
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof RenderedFrom other) || other.figures.length != figures.length) {
                return false;
            }
            for (int i = 0; i < figures.length; i++) {
                if (figures[i] != other.figures[i]) {
                    return false;
                }
            }
            return filters.equals(other.filters) && place.equals(other.place);
        }

        @Override
        public int hashCode() {
            int hash = 31 * filters.hashCode() + place.hashCode();
            for (Object figure : figures) {
                hash = 31 * hash + System.identityHashCode(figure);
            }
            return hash;
        }
    }

    private Model.Edition edition(String code, Filters filters, Place place, Views.Barometer b, Views.Strata strata, Views.Cross crossed) {
        String base = place.base(code);
        String query = query(filters);
        List<Model.RankRow> ranking = ranking(b, base, query);
        RankingCharts charts = new RankingCharts(b);
        List<Model.StrataRow> strataRows = strataRows(strata);
        String title = "Édition " + code + (place.preview() ? " (aperçu)" : "");
        return new Model.Edition(new Model.Frame(title, place.preview(), place.signedInAs()), code, base, query,
                filterForm(base, filters), Format.integer(b.authorities()),
                Model.Secret.of(b.authorities() == null, ""),
                ranking, charts.ranking(), b.comparedTo(), changes(b), b.comparedTo() == null ? null : charts.change(),
                filters.stratum() == null ? null : "Cette répartition ne retient pas le filtre de strate : elle montre chaque strate.",
                Themes.STRATA, strataRows, strataChart(strata),
                cross.of(code, filters, crossed), homogeneity(b.homogeneity()),
                methodology(code, b, filters));
    }

    private static List<Model.RankRow> ranking(Views.Barometer b, String base, String query) {
        return b.themes().stream()
                .sorted(Comparator.comparing((Views.ThemeFigures t) -> t.rank() == null ? Integer.MAX_VALUE : t.rank()))
                .map(t -> rankRow(t, base + "/themes/" + t.theme() + query))
                .toList();
    }

    static Model.RankRow rankRow(Views.ThemeFigures t, String href) {
        return new Model.RankRow(t.theme(), Labels.theme(t.theme()), href, t.rank() == null ? "—" : t.rank() + (t.rank() == 1 ? "er" : "e"),
                Format.percent(t.share()), t.share() == null ? null : t.share().toPlainString(), Format.integer(t.engaged()),
                Format.integer(t.respondents()), t.meanScore() == null ? "—" : Format.decimal(t.meanScore(), 1),
                Model.Secret.of(t.withheld(), t.withheldReason()));
    }

    /** The ranking drawn, and the change since the previous edition drawn. */
    private record RankingCharts(Views.Barometer b) {
        RawString ranking() {
            List<Charts.Bar> bars = b.themes().stream()
                    .sorted(Comparator.comparing((Views.ThemeFigures t) -> t.rank() == null ? Integer.MAX_VALUE : t.rank()))
                    .map(t -> Charts.Bar.of(Labels.theme(t.theme()), t.share(), t.withheld() ? t.withheldReason() : null, Map.of("theme", t.theme())))
                    .toList();
            return Charts.bars("graphique-classement", "Part des collectivités engagées par thème, de la plus engagée à la moins engagée",
                    List.of(new Charts.Group(null, bars)));
        }

        RawString change() {
            List<Charts.Pair> pairs = b.themes().stream().map(t -> {
                Views.Previous p = t.previous();
                String theme = t.theme();
                return new Charts.Pair(Labels.theme(theme),
                        Charts.Bar.of(b.comparedTo() + " : " + Labels.theme(theme), p == null ? null : p.share(),
                                p != null && p.withheld() ? p.withheldReason() : null, Map.of("theme", theme, "edition", b.comparedTo())),
                        Charts.Bar.of(b.edition().campaign() + " : " + Labels.theme(theme), t.share(), t.withheld() ? t.withheldReason() : null,
                                Map.of("theme", theme, "edition", b.edition().campaign())));
            }).toList();
            return Charts.pairs("graphique-evolution", "Part des collectivités engagées par thème : " + b.comparedTo() + " (hachuré) et "
                    + b.edition().campaign() + " (plein)", "édition " + b.comparedTo(), "édition " + b.edition().campaign(), pairs);
        }
    }

    private static List<Model.ChangeRow> changes(Views.Barometer b) {
        if (b.comparedTo() == null) {
            return List.of();
        }
        List<Model.ChangeRow> rows = new ArrayList<>();
        for (Views.ThemeFigures t : b.themes()) {
            Views.Previous p = t.previous();
            String label = Labels.theme(t.theme());
            boolean withheld = t.withheld() || p == null || p.withheld();
            String reason = t.withheld() ? t.withheldReason() : p == null ? "" : p.withheldReason();
            String sentence;
            if (withheld || p.differencePoints() == null) {
                sentence = label + " : évolution non publiée.";
            } else {
                int c = p.rankChange() == null ? 0 : p.rankChange();
                sentence = label + " : " + Format.percent(p.share()) + " en " + p.campaign() + ", " + Format.percent(t.share()) + " en "
                        + b.edition().campaign() + ", soit " + Format.points(p.differencePoints()) + " ; "
                        + (c == 0 ? "même rang." : c > 0 ? "gagne " + Format.rankChange(c).substring(1) + "." : "perd " + Format.rankChange(c).substring(1) + ".");
            }
            rows.add(new Model.ChangeRow(t.theme(), label, p == null ? "—" : Format.percent(p.share()), Format.percent(t.share()),
                    p == null ? "—" : Format.points(p.differencePoints()),
                    p == null || p.differencePoints() == null ? null : p.differencePoints().toPlainString(),
                    p == null ? "—" : Format.rankChange(p.rankChange()), p == null || p.rankChange() == null ? null : p.rankChange().toString(),
                    sentence, Model.Secret.of(withheld && (p == null || p.differencePoints() == null), reason)));
        }
        return rows;
    }

    private static List<Model.StrataRow> strataRows(Views.Strata strata) {
        return strata.themes().stream().map(t -> new Model.StrataRow(t.theme(), Labels.theme(t.theme()),
                t.strata().stream().map(s -> new Model.StratumCell(s.stratum(), Format.percent(s.share()),
                        s.share() == null ? null : s.share().toPlainString(), Format.integer(s.respondents()),
                        Model.Secret.of(s.withheld(), s.withheldReason()))).toList(),
                t.gap() == null ? "—" : Format.points(t.gap().points()) + " (" + t.gap().mostEngaged() + " − " + t.gap().leastEngaged() + ")"))
                .toList();
    }

    private static RawString strataChart(Views.Strata strata) {
        List<Charts.Group> groups = strata.themes().stream().map(t -> new Charts.Group(Labels.theme(t.theme()),
                t.strata().stream().map(s -> Charts.Bar.of(s.stratum(), s.share(), s.withheld() ? s.withheldReason() : null,
                        Map.of("theme", t.theme(), "strate", s.stratum()))).toList())).toList();
        return Charts.bars("graphique-strates", "Part des collectivités engagées par thème et par strate de population", groups);
    }

    private static String homogeneity(Views.Homogeneity h) {
        if (h.themes() < 2 || h.rangePoints() == null) {
            return "Trop peu de thèmes publiés pour mesurer l'homogénéité.";
        }
        return "Entre les " + h.themes() + " thèmes publiés, l'écart entre la part la plus haute et la plus basse est de "
                + Format.points(h.rangePoints()) + " ; l'écart type des parts est de " + Format.points(h.standardDeviationPoints()) + ".";
    }

    private Model.Methodology methodology(String code, Views.Barometer b, Filters filters) {
        Views.Edition e = b.edition();
        Source source = Source.valueOf(e.source());
        List<String> models = figures.models(code, e);
        String api = "/barometers/" + encode(code);
        String q = query(filters);
        String strataQuery = query(filters.withStratum(null));
        List<Model.Link> downloads = List.of(
                new Model.Link("Données ouvertes (CSV)", api + "/export.csv"),
                new Model.Link("Classement des thèmes (JSON)", api + q),
                new Model.Link("Thèmes par strate (JSON)", api + "/strata" + strataQuery),
                new Model.Link("Croisement avec le portage de la stratégie (JSON)", CrossSection.url(code, filters)),
                new Model.Link("Documentation de l'API (OpenAPI)", "/q/openapi"));
        return new Model.Methodology(String.join(", ", models), String.valueOf(e.confidentialityThreshold()),
                source == Source.PUBLISHED ? Format.dateTime(e.publishedAt()) : null, source.name(), Format.integer(b.authorities()), downloads);
    }

    // ---- GET /editions/{code}/themes/{theme} --------------------------------------------------

    Model.Theme theme(String code, String theme, Filters filters, Place place) {
        filters.checked();
        Views.Barometer b = figures.barometer(code, filters, null, place.published());
        Views.ThemeFigures figuresOfTheme = b.themes().stream().filter(t -> t.theme().equals(theme)).findFirst()
                .orElseThrow(() -> ProblemException.notFound("No theme " + theme + " in the barometer."));
        Questionnaire questionnaire = figures.questionnaire(code, b.edition());
        List<Questionnaire.Question> questions = questionnaire.themes().stream().filter(t -> t.code().equals(theme))
                .flatMap(t -> t.questions().stream()).filter(q -> !q.isText()).toList();
        List<Model.ItemRow> items = new ArrayList<>();
        List<Charts.Stack> stacks = new ArrayList<>();
        List<Model.QuestionFigures> others = new ArrayList<>();
        for (Questionnaire.Question q : questions) {
            Views.Question d = figures.question(code, q.code(), filters, place.published());
            if (Questionnaire.MATURITY.equals(q.type())) {
                items.add(item(q, d));
                if (!d.withheld()) {
                    stacks.add(new Charts.Stack(q.code() + " " + q.labelFr(), levelCounts(d), Map.of("question", q.code())));
                }
            } else {
                others.add(question(q, d));
            }
        }
        String base = place.base(code);
        String query = query(filters);
        String label = Labels.theme(theme);
        return new Model.Theme(new Model.Frame(label + " — édition " + code + (place.preview() ? " (aperçu)" : ""), place.preview(),
                place.signedInAs()), code, b.edition().source(), base + query, theme, label, query, filterForm(base + "/themes/" + encode(theme), filters),
                rankRow(figuresOfTheme, base + "/themes/" + theme + query), items,
                stacks.isEmpty() ? null : Charts.stacks("graphique-niveaux", "Répartition des niveaux de chaque item de maturité du thème "
                        + label + " (sans les réponses « ne sait pas » et « non applicable »)", stacks),
                others);
    }

    private static long[] levelCounts(Views.Question d) {
        long[] counts = new long[Themes.MAX_LEVEL + 1];
        for (Views.AnswerCount a : d.answers()) {
            if (a.answer().length() == 1 && Character.isDigit(a.answer().charAt(0))) {
                counts[a.answer().charAt(0) - '0'] = a.count();
            }
        }
        return counts;
    }

    private static Model.ItemRow item(Questionnaire.Question q, Views.Question d) {
        Model.Secret secret = Model.Secret.of(d.withheld(), d.withheldReason());
        if (secret != null) {
            return new Model.ItemRow(q.code(), q.labelFr(), List.of(), null, null, null, secret);
        }
        long[] counts = levelCounts(d);
        long onScale = 0;
        for (long c : counts) {
            onScale += c;
        }
        List<Model.LevelCell> levels = new ArrayList<>();
        for (int level = 0; level <= Themes.MAX_LEVEL; level++) {
            levels.add(new Model.LevelCell(String.valueOf(level), Format.integer(counts[level]),
                    onScale == 0 ? "—" : Format.percent(BigDecimal.valueOf(counts[level]).divide(BigDecimal.valueOf(onScale), 4, RoundingMode.HALF_UP))));
        }
        Map<String, Long> abstentions = new LinkedHashMap<>();
        d.answers().stream().filter(a -> Themes.ABSTENTIONS.contains(a.answer())).forEach(a -> abstentions.put(a.answer(), a.count()));
        return new Model.ItemRow(q.code(), q.labelFr(), levels, Format.integer(abstentions.getOrDefault("NSP", 0L)),
                Format.integer(abstentions.getOrDefault("NA", 0L)), Format.integer(d.answered()), null);
    }

    private static Model.QuestionFigures question(Questionnaire.Question q, Views.Question d) {
        Model.Secret secret = Model.Secret.of(d.withheld(), d.withheldReason());
        String type = switch (q.type()) {
            case Questionnaire.SINGLE_CHOICE -> "choix unique";
            case Questionnaire.MULTIPLE_CHOICE -> "choix multiples (une collectivité peut en cocher plusieurs)";
            case Questionnaire.BOOLEAN -> "oui ou non";
            case Questionnaire.NUMBER -> "nombre";
            default -> q.type();
        };
        if (secret != null) {
            return new Model.QuestionFigures(q.code(), q.labelFr(), type, null, List.of(), null, null, secret);
        }
        Map<String, String> choiceLabels = new LinkedHashMap<>();
        q.choices().forEach(c -> choiceLabels.put(c.code(), c.labelFr()));
        choiceLabels.put("true", "Oui");
        choiceLabels.put("false", "Non");
        List<Model.AnswerRow> answers = d.answers() == null ? List.of() : d.answers().stream()
                .map(a -> new Model.AnswerRow(a.answer(), choiceLabels.getOrDefault(a.answer(), a.answer()), Format.integer(a.count()),
                        Format.percent(a.ratio()), a.ratio() == null ? null : a.ratio().toPlainString())).toList();
        RawString chart = answers.isEmpty() ? null : Charts.bars("graphique-" + q.code(), "Répartition des réponses à la question " + q.code(),
                List.of(new Charts.Group(null, d.answers().stream().map(a -> Charts.Bar.of(choiceLabels.getOrDefault(a.answer(), a.answer()),
                        a.ratio(), null, Map.of("question", q.code(), "reponse", a.answer()))).toList())));
        String number = d.number() == null ? null : "Réponses : " + Format.integer(d.number().count())
                + (d.number().mean() == null ? "" : " ; moyenne " + Format.decimal(d.number().mean(), 2) + ", minimum "
                + d.number().min().stripTrailingZeros().toPlainString().replace('.', ',') + ", maximum "
                + d.number().max().stripTrailingZeros().toPlainString().replace('.', ','));
        return new Model.QuestionFigures(q.code(), q.labelFr(), type, Format.integer(d.answered()), answers,
                chart, number, null);
    }

    // ---- filters ------------------------------------------------------------------------------

    private static Model.FilterForm filterForm(String action, Filters f) {
        List<Model.Select> selects = List.of(
                select("stratum", "Strate de population", f.stratum(), strataLabels()),
                select("kind", "Type de collectivité", f.kind(), Labels.KINDS),
                select("network", "Réseau", f.network(), Labels.NETWORKS),
                select("region", "Région", f.region(), Labels.REGIONS));
        List<Model.Link> strata = new ArrayList<>();
        strata.add(new Model.Link("Toutes", action + query(f.withStratum(null))));
        Themes.STRATA.forEach(s -> strata.add(new Model.Link(s, action + query(f.withStratum(s)))));
        List<Model.Link> removals = new ArrayList<>();
        List<String> described = new ArrayList<>();
        if (f.stratum() != null) {
            removals.add(new Model.Link("Retirer le filtre strate " + f.stratum(), action + query(f.withStratum(null))));
            described.add("strate " + Labels.stratum(f.stratum()));
        }
        if (f.kind() != null) {
            removals.add(new Model.Link("Retirer le filtre " + Labels.KINDS.get(f.kind()), action + query(new Filters(f.stratum(), null, f.network(), f.region()))));
            described.add(Labels.KINDS.get(f.kind()).toLowerCase());
        }
        if (f.network() != null) {
            removals.add(new Model.Link("Retirer le filtre " + Labels.NETWORKS.get(f.network()), action + query(new Filters(f.stratum(), f.kind(), null, f.region()))));
            described.add("réseau " + Labels.NETWORKS.get(f.network()));
        }
        if (f.region() != null) {
            removals.add(new Model.Link("Retirer le filtre " + Labels.region(f.region()), action + query(new Filters(f.stratum(), f.kind(), f.network(), null))));
            described.add("région " + Labels.region(f.region()));
        }
        return new Model.FilterForm(action, selects, strata, removals,
                described.isEmpty() ? "toutes les collectivités répondantes" : String.join(", ", described));
    }

    private static Map<String, String> strataLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        Labels.STRATA.keySet().forEach(s -> labels.put(s, Labels.stratum(s)));
        return labels;
    }

    private static Model.Select select(String name, String label, String current, Map<String, String> values) {
        List<Model.Option> options = new ArrayList<>();
        options.add(new Model.Option("", "Toutes", current == null));
        values.forEach((value, text) -> options.add(new Model.Option(value, text, value.equals(current))));
        return new Model.Select(name, label, options);
    }

    /** The filters as a query string ("" without any), in a fixed order: one URL per view. */
    static String query(Filters f) {
        List<String> parts = new ArrayList<>();
        if (f.stratum() != null) {
            parts.add("stratum=" + encode(f.stratum()));
        }
        if (f.kind() != null) {
            parts.add("kind=" + encode(f.kind()));
        }
        if (f.network() != null) {
            parts.add("network=" + encode(f.network()));
        }
        if (f.region() != null) {
            parts.add("region=" + encode(f.region()));
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
