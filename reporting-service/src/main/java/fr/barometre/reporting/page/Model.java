package fr.barometre.reporting.page;

import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateData;

import java.util.List;

/**
 * What the templates write, already in French and formatted: the templates only lay it out. Raw
 * figures ride along as {@code data-valeur} attributes (the API's values, for tests and scripts).
 */
public final class Model {

    private Model() {
    }

    /** What every page's frame needs. */
    @TemplateData
    public record Frame(String title, boolean preview, String signedInAs) {
    }

    @TemplateData
    public record Link(String label, String href) {
    }

    /**
     * A withheld figure: the mention "secret statistique" and why, in French. The API writes its primary
     * reason in English ("fewer than 5 authorities"): the page says it in the page's language
     * ("moins de 5 collectivités"); "secret statistique secondaire" is shown as the API gives it.
     */
    @TemplateData
    public record Secret(String reason) {
        private static final java.util.regex.Pattern PRIMARY = java.util.regex.Pattern.compile("fewer than (\\d+) authorities");

        static Secret of(boolean withheld, String reason) {
            return withheld ? new Secret(reason == null ? "" : inFrench(reason)) : null;
        }

        static String inFrench(String reason) {
            java.util.regex.Matcher primary = PRIMARY.matcher(reason);
            return primary.matches() ? "moins de " + primary.group(1) + " collectivités" : reason;
        }

        /** Every reason the page writes is French; one the API would add in another language is marked as such. */
        public String lang() {
            return reason.startsWith("secret") || reason.startsWith("moins de") || reason.isEmpty() ? "fr" : "en";
        }
    }

    @TemplateData
    public record Option(String value, String label, boolean selected) {
    }

    @TemplateData
    public record Select(String name, String label, List<Option> options) {
    }

    /** The filters as a GET form, the strata as plain links, and a link removing each active filter. */
    @TemplateData
    public record FilterForm(String action, List<Select> selects, List<Link> strata, List<Link> removals, String description) {
    }

    // ---- GET / --------------------------------------------------------------------------------

    public record EditionSummary(String code, String href, String publishedAt, String respondents, Secret respondentsSecret,
                          String mostEngaged, String leastEngaged) {
    }

    public record Home(Frame frame, List<EditionSummary> editions) {
    }

    // ---- GET /editions/{code} -----------------------------------------------------------------

    public record RankRow(String theme, String label, String href, String rank, String share, String shareValue, String engaged,
                   String respondents, String meanScore, Secret secret) {
    }

    public record ChangeRow(String theme, String label, String previousShare, String share, String points, String pointsValue,
                     String rankChange, String rankChangeValue, String sentence, Secret secret) {
    }

    public record StratumCell(String stratum, String share, String shareValue, String respondents, Secret secret) {
    }

    public record StrataRow(String theme, String label, List<StratumCell> cells, String gap) {
    }

    public record CrossCell(String theme, String share, String shareValue, String respondents, Secret secret) {
    }

    public record CrossAnswer(String answer, String label, String authorities, Secret authoritiesSecret, List<CrossCell> cells) {
    }

    public record Cross(String question, String label, List<String> themes, List<CrossAnswer> answers, RawString chart, String json, String note) {
    }

    public record Methodology(String model, String threshold, String publishedAt, String source, String authorities,
                       List<Link> downloads) {
    }

    public record Edition(Frame frame, String code, String base, String query, FilterForm filters, String authorities, Secret authoritiesSecret,
                   List<RankRow> ranking, RawString rankingChart,
                   String comparedTo, List<ChangeRow> changes, RawString changeChart,
                   String strataNote, List<String> strata, List<StrataRow> strataRows, RawString strataChart,
                   Cross cross, String homogeneity, Methodology methodology) {
    }

    // ---- GET /editions/{code}/themes/{theme} --------------------------------------------------

    public record LevelCell(String level, String count, String share) {
    }

    public record ItemRow(String question, String label, List<LevelCell> levels, String nsp, String na, String answered, Secret secret) {
    }

    public record AnswerRow(String answer, String label, String count, String share, String shareValue) {
    }

    public record QuestionFigures(String question, String label, String type, String answered, List<AnswerRow> answers, RawString chart,
                           String number, Secret secret) {
    }

    public record Theme(Frame frame, String code, String source, String editionHref, String theme, String label, String query, FilterForm filters,
                 RankRow figures, List<ItemRow> items, RawString itemsChart, List<QuestionFigures> questions) {
    }

    // ---- errors -------------------------------------------------------------------------------

    public record Error(Frame frame, int status, String heading, String message, String detail) {
    }
}
