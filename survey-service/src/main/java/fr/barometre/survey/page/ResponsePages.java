package fr.barometre.survey.page;

import fr.barometre.survey.campaign.CampaignStatus;
import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.questionnaire.Questionnaire;
import fr.barometre.survey.questionnaire.Questionnaire.Question;
import fr.barometre.survey.response.Answer;
import fr.barometre.survey.response.AnswerRules;
import fr.barometre.survey.response.ResponseService;
import fr.barometre.survey.response.ResponseStatus;
import fr.barometre.survey.security.Caller;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An authority's response to a campaign, as pages: the overview with its steps and the submission,
 * and one page per step (the general questions, each theme). Saving and submitting go through the
 * same service calls as the API (a partial save with If-Match, the submission), so the same rules
 * apply; a page only turns the form into answer entries and the outcome into HTML.
 */
@Path(Paths.RESPONSES + "/{campaign}")
@Produces(MediaType.TEXT_HTML)
@Authenticated
public class ResponsePages {

    /** The form field carrying the ETag the page was loaded at. */
    static final String VERSION_FIELD = "version";
    static final String COLLECTIVITY_PARAM = "collectivite";
    private static final Pattern SIREN = Pattern.compile("\\d{9}");

    @Inject
    ResponseService responses;

    @Inject
    Caller caller;

    @Inject
    PageChrome chrome;

    @GET
    public Response overview(@PathParam("campaign") String campaign, @QueryParam(COLLECTIVITY_PARAM) String collectivity) {
        Loaded loaded = load(campaign, collectivity);
        return html(200, Templates.overview(chrome.current(), loaded.form(stored(loaded.opened), Map.of()), List.of()).render());
    }

    @GET
    @Path("/{step}")
    public Response step(@PathParam("campaign") String campaign, @PathParam("step") String stepId,
                         @QueryParam(COLLECTIVITY_PARAM) String collectivity, @QueryParam("enregistre") String saved) {
        Loaded loaded = load(campaign, collectivity);
        ResponseForm form = loaded.form(stored(loaded.opened), Map.of());
        ResponseForm.Step step = requireStep(form, stepId);
        return html(200, Templates.step(chrome.current(), form, step, saved != null, List.of()).render());
    }

    /**
     * "Enregistrer": the questions of this step only, through the API's partial save with If-Match:
     * an answer given is set, a question left blank (or no longer asked) is cleared, other steps'
     * answers are untouched. A response changed meanwhile gives the conflict page, with what was typed.
     */
    @POST
    @Path("/{step}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response save(@PathParam("campaign") String campaign, @PathParam("step") String stepId,
                         @QueryParam(COLLECTIVITY_PARAM) String collectivity, MultivaluedMap<String, String> body) {
        Loaded loaded = load(campaign, collectivity);
        Questionnaire questionnaire = loaded.opened.questionnaire();
        List<Question> questions = ResponseForm.questionsOf(questionnaire, stepId);
        if (questions == null) {
            throw ProblemException.notFound("No step " + stepId + " in campaign " + campaign);
        }
        String etag = body.getFirst(VERSION_FIELD);
        Map<String, Answer> stored = stored(loaded.opened);
        Map<String, Answer> typed = FormAnswers.read(questions, body);
        clearNotAsked(questionnaire, stored, typed);
        try {
            if (loaded.opened.saved().isEmpty() && (etag == null || etag.isBlank())) {
                responses.put(campaign, loaded.siren, FormAnswers.entries(typed, false), null, "*");
            } else {
                responses.patch(campaign, loaded.siren, FormAnswers.entries(typed, true), etag);
            }
        } catch (ProblemException e) {
            return refused(e, campaign, collectivity, stepId, questions, typed, etag);
        }
        String next = stepId;
        if ("suivant".equals(body.getFirst("action"))) {
            ResponseForm form = loaded.form(stored, Map.of());
            ResponseForm.Step following = form.next(requireStep(form, stepId));
            if (following != null) {
                next = following.id();
            }
        }
        String query = loaded.query.isEmpty() ? "?enregistre=1" : loaded.query + "&enregistre=1";
        return Response.seeOther(URI.create(Paths.RESPONSES + "/" + campaign + "/" + next + query)).build();
    }

    /**
     * "Valider et envoyer": the API's submission, with the ETag the page was loaded at. An incomplete or
     * invalid response gives the full report, each problem linking to its field; nothing changes.
     */
    @POST
    @Path("/envoi")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response submit(@PathParam("campaign") String campaign, @QueryParam(COLLECTIVITY_PARAM) String collectivity,
                           MultivaluedMap<String, String> body) {
        Loaded loaded = load(campaign, collectivity);
        Questionnaire questionnaire = loaded.opened.questionnaire();
        String base = Paths.RESPONSES + "/" + campaign;
        if (loaded.opened.saved().isEmpty()) {
            List<FieldError> missing = AnswerRules.checkComplete(questionnaire, List.of());
            return html(422, Templates.overview(chrome.current(), loaded.form(Map.of(), Map.of()),
                    ResponseForm.report(questionnaire, missing, base, loaded.query)).render());
        }
        try {
            responses.submit(campaign, loaded.siren, body.getFirst(VERSION_FIELD), null);
        } catch (ProblemException e) {
            if (e.status() == 422) {
                Loaded again = load(campaign, collectivity);
                return html(422, Templates.overview(chrome.current(), again.form(stored(again.opened), Map.of()),
                        ResponseForm.report(questionnaire, e.errors(), base, loaded.query)).render());
            }
            throw e;
        }
        return Response.seeOther(URI.create(base + loaded.query)).build();
    }

    /**
     * A refused save: the step again with what was typed, and either the conflict (the response changed,
     * or was submitted, since the form was loaded) or each answer's problem.
     */
    private Response refused(ProblemException e, String campaign, String collectivity, String stepId, List<Question> questions,
                             Map<String, Answer> typed, String etag) {
        if (e.status() != 412 && e.status() != 428 && e.status() != 422 && e.status() != 409) {
            throw e;
        }
        Loaded now = load(campaign, collectivity);
        if (e.status() == 409 && !submittedSince(now.opened, etag)) {
            throw e;   // nothing to show beside the form: the campaign takes no answers, or the form was already read-only
        }
        Map<String, Answer> current = stored(now.opened);
        Map<String, Answer> shown = overlay(current, typed);
        if (e.status() == 422) {
            Map<String, String> errors = new HashMap<>();
            e.errors().forEach(error -> errors.putIfAbsent(error.question() == null ? error.field() : error.question(),
                    FrenchMessages.of(error.message())));
            ResponseForm form = now.form(shown, errors);
            return html(422, Templates.step(chrome.current(), form, requireStep(form, stepId), false, List.of()).render());
        }
        ResponseForm form = now.form(shown, Map.of());
        List<ResponseForm.Difference> differences = ResponseForm.differences(now.opened.questionnaire(), questions, current, typed);
        return html(409, Templates.step(chrome.current(), form, requireStep(form, stepId), false, differences).render());
    }

    /** Whether the response was submitted after the form (carrying {@code etag}) was loaded, its campaign still open. */
    private static boolean submittedSince(ResponseService.Opened opened, String etag) {
        return opened.campaign().status == CampaignStatus.OPEN && opened.saved()
                .filter(s -> s.response().status() == ResponseStatus.SUBMITTED)
                .map(s -> !s.etag().equals(etag))
                .orElse(false);
    }

    /** A question whose condition no longer holds, given the answers once saved, is cleared with the rest of its step. */
    private static void clearNotAsked(Questionnaire questionnaire, Map<String, Answer> stored, Map<String, Answer> typed) {
        Map<String, Boolean> asked = AnswerRules.asked(questionnaire, overlay(stored, typed).values());
        typed.replaceAll((code, answer) -> asked.getOrDefault(code, true) ? answer : null);
    }

    /** The answers once the typed ones are saved over the stored ones: set, or removed when left blank. */
    private static Map<String, Answer> overlay(Map<String, Answer> stored, Map<String, Answer> typed) {
        Map<String, Answer> merged = new LinkedHashMap<>(stored);
        typed.forEach((code, answer) -> {
            if (answer == null) {
                merged.remove(code);
            } else {
                merged.put(code, answer);
            }
        });
        return merged;
    }

    /**
     * The authority a response page is about: the one named by ?collectivite= (admins, partners, analysts;
     * whether the caller may see it is the service's decision), else the caller's own; 404 when there is none.
     */
    static String authorityOf(Caller caller, String collectivity) {
        String siren = collectivity != null ? collectivity : caller.collectivity();
        if (siren == null || !SIREN.matcher(siren).matches()) {
            throw ProblemException.notFound("No authority for this page");
        }
        return siren;
    }

    /** The query that keeps naming the authority on the pages' links, when the page was opened with one. */
    static String collectivityQuery(String collectivity, String siren) {
        return collectivity == null ? "" : "?" + COLLECTIVITY_PARAM + "=" + siren;
    }

    /** The response a page is about: the caller's own authority, or (admins, partners) the one named by ?collectivite=. */
    private Loaded load(String campaign, String collectivity) {
        String siren = authorityOf(caller, collectivity);
        ResponseService.Opened opened = responses.open(campaign, siren);
        return new Loaded(opened, siren, collectivityQuery(collectivity, siren));
    }

    private record Loaded(ResponseService.Opened opened, String siren, String query) {
        ResponseForm form(Map<String, Answer> shown, Map<String, String> errors) {
            return ResponseForm.of(opened, query, shown, errors);
        }
    }

    /** The answers of the response as stored, by question code; none before its first save. */
    static Map<String, Answer> stored(ResponseService.Opened opened) {
        return opened.saved().map(s -> ResponseForm.byCode(s.response().answers())).orElse(Map.of());
    }

    private static ResponseForm.Step requireStep(ResponseForm form, String stepId) {
        ResponseForm.Step step = form.step(stepId);
        if (step == null) {
            throw ProblemException.notFound("No step " + stepId);
        }
        return step;
    }

    private static Response html(int status, String page) {
        return Response.status(status).type(PageResponses.HTML).entity(page).build();
    }
}
