package fr.barometre.survey.campaign;

import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.problem.ProblemException;
import fr.barometre.survey.questionnaire.Questionnaire;
import fr.barometre.survey.questionnaire.QuestionnaireDocuments;
import fr.barometre.survey.registry.Collectivity;
import fr.barometre.survey.registry.CollectivityRepository;
import fr.barometre.survey.registry.Siren;
import fr.barometre.survey.security.Caller;
import io.quarkus.logging.Log;
import io.quarkus.panache.common.Sort;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Editions: creation, questionnaire while DRAFT, opening, closing (by an admin or by the closing date). */
@ApplicationScoped
@Transactional
public class CampaignService {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,31}");

    @Inject
    CampaignRepository campaigns;

    @Inject
    CollectivityRepository collectivities;

    @Inject
    QuestionnaireDocuments documents;

    @Inject
    Caller caller;

    @Inject
    CampaignJournal journal;

    @Inject
    CampaignEvents webhooks;

    @Inject
    Clock clock;

    /**
     * Parsed questionnaires by campaign code and row version. Every change of a campaign's row (a
     * questionnaire replaced while DRAFT, its opening, its closing) raises its version, read with the
     * campaign in each request: a replica never serves an older document than the row's, and never
     * needs to be told of a change made elsewhere. An opened campaign's questionnaire never changes.
     */
    private final Map<String, Questionnaire> parsed = new ConcurrentHashMap<>();
    /** Campaigns are few; each change of one gives it a new version (and an entry). */
    private static final int MAX_PARSED = 64;

    public CampaignView create(NewCampaign request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.code() == null || !CODE.matcher(request.code()).matches()) {
            errors.add(FieldError.ofField("code", "must be 1 to 32 letters, digits, '-' or '_'"));
        }
        if (request.title() != null && request.title().length() > 255) {
            errors.add(FieldError.ofField("title", "must be at most 255 characters"));
        }
        Instant now = clock.instant();
        if (request.closesAt() != null && !request.closesAt().isAfter(now)) {
            errors.add(FieldError.ofField("closesAt", "must be in the future"));
        }
        Audience audience = request.audience() == null ? new Audience(null, null) : request.audience();
        checkAudience(audience, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The campaign has " + errors.size() + " problem(s)", errors);
        }
        Questionnaire questionnaire = request.questionnaire() == null || request.questionnaire().isNull()
                ? documents.defaultQuestionnaire()
                : documents.parseAndCheck(request.questionnaire());
        if (campaigns.findByIdOptional(request.code()).isPresent()) {
            throw ProblemException.conflict("A campaign with code " + request.code() + " already exists");
        }
        Campaign c = new Campaign();
        c.code = request.code();
        c.title = request.title() == null || request.title().isBlank() ? "Baromètre " + request.code() : request.title().trim();
        c.status = CampaignStatus.DRAFT;
        c.closesAt = request.closesAt();
        c.audienceNetworks = audience.networks().stream().map(Enum::name).sorted().toArray(String[]::new);
        c.audienceSirens = audience.sirens().stream().sorted().toArray(String[]::new);
        c.questionnaire = documents.write(questionnaire);
        c.questionnaireVersion = questionnaire.version();
        c.createdAt = now;
        campaigns.persist(c);
        journal.created(c);
        return CampaignView.of(c);
    }

    /** Admins and analysts see every campaign; others see the opened ones they may answer or serve. */
    public List<CampaignView> list() {
        return campaigns.listAll(Sort.by("code").descending()).stream()
                .map(this::closeIfPastClosingDate)
                .filter(this::visible)
                .map(CampaignView::of)
                .toList();
    }

    public Optional<CampaignView> find(String code) {
        return visibleCampaign(code).map(CampaignView::of);
    }

    /** The campaign as it stands, whoever asks: closed first when its closing date has passed. */
    public Optional<Campaign> current(String code) {
        return campaigns.findByIdOptional(code).map(this::closeIfPastClosingDate);
    }

    /** The campaign if the caller may see it; closed first when its closing date has passed. */
    public Optional<Campaign> visibleCampaign(String code) {
        return current(code).filter(this::visible);
    }

    /**
     * The campaign a response of this authority belongs to, for a caller who may reach the authority:
     * the campaign must be visible to the caller and invite the authority (else empty, a 404 for the
     * caller); closed first when its closing date has passed.
     */
    public Optional<Campaign> invitingCampaign(String code, Collectivity authority) {
        return current(code).filter(c -> invites(c, authority));
    }

    /**
     * {@link #invitingCampaign}'s rule for a campaign and an authority the caller read together (the
     * caller may reach the authority): the campaign is closed first when its closing date has passed.
     */
    public boolean invites(Campaign c, Collectivity authority) {
        closeIfPastClosingDate(c);
        return visible(c, authority) && c.invites(authority.siren, authority.networkSet());
    }

    public Optional<Questionnaire> questionnaire(String code) {
        return visibleCampaign(code).map(this::questionnaireOf);
    }

    /**
     * A campaign's questionnaire, parsed once per replica and row version: its document (tens of
     * kilobytes, a lazy column) is read from the database only then.
     */
    public Questionnaire questionnaireOf(Campaign c) {
        return questionnaireOf(c, () -> c.questionnaire);
    }

    /** {@link #questionnaireOf(Campaign)} for a campaign read without its document: {@code document} reads it when needed. */
    public Questionnaire questionnaireOf(Campaign c, Supplier<String> document) {
        if (parsed.size() > MAX_PARSED) {
            parsed.clear();
        }
        return parsed.computeIfAbsent(c.code + "@" + c.version, key -> documents.read(document.get()));
    }

    /** A frozen questionnaire, for the other services: the campaign must have opened. */
    public Optional<Questionnaire> frozenQuestionnaire(String code, String version) {
        return campaigns.findByIdOptional(code)
                .filter(c -> c.status != CampaignStatus.DRAFT)
                .filter(c -> version == null || version.equals(c.questionnaireVersion))
                .map(this::questionnaireOf);
    }

    public Optional<Questionnaire> replaceQuestionnaire(String code, com.fasterxml.jackson.databind.JsonNode document) {
        Optional<Campaign> found = campaigns.findByIdOptional(code);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Campaign c = found.get();
        if (c.status != CampaignStatus.DRAFT) {
            throw ProblemException.conflict("The questionnaire of campaign " + code + " is frozen: the campaign is " + c.status);
        }
        Questionnaire questionnaire = documents.parseAndCheck(document);
        c.questionnaire = documents.write(questionnaire);
        c.questionnaireVersion = questionnaire.version();
        journal.questionnaireReplaced(c);
        return Optional.of(questionnaire);
    }

    public Optional<CampaignView> open(String code) {
        return campaigns.findByIdOptional(code).map(c -> {
            if (c.status != CampaignStatus.DRAFT) {
                throw ProblemException.conflict("Campaign " + code + " is " + c.status + "; only a DRAFT campaign opens");
            }
            Instant now = clock.instant();
            if (c.closesAt != null && !c.closesAt.isAfter(now)) {
                throw ProblemException.conflict("Campaign " + code + " cannot open: its closing date " + c.closesAt + " has passed");
            }
            c.status = CampaignStatus.OPEN;
            c.openedAt = now;
            journal.opened(c);
            webhooks.opened(c);
            return CampaignView.of(c);
        });
    }

    public Optional<CampaignView> close(String code) {
        return current(code).map(c -> {
            if (c.status != CampaignStatus.OPEN) {
                throw ProblemException.conflict("Campaign " + code + " is " + c.status + "; only an OPEN campaign closes");
            }
            c.close(clock.instant());
            journal.closed(c);
            webhooks.closed(c);
            return CampaignView.of(c);
        });
    }

    /** Closes the campaigns whose closing date has passed. */
    @Scheduled(every = "${survey.campaigns.closing-check:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void closePastClosingDates() {
        Instant now = clock.instant();
        for (Campaign c : campaigns.openPastClosingDate(now)) {
            c.close(now);
            journal.closedBySystem(c);
            webhooks.closed(c);
            Log.infof("Campaign %s closed: its closing date %s has passed", c.code, c.closesAt);
        }
    }

    private Campaign closeIfPastClosingDate(Campaign c) {
        Instant now = clock.instant();
        if (c.closingDatePassed(now)) {
            c.close(now);
            if (campaigns.isPersistent(c)) {   // a copy read by SQL is closed in memory only: no change, no entry, no event
                journal.closedBySystem(c);
                webhooks.closed(c);
            }
        }
        return c;
    }

    private boolean visible(Campaign c) {
        return visible(c, null);
    }

    /** Whether the caller sees the campaign; {@code known}, when not null, is an authority already read. */
    private boolean visible(Campaign c, Collectivity known) {
        if (caller.seesEverything()) {
            return true;
        }
        if (c.status == CampaignStatus.DRAFT) {
            return false;
        }
        if (caller.isPartner()) {
            return true;
        }
        String siren = caller.collectivity();
        if (caller.isRespondent() && siren != null) {
            if (known != null && known.siren.equals(siren)) {
                return c.invites(known.siren, known.networkSet());
            }
            return collectivities.findByIdOptional(siren).map(a -> c.invites(a.siren, a.networkSet())).orElse(false);
        }
        return false;
    }

    private void checkAudience(Audience audience, List<FieldError> errors) {
        for (String siren : audience.sirens()) {
            if (siren == null || !Siren.isValid(siren)) {
                errors.add(FieldError.ofField("audience.sirens", "'" + siren + "' is not a valid SIREN"));
            } else if (collectivities.findByIdOptional(siren).isEmpty()) {
                errors.add(FieldError.ofField("audience.sirens", siren + " is not in the registry"));
            }
        }
    }
}
