package fr.barometre.survey.page;

import fr.barometre.survey.registry.Stratum;
import fr.barometre.survey.response.Participation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The analyst's participation page of a campaign: the figures of {@code GET /campaigns/{code}/participation}
 * (the same {@link Participation}), as text for the table and as bars for the chart.
 */
public record ParticipationView(String campaign, Row overall, List<Row> byStratum, Chart chart) {

    /** One line of the table: counts, and the share of the audience that submitted. */
    public record Row(String code, String label, String audience, String submitted, String drafts, String notStarted, String rate) {
    }

    /**
     * The chart: one bar per stratum, its whole length the stratum's audience, split into the submitted
     * responses (solid), the drafts (hatched) and the authorities not started (outline only); every bar
     * says its figures in words beneath it, so that nothing depends on colour.
     */
    public record Chart(int width, int height, int barX, int barWidth, List<Bar> bars) {
    }

    public record Bar(String label, String caption, int labelY, int barY, int captionY,
                      double submittedWidth, double draftsX, double draftsWidth) {
    }

    /** Each stratum takes a row: its name and audience, the bar beneath, then the bar's figures. */
    static final int CHART_WIDTH = 480;
    static final int BAR_X = 0;
    static final int BAR_WIDTH = 480;
    static final int ROW_HEIGHT = 72;

    public static ParticipationView of(Participation p) {
        List<Row> rows = p.byStratum().stream().map(s -> row(s.stratum().name(), label(s.stratum()), s.counts())).toList();
        List<Bar> bars = new java.util.ArrayList<>();
        for (int i = 0; i < p.byStratum().size(); i++) {
            Participation.StratumCounts s = p.byStratum().get(i);
            bars.add(bar(label(s.stratum()), s.counts(), i * ROW_HEIGHT));
        }
        Chart chart = new Chart(CHART_WIDTH, bars.size() * ROW_HEIGHT + 8, BAR_X, BAR_WIDTH, bars);
        return new ParticipationView(p.campaign(), row("TOTAL", "Ensemble", p.overall()), rows, chart);
    }

    /** A stratum in words, from its bounds: "S2 · 3 500 à 19 999 habitants". */
    static String label(Stratum stratum) {
        Stratum[] all = Stratum.values();
        int next = stratum.ordinal() + 1;
        if (stratum.ordinal() == 0) {
            return stratum.name() + " · moins de " + number(all[1].lowerBound()) + " habitants";
        }
        if (next == all.length) {
            return stratum.name() + " · " + number(stratum.lowerBound()) + " habitants et plus";
        }
        return stratum.name() + " · " + number(stratum.lowerBound()) + " à " + number(all[next].lowerBound() - 1) + " habitants";
    }

    private static Row row(String code, String label, Participation.Counts c) {
        return new Row(code, label, number(c.audience()), number(c.submitted()), number(c.drafts()), number(c.notStarted()),
                c.audience() == 0 ? "—" : rate(c.submittedRate()));
    }

    private static Bar bar(String label, Participation.Counts c, int top) {
        double submitted = c.audience() == 0 ? 0 : BAR_WIDTH * (double) c.submitted() / c.audience();
        double drafts = c.audience() == 0 ? 0 : BAR_WIDTH * (double) c.drafts() / c.audience();
        String caption = c.audience() == 0 ? "aucune collectivité invitée"
                : number(c.submitted()) + " envoyées (" + rate(c.submittedRate()) + "), " + number(c.drafts())
                + " en cours, " + number(c.notStarted()) + " non commencées";
        return new Bar(label + " : " + number(c.audience()) + " invitées", caption, top + 16, top + 24, top + 62,
                round(submitted), round(BAR_X + submitted), round(drafts));
    }

    private static double round(double x) {
        return BigDecimal.valueOf(x).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    private static String number(long n) {
        return FrenchFormat.count(n);
    }

    private static String rate(double ratio) {
        return FrenchFormat.percent(BigDecimal.valueOf(ratio), 1);
    }
}
