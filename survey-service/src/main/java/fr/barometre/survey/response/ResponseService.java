package fr.barometre.survey.response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.api.Page;
import fr.barometre.survey.campaign.Campaign;
import fr.barometre.survey.campaign.CampaignRepository;
import fr.barometre.survey.campaign.CampaignService;
import fr.barometre.survey.campaign.CampaignStatus;
import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.questionnaire.Questionnaire;
import fr.barometre.survey.registry.Collectivity;
import fr.barometre.survey.registry.CollectivityRepository;
import fr.barometre.survey.security.Caller;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Drafts, submission, reopening: the life of an authority's response to a campaign. */
@ApplicationScoped
@Transactional
public class ResponseService {

    public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    /** One response per (campaign, authority): the table's unique key. */
    private static final String UNIQUE_RESPONSE = "response_campaign_code_siren_key";

    @Inject
    ResponseRepository responses;

    /** The campaigns' rules: which the caller sees, which invite an authority, the closing date. */
    @Inject
    CampaignService campaigns;

    @Inject
    CampaignRepository campaignRows;

    @Inject
    CollectivityRepository collectivities;

    @Inject
    IdempotencyRepository idempotencyKeys;

    @Inject
    SubmissionPublisher submissions;

    @Inject
    ResponseJournal journal;

    @Inject
    ResponseEvents webhooks;

    @Inject
    Caller caller;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    /** A response with its entity tag, and whether this request created it. */
    public record Saved(ResponseView response, String etag, boolean created) {
    }

    /** The outcome of a submission: what to answer, again, on a replay of its Idempotency-Key. */
    public record Submitted(int status, String body, String etag) {
    }

    /** The campaign, the authority and the questionnaire a request is about, once access is granted. */
    record Target(Campaign campaign, Collectivity authority, Questionnaire questionnaire) {
    }

    /**
     * What a page about one response shows: the campaign, the authority, its questionnaire, the
     * response if there is one, and whether the caller may change it (else it only reads it). Access
     * is decided as for {@link #get}: 404 outside the caller's reach.
     */
    public record Opened(Campaign campaign, Collectivity authority, Questionnaire questionnaire, Optional<Saved> saved,
                         boolean mayAct) {
    }

    public Optional<Saved> get(String code, String siren) {
        return open(code, siren).saved();
    }

    public Opened open(String code, String siren) {
        Located located = locate(code, siren, false, null);
        Target target = located.target();
        return new Opened(target.campaign(), target.authority(), target.questionnaire(),
                located.response().map(r -> new Saved(view(r), r.etag(), false)), mayActFor(target.authority()));
    }

    public Saved put(String code, String siren, JsonNode answers, String ifMatch, String ifNoneMatch) {
        Located located = locate(code, siren, true, null);
        Target target = requireOpen(located.target());
        AnswerRules.Parsed parsed = AnswerRules.parse(target.questionnaire(), answers, false);
        Optional<SurveyResponse> existing = located.response();
        if (existing.isEmpty()) {
            Preconditions.forCreation(ifMatch);
            rejectIfInvalid(parsed.errors());
            SurveyResponse r = SurveyResponse.firstDraft(code, siren, clock.instant());
            List<Answer> ordered = ordered(target.questionnaire(), parsed.answers());
            r.answers = write(ordered);
            journal.saved(r, List.of(), ordered);   // recorded first: sent with the write below, rolled back with it
            if (!responses.insert(r)) {
                throw ProblemException.preconditionFailed(
                        "The response was created by another request meanwhile; read it and send its ETag in If-Match");
            }
            return new Saved(view(r, ordered), r.etag(), true);
        }
        SurveyResponse r = existing.get();
        Preconditions.forChange(r, ifMatch, ifNoneMatch);
        requireDraft(r);
        rejectIfInvalid(parsed.errors());
        List<Answer> before = read(r.answers);
        List<Answer> ordered = ordered(target.questionnaire(), parsed.answers());
        r.answers = write(ordered);
        r.updatedAt = clock.instant();
        journal.saved(r, before, ordered);
        changed(responses.saveAnswers(r));
        return new Saved(view(r, ordered), r.etag(), false);
    }

    public Saved patch(String code, String siren, JsonNode answers, String ifMatch) {
        Located located = locate(code, siren, true, null);
        Target target = requireOpen(located.target());
        SurveyResponse r = located.response().orElseThrow(() -> ProblemException.notFound(
                "No response of " + siren + " to campaign " + code + " yet: create it with PUT"));
        requireDraft(r);   // a submitted response says so, whatever the If-Match
        Preconditions.forChange(r, ifMatch, null);
        AnswerRules.Parsed parsed = AnswerRules.parse(target.questionnaire(), answers, true);
        rejectIfInvalid(parsed.errors());
        Map<String, Answer> merged = new LinkedHashMap<>();
        List<Answer> before = read(r.answers);
        before.forEach(a -> merged.put(a.question(), a));
        parsed.answers().forEach(a -> merged.put(a.question(), a));
        parsed.removals().forEach(merged::remove);
        List<Answer> ordered = ordered(target.questionnaire(), merged.values());
        r.answers = write(ordered);
        r.updatedAt = clock.instant();
        journal.saved(r, before, ordered);
        changed(responses.saveAnswers(r));
        return new Saved(view(r, ordered), r.etag(), false);
    }

    /**
     * Submits a draft. An Idempotency-Key belongs to the caller (the token's client and subject) and
     * is looked up only once access is granted: a replay returns the first outcome, the caller's key
     * reused for another response is a 422, and another caller's keys are never seen.
     */
    public Submitted submit(String code, String siren, String ifMatch, String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw ProblemException.badRequest("Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters",
                    List.of(FieldError.ofField("Idempotency-Key", "1 to " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters")));
        }
        Located located = locate(code, siren, true, idempotencyKey);   // access first: a caller without it learns nothing of keys
        Target target = located.target();
        if (idempotencyKey != null) {
            Optional<IdempotencyRecord> replay = located.replay();
            if (replay.isPresent()) {
                IdempotencyRecord first = replay.get();
                if (!first.isFor(code, siren)) {
                    throw ProblemException.invalid(FieldError.ofField("Idempotency-Key",
                            "this key was already used for another response"));
                }
                return new Submitted(first.statusCode, first.body, first.etag);
            }
        }
        requireOpen(target);
        SurveyResponse r = located.response().orElseThrow(() -> ProblemException.notFound(
                "No response of " + siren + " to campaign " + code + " to submit: save a draft first"));
        if (r.status == ResponseStatus.SUBMITTED) {
            throw ProblemException.conflict("Revision " + r.revision + " of this response is already submitted");
        }
        Preconditions.ifPresent(r, ifMatch);
        List<Answer> answers = read(r.answers);
        rejectIfInvalid(AnswerRules.checkComplete(target.questionnaire(), answers));
        Instant now = clock.instant();
        r.status = ResponseStatus.SUBMITTED;
        r.submittedAt = now;
        r.updatedAt = now;
        List<SubmittedResponse> submitted = List.of(new SubmittedResponse(target.campaign(), target.authority(),
                target.questionnaire(), r.revision, now, answers));
        journal.submitted(code, siren, r.revision);   // the entry and the event first: sent with the write below
        webhooks.submitted(submitted);
        changed(responses.saveSubmission(r));
        submissions.publishAll(submitted);
        String body = write(view(r, answers));
        if (idempotencyKey != null) {
            IdempotencyRecord record = new IdempotencyRecord();
            record.clientId = caller.clientId();
            record.subject = caller.subject();
            record.key = idempotencyKey;
            record.campaignCode = code;
            record.siren = siren;
            record.statusCode = 200;
            record.body = body;
            record.etag = r.etag();
            record.createdAt = now;
            if (!idempotencyKeys.insert(record)) {
                throw ProblemException.conflict("A request with the same Idempotency-Key is being handled; retry it to get its outcome");
            }
        }
        return new Submitted(200, body, r.etag());
    }

    /** A complete response submitted in one step (batch): creates or replaces the draft, then submits. */
    public int submitComplete(String code, String siren, JsonNode answers) {
        Target target = resolveForWrite(code, siren);
        AnswerRules.Parsed parsed = AnswerRules.parse(target.questionnaire(), answers, false);
        rejectIfInvalid(AnswerRules.checkSubmission(target.questionnaire(), parsed));
        SurveyResponse r = responses.findOne(code, siren).orElse(null);
        if (r != null && r.status == ResponseStatus.SUBMITTED) {
            throw ProblemException.conflict("Revision " + r.revision + " of this response is already submitted");
        }
        boolean created = r == null;
        if (created) {
            r = SurveyResponse.firstDraft(code, siren, clock.instant());
        }
        List<Answer> ordered = ordered(target.questionnaire(), parsed.answers());
        r.answers = write(ordered);
        if (created) {
            insert(r, () -> ProblemException.conflict("The response was created by another request meanwhile"));
        }
        markSubmitted(r, target, ordered);
        journal.submitted(code, siren, r.revision);
        return r.revision;
    }

    /** A complete response of a batch, checked: what {@link #submitAllComplete} writes. */
    record Complete(Target target, List<Answer> answers) {
        String siren() {
            return target.authority().siren;
        }
    }

    /**
     * The checks of {@link #submitComplete} that need no lock, in the caller's transaction: access,
     * invitation, an open campaign, complete and valid answers. A refusal is the same problem, and
     * leaves the transaction usable for the batch's other responses.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    Complete checkComplete(String code, String siren, JsonNode answers) {
        Target target = resolveForWrite(code, siren);
        AnswerRules.Parsed parsed = AnswerRules.parse(target.questionnaire(), answers, false);
        rejectIfInvalid(AnswerRules.checkSubmission(target.questionnaire(), parsed));
        return new Complete(target, ordered(target.questionnaire(), parsed.answers()));
    }

    /**
     * Submits checked complete responses of one campaign (distinct authorities) set-based, in the
     * caller's transaction: their rows locked in SIREN order, then one statement for the new ones, one
     * for the drafts, one for the feed rows, one for the outbox messages. Returns, per SIREN, the
     * revision submitted or the refusal ({@link #submitComplete}'s: a submitted revision, a response
     * created meanwhile).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    Map<String, Object> submitAllComplete(String code, List<Complete> complete) {
        Instant now = clock.instant();
        Map<String, ResponseRepository.Locked> existing = responses.lockAll(code,
                complete.stream().map(Complete::siren).sorted().toList());
        Map<String, Object> outcomes = new LinkedHashMap<>();
        List<ResponseRepository.Complete> created = new ArrayList<>();
        Map<Long, String> drafts = new LinkedHashMap<>();
        Map<String, Integer> revisions = new java.util.HashMap<>();
        for (Complete c : complete) {
            ResponseRepository.Locked found = existing.get(c.siren());
            String answers = write(c.answers());
            if (found == null) {
                created.add(new ResponseRepository.Complete(c.siren(), answers));
                revisions.put(c.siren(), 1);
            } else if (found.status() == ResponseStatus.SUBMITTED) {
                outcomes.put(c.siren(), ProblemException.conflict("Revision " + found.revision() + " of this response is already submitted"));
            } else {
                drafts.put(found.id(), answers);
                revisions.put(c.siren(), found.revision());
            }
        }
        Set<String> inserted = responses.insertSubmitted(code, created, now);
        for (ResponseRepository.Complete c : created) {
            if (!inserted.contains(c.siren())) {
                revisions.remove(c.siren());
                outcomes.put(c.siren(), ProblemException.conflict("The response was created by another request meanwhile"));
            }
        }
        responses.submitDrafts(drafts, now);
        List<SubmittedResponse> published = new ArrayList<>();
        for (Complete c : complete) {
            Integer revision = revisions.get(c.siren());
            if (revision != null) {
                published.add(new SubmittedResponse(c.target().campaign(), c.target().authority(), c.target().questionnaire(),
                        revision, now, c.answers()));
                outcomes.put(c.siren(), revision);
            }
        }
        submissions.publishAll(published);
        journal.submitted(published);
        webhooks.submitted(published);
        return outcomes;
    }

    public Optional<Saved> reopen(String code, String siren) {
        Campaign campaign = campaigns.current(code).orElseThrow(() -> ProblemException.notFound("No campaign " + code));
        Optional<SurveyResponse> found = responses.findOne(code, siren);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SurveyResponse r = found.get();
        if (campaign.status != CampaignStatus.OPEN) {
            throw ProblemException.conflict("Campaign " + code + " is not OPEN: a reopened response could not be submitted");
        }
        if (r.status != ResponseStatus.SUBMITTED) {
            throw ProblemException.conflict("The response is a draft already (revision " + r.revision + ")");
        }
        r.status = ResponseStatus.DRAFT;
        r.revision++;
        r.submittedAt = null;
        r.updatedAt = clock.instant();
        flush();
        journal.reopened(r);
        webhooks.reopened(code, siren, r.revision);
        return Optional.of(new Saved(view(r), r.etag(), false));
    }

    public Page<ResponseSummary> list(String code, ResponseStatus status, int page, int size) {
        campaigns.current(code).orElseThrow(() -> ProblemException.notFound("No campaign " + code));
        var query = status == null
                ? responses.find("campaignCode", Sort.by("siren"), code)
                : responses.find("campaignCode = ?1 and status = ?2", Sort.by("siren"), code, status);
        List<SurveyResponse> rows = query.page(page, size).list();
        Map<String, String> names = rows.isEmpty() ? Map.of() : collectivities
                .list("siren in ?1", rows.stream().map(r -> r.siren).toList()).stream()
                .collect(Collectors.toMap(c -> c.siren, c -> c.name));
        List<ResponseSummary> items = rows.stream()
                .map(r -> new ResponseSummary(r.siren, names.get(r.siren), r.status, r.revision, r.updatedAt, r.submittedAt))
                .toList();
        return new Page<>(items, page, size, query.count());
    }

    private void markSubmitted(SurveyResponse r, Target target, List<Answer> answers) {
        Instant now = clock.instant();
        r.status = ResponseStatus.SUBMITTED;
        r.submittedAt = now;
        r.updatedAt = now;
        flush();
        SubmittedResponse submitted = new SubmittedResponse(target.campaign(), target.authority(), target.questionnaire(),
                r.revision, now, answers);
        submissions.publish(submitted);
        webhooks.submitted(List.of(submitted));
    }

    /**
     * What a request about one response is about, once access is granted, the response if there is one
     * and the record of the caller's idempotency key if it sent one used before.
     */
    private record Located(Target target, Optional<SurveyResponse> response, Optional<IdempotencyRecord> replay) {
    }

    /**
     * {@link #resolve}'s rules, the authority, the campaign, the response and the caller's idempotency
     * key (when not null) read in one statement, none of them managed by a persistence context: a change
     * is written by {@link ResponseRepository}'s statements, only its own columns.
     */
    private Located locate(String code, String siren, boolean write, String idempotencyKey) {
        ResponseRepository.Found found = responses.find(code, siren, idempotencyKey == null ? null
                : new IdempotencyRecord.Id(caller.clientId(), caller.subject(), idempotencyKey));
        Collectivity authority = found.authority();
        if (authority == null || !(write ? mayActFor(authority) : caller.mayRead(authority.siren, authority.networkSet()))) {
            throw ProblemException.notFound("No response of " + siren + " to campaign " + code);
        }
        Campaign campaign = found.campaign();
        if (campaign == null || !campaigns.invites(campaign, authority)) {
            throw ProblemException.notFound("No campaign " + code + " inviting " + siren);
        }
        Questionnaire questionnaire = campaigns.questionnaireOf(campaign, () -> campaignRows.questionnaireDocument(code));
        return new Located(new Target(campaign, authority, questionnaire), Optional.ofNullable(found.response()),
                Optional.ofNullable(found.replay()));
    }

    /** A change written only if the response was not changed meanwhile: else a 412. */
    private static void changed(boolean written) {
        if (!written) {
            throw ProblemException.preconditionFailed("The response was changed by another request; read it again");
        }
    }

    /**
     * Finds what a request is about and checks the caller may see it: an authority outside the
     * caller's reach, a campaign it may not see or that does not invite the authority are all 404
     * (the campaign's rules are {@link CampaignService#invitingCampaign}'s, lazy closing included).
     */
    @Transactional(dontRollbackOn = ProblemException.class)   // a refusal leaves a batch's transaction usable
    Target resolve(String code, String siren, boolean write) {
        Collectivity authority = collectivities.findByIdOptional(siren)
                .filter(a -> write ? mayActFor(a) : caller.mayRead(a.siren, a.networkSet()))
                .orElseThrow(() -> ProblemException.notFound("No response of " + siren + " to campaign " + code));
        Campaign campaign = campaigns.invitingCampaign(code, authority)
                .orElseThrow(() -> ProblemException.notFound("No campaign " + code + " inviting " + siren));
        return new Target(campaign, authority, campaigns.questionnaireOf(campaign));
    }

    private boolean mayActFor(Collectivity authority) {
        return caller.mayActFor(authority.siren, authority.networkSet());
    }

    private Target resolveForWrite(String code, String siren) {
        return requireOpen(resolve(code, siren, true));
    }

    private static Target requireOpen(Target target) {
        if (target.campaign().status != CampaignStatus.OPEN) {
            throw ProblemException.conflict("Campaign " + target.campaign().code + " is " + target.campaign().status + ": it takes no responses");
        }
        return target;
    }

    private static void requireDraft(SurveyResponse r) {
        if (r.status == ResponseStatus.SUBMITTED) {
            throw ProblemException.conflict("Revision " + r.revision + " is submitted: only an admin can reopen it");
        }
    }

    private static void rejectIfInvalid(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The response has " + errors.size() + " problem(s)", errors);
        }
    }

    /**
     * Inserts a new response. Two first writes of the same response may race past the lookup: the
     * unique (campaign, authority) key lets one through, the other gets {@code lost}.
     */
    private void insert(SurveyResponse r, Supplier<ProblemException> lost) {
        try {
            responses.persist(r);
            flush();
        } catch (ConstraintViolationException e) {
            if (UNIQUE_RESPONSE.equals(e.getConstraintName())) {
                throw lost.get();
            }
            throw e;
        }
    }

    private void flush() {
        try {
            responses.flush();
        } catch (OptimisticLockException e) {
            throw ProblemException.preconditionFailed("The response was changed by another request; read it again");
        }
    }

    private static List<Answer> ordered(Questionnaire questionnaire, java.util.Collection<Answer> answers) {
        Map<String, Integer> position = new LinkedHashMap<>();
        for (var q : questionnaire.allQuestions()) {
            position.putIfAbsent(q.code(), position.size());
        }
        List<Answer> sorted = new ArrayList<>(answers);
        sorted.sort(Comparator.comparing(a -> position.getOrDefault(a.question(), Integer.MAX_VALUE)));
        return sorted;
    }

    private ResponseView view(SurveyResponse r) {
        return view(r, read(r.answers));
    }

    /** The view of a response whose answers the caller holds already (those just written or read). */
    private static ResponseView view(SurveyResponse r, List<Answer> answers) {
        return new ResponseView(r.campaignCode, r.siren, r.status, r.revision, answers, r.createdAt, r.updatedAt, r.submittedAt);
    }

    private List<Answer> read(String answers) {
        try {
            return json.readValue(answers, new TypeReference<List<Answer>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored answers cannot be read", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
