package fr.barometre.survey.response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.api.Page;
import fr.barometre.survey.campaign.Campaign;
import fr.barometre.survey.campaign.CampaignRepository;
import fr.barometre.survey.campaign.CampaignStatus;
import fr.barometre.survey.feed.Profile;
import fr.barometre.survey.feed.SubmissionMessage;
import fr.barometre.survey.feed.SubmissionRecord;
import fr.barometre.survey.outbox.Outbox;
import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.questionnaire.Questionnaire;
import fr.barometre.survey.questionnaire.QuestionnaireDocuments;
import fr.barometre.survey.registry.Collectivity;
import fr.barometre.survey.registry.CollectivityRepository;
import fr.barometre.survey.security.Caller;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
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

    @Inject
    CampaignRepository campaigns;

    @Inject
    CollectivityRepository collectivities;

    @Inject
    IdempotencyRepository idempotencyKeys;

    @Inject
    QuestionnaireDocuments documents;

    @Inject
    Outbox outbox;

    @Inject
    Caller caller;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    @Inject
    EntityManager em;

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
     * What a page about one response shows: the campaign, the authority, its questionnaire and the
     * response if there is one. Access is decided as for {@link #get}: 404 outside the caller's reach.
     */
    public record Opened(Campaign campaign, Collectivity authority, Questionnaire questionnaire, Optional<Saved> saved) {
    }

    public Optional<Saved> get(String code, String siren) {
        return open(code, siren).saved();
    }

    public Opened open(String code, String siren) {
        Target target = resolve(code, siren, false);
        return new Opened(target.campaign(), target.authority(), target.questionnaire(),
                responses.findOne(code, siren).map(r -> new Saved(view(r), r.etag(), false)));
    }

    public Saved put(String code, String siren, JsonNode answers, String ifMatch, String ifNoneMatch) {
        Target target = resolveForWrite(code, siren);
        AnswerRules.Parsed parsed = AnswerRules.parse(target.questionnaire(), answers, false);
        Optional<SurveyResponse> existing = responses.findOne(code, siren);
        if (existing.isEmpty()) {
            Preconditions.forCreation(ifMatch);
            rejectIfInvalid(parsed.errors());
            SurveyResponse r = new SurveyResponse();
            r.campaignCode = code;
            r.siren = siren;
            r.status = ResponseStatus.DRAFT;
            r.revision = 1;
            r.createdAt = clock.instant();
            r.updatedAt = r.createdAt;
            r.answers = write(ordered(target.questionnaire(), parsed.answers()));
            insert(r, () -> ProblemException.preconditionFailed(
                    "The response was created by another request meanwhile; read it and send its ETag in If-Match"));
            return new Saved(view(r), r.etag(), true);
        }
        SurveyResponse r = existing.get();
        Preconditions.forChange(r, ifMatch, ifNoneMatch);
        requireDraft(r);
        rejectIfInvalid(parsed.errors());
        r.answers = write(ordered(target.questionnaire(), parsed.answers()));
        r.updatedAt = clock.instant();
        flush();
        return new Saved(view(r), r.etag(), false);
    }

    public Saved patch(String code, String siren, JsonNode answers, String ifMatch) {
        Target target = resolveForWrite(code, siren);
        SurveyResponse r = responses.findOne(code, siren).orElseThrow(() -> ProblemException.notFound(
                "No response of " + siren + " to campaign " + code + " yet: create it with PUT"));
        Preconditions.forChange(r, ifMatch, null);
        requireDraft(r);
        AnswerRules.Parsed parsed = AnswerRules.parse(target.questionnaire(), answers, true);
        rejectIfInvalid(parsed.errors());
        Map<String, Answer> merged = new LinkedHashMap<>();
        read(r.answers).forEach(a -> merged.put(a.question(), a));
        parsed.answers().forEach(a -> merged.put(a.question(), a));
        parsed.removals().forEach(merged::remove);
        r.answers = write(ordered(target.questionnaire(), merged.values()));
        r.updatedAt = clock.instant();
        flush();
        return new Saved(view(r), r.etag(), false);
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
        Target target = resolve(code, siren, true);   // access first: a caller without it learns nothing of keys
        if (idempotencyKey != null) {
            Optional<IdempotencyRecord> replay = idempotencyKeys.findOf(caller.clientId(), caller.subject(), idempotencyKey);
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
        SurveyResponse r = responses.findOne(code, siren).orElseThrow(() -> ProblemException.notFound(
                "No response of " + siren + " to campaign " + code + " to submit: save a draft first"));
        if (r.status == ResponseStatus.SUBMITTED) {
            throw ProblemException.conflict("Revision " + r.revision + " of this response is already submitted");
        }
        Preconditions.ifPresent(r, ifMatch);
        List<Answer> answers = read(r.answers);
        rejectIfInvalid(AnswerRules.checkComplete(target.questionnaire(), answers));
        markSubmitted(r, target, answers);
        String body = write(view(r));
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
            record.createdAt = clock.instant();
            idempotencyKeys.persist(record);
            try {
                idempotencyKeys.flush();
            } catch (jakarta.persistence.PersistenceException e) {
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
            r = new SurveyResponse();
            r.campaignCode = code;
            r.siren = siren;
            r.status = ResponseStatus.DRAFT;
            r.revision = 1;
            r.createdAt = clock.instant();
            r.updatedAt = r.createdAt;
        }
        List<Answer> ordered = ordered(target.questionnaire(), parsed.answers());
        r.answers = write(ordered);
        if (created) {
            insert(r, () -> ProblemException.conflict("The response was created by another request meanwhile"));
        }
        markSubmitted(r, target, ordered);
        return r.revision;
    }

    public Optional<Saved> reopen(String code, String siren) {
        Campaign campaign = campaigns.findByIdOptional(code).orElseThrow(() -> ProblemException.notFound("No campaign " + code));
        Optional<SurveyResponse> found = responses.findOne(code, siren);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SurveyResponse r = found.get();
        if (campaign.closingDatePassed(clock.instant()) || campaign.status != CampaignStatus.OPEN) {
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
        return Optional.of(new Saved(view(r), r.etag(), false));
    }

    public Page<ResponseSummary> list(String code, ResponseStatus status, int page, int size) {
        campaigns.findByIdOptional(code).orElseThrow(() -> ProblemException.notFound("No campaign " + code));
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
        Collectivity a = target.authority();
        Profile profile = new Profile(a.kind, a.population, a.stratum, a.departement, a.region, a.networkSet());
        SubmissionMessage message = new SubmissionMessage(r.campaignCode, r.siren, r.revision,
                target.campaign().questionnaireVersion, now, profile,
                AnswerRules.withoutText(target.questionnaire(), answers));
        SubmissionRecord record = new SubmissionRecord();
        record.campaignCode = r.campaignCode;
        record.siren = r.siren;
        record.revision = r.revision;
        record.payload = write(message);
        record.submittedAt = now;
        em.persist(record);
        outbox.enqueue(message.key(), message);
    }

    /**
     * Finds what a request is about and checks the caller may see it: an authority outside the
     * caller's reach, a campaign it may not see or that does not invite the authority are all 404.
     */
    Target resolve(String code, String siren, boolean write) {
        Collectivity authority = collectivities.findByIdOptional(siren)
                .filter(a -> write ? caller.mayActFor(a.siren, a.networkSet()) : caller.mayRead(a.siren, a.networkSet()))
                .orElseThrow(() -> ProblemException.notFound("No response of " + siren + " to campaign " + code));
        Campaign campaign = campaigns.findByIdOptional(code)
                .filter(c -> c.status != CampaignStatus.DRAFT || caller.seesEverything())
                .filter(c -> c.invites(authority.siren, authority.networkSet()))
                .orElseThrow(() -> ProblemException.notFound("No campaign " + code + " inviting " + siren));
        Instant now = clock.instant();
        if (campaign.closingDatePassed(now)) {
            campaign.close(now);
        }
        return new Target(campaign, authority, documents.read(campaign.questionnaire));
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
        return new ResponseView(r.campaignCode, r.siren, r.status, r.revision, read(r.answers), r.createdAt, r.updatedAt, r.submittedAt);
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
