package fr.barometre.reporting.page;

import fr.barometre.reporting.fact.Themes;
import fr.barometre.reporting.figures.FiguresService;
import fr.barometre.reporting.figures.Filters;
import fr.barometre.reporting.figures.Views;
import fr.barometre.reporting.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The edition page's cross-analysis: the themes' shares per answer to GOV-PORTAGE (how the digital
 * strategy is sponsored), from {@link FiguresService#cross}, the figures of
 * {@code GET /barometers/{code}/cross?question=GOV-PORTAGE}. An edition whose questionnaire lacks the
 * question gets a sentence instead of a 404 for the whole page.
 */
@ApplicationScoped
public class CrossSection {

    /** The key of the row of the authorities without an answer (the API's {@code answer: null}). */
    static final String UNANSWERED = "sans-reponse";

    @Inject
    FiguresService figures;

    /** The JSON of the same figures. */
    static String url(String code, Filters filters) {
        return "/barometers/" + EditionPages.encode(code) + "/cross?question=" + EditionPages.CROSS_QUESTION
                + EditionPages.query(filters).replace('?', '&');
    }

    /** The figures of the section; null when the edition's questionnaire lacks the question. */
    Views.Cross figures(String code, Filters filters, boolean published) {
        try {
            return figures.cross(code, EditionPages.CROSS_QUESTION, filters, published);
        } catch (ProblemException e) {
            if (e.status() == 404 || e.status() == 400) {
                return null;
            }
            throw e;
        }
    }

    Model.Cross of(String code, Filters filters, Views.Cross cross) {
        String question = EditionPages.CROSS_QUESTION;
        String json = url(code, filters);
        if (cross == null) {
            return new Model.Cross(question, question, List.of(), List.of(), null, json,
                    "Le questionnaire de cette édition ne pose pas la question " + question + ".");
        }
        List<String> themes = Themes.CODES.stream().map(Labels::theme).toList();
        List<Model.CrossAnswer> answers = new ArrayList<>();
        for (Views.CrossAnswer a : cross.answers()) {
            String key = a.answer() == null ? UNANSWERED : a.answer();
            List<Model.CrossCell> cells = a.themes().stream().map(t -> new Model.CrossCell(t.theme(), Format.percent(t.share()),
                    t.share() == null ? null : t.share().toPlainString(), Format.integer(t.respondents()),
                    Model.Secret.of(t.withheld(), t.withheldReason()))).toList();
            answers.add(new Model.CrossAnswer(key, a.label(), Format.integer(a.authorities()),
                    Model.Secret.of(a.withheld() || a.authorities() == null, a.withheldReason()), cells));
        }
        List<Charts.Group> groups = new ArrayList<>();
        for (int i = 0; i < Themes.CODES.size(); i++) {
            String theme = Themes.CODES.get(i);
            List<Charts.Bar> bars = new ArrayList<>();
            for (Views.CrossAnswer a : cross.answers()) {
                Views.CrossTheme t = a.themes().stream().filter(x -> x.theme().equals(theme)).findFirst().orElseThrow();
                bars.add(Charts.Bar.of(a.label(), t.share(), t.withheld() ? t.withheldReason() : null,
                        Map.of("theme", theme, "reponse", a.answer() == null ? UNANSWERED : a.answer())));
            }
            groups.add(new Charts.Group(themes.get(i), bars));
        }
        return new Model.Cross(question, cross.label() == null ? question : cross.label(), themes, answers,
                Charts.bars("graphique-croisement", "Part des collectivités engagées par thème selon le portage de la stratégie numérique", groups),
                json, null);
    }
}
