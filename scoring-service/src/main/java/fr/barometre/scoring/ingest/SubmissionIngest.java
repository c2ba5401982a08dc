package fr.barometre.scoring.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.scoring.assessment.AssessmentRepository;
import fr.barometre.scoring.assessment.AssessmentService;
import fr.barometre.scoring.engine.Answer;
import fr.barometre.scoring.model.ModelDefinition;
import fr.barometre.scoring.model.ModelService;
import fr.barometre.scoring.observability.Traces;
import fr.barometre.scoring.problem.FieldError;
import fr.barometre.scoring.problem.Problem;
import fr.barometre.scoring.problem.ProblemMapper;
import fr.barometre.scoring.problem.ProblemException;
import fr.barometre.scoring.problem.ViolationPaths;
import fr.barometre.scoring.questionnaire.Questionnaire;
import fr.barometre.scoring.questionnaire.QuestionnaireStore;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Submissions received, from survey-service's deliveries (one or a batch) and from its feed (the
 * catch-up): each is checked (see {@link #check}), kept once, and assessed unless a newer revision of
 * the same response came first. Many are taken set-based, in one transaction: the authorities' locks
 * in one statement, what was received of them in one query, the new submissions, assessments and
 * facts each written in one statement. Each message keeps its own outcome, in the order given.
 */
@ApplicationScoped
public class SubmissionIngest {

    /** The most messages one call may carry ({@code POST /internal/assessments/batch}). */
    public static final int BATCH_MAX = 500;

    @Inject
    SubmissionRepository submissions;

    @Inject
    AssessmentService assessments;

    @Inject
    QuestionnaireStore questionnaires;

    @Inject
    ModelService models;

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    @Inject
    Traces spans;

    /** The single endpoint's mapping of a body JSON binding refused, for a message of a batch binding refused. */
    private final ProblemMapper bindingProblems = new ProblemMapper();

    /**
     * What became of one message: a receipt (taken now, before, or superseded) or the problem that
     * refused it (400 or 422 for good, 503 for now: nothing of it was stored).
     */
    public record Outcome(IngestReceipt receipt, ProblemException refusal) {
        public int status() {
            return refusal == null ? 200 : refusal.status();
        }
    }

    /**
     * Records a delivered submission and assesses it, as a batch of one. Idempotent on (campaign,
     * SIREN, revision); an older revision never replaces a newer one. When survey-service cannot answer
     * for the questionnaire, nothing is stored and the caller gets a 503.
     */
    public IngestReceipt ingest(SubmissionMessage message) {
        Outcome outcome = take(List.of(new Item(message, null)), "ingest submission").get(0);
        if (outcome.refusal() != null) {
            throw outcome.refusal();
        }
        return outcome.receipt();
    }

    /**
     * Takes many messages, each as {@link #ingest} would, in one transaction: one outcome per message,
     * in the same order. A message that is not a submission message (400), breaks its rules (422) or
     * whose questionnaire cannot be read now (503) changes nothing and costs the others nothing. Each is
     * handled within a span named {@code spanName}, the child of its own {@code traceparent}.
     */
    public List<Outcome> ingestAll(List<JsonNode> messages, String spanName) {
        List<Item> items = new ArrayList<>(messages.size());
        for (JsonNode node : messages) {
            try {
                items.add(new Item(json.treeToValue(node, SubmissionMessage.class), null));
            } catch (JsonProcessingException e) {
                Problem p = (Problem) bindingProblems.malformed(e, null).getEntity();
                items.add(new Item(null, new ProblemException(p.status(), p.type(), p.title(), p.detail(), p.errors())));
            }
        }
        return take(items, spanName);
    }

    /**
     * The keys, of those given ({@code campaign}, {@code siren}, {@code revision}: a feed page's keys, or its
     * items), whose submission is not held yet, in their order: one read, no binding, no check, no lock. A key
     * that does not name a submission (a field missing or of another type) is not held: its page is read whole,
     * and its item refused there as a delivery would be.
     */
    public List<JsonNode> notHeld(List<JsonNode> keys) {
        List<JsonNode> unreadable = new ArrayList<>();
        List<JsonNode> named = new ArrayList<>(keys.size());
        List<String> campaigns = new ArrayList<>(keys.size());
        List<String> sirens = new ArrayList<>(keys.size());
        List<Integer> revisions = new ArrayList<>(keys.size());
        for (JsonNode key : keys) {
            JsonNode campaign = key.path("campaign");
            JsonNode siren = key.path("siren");
            JsonNode revision = key.path("revision");
            if (!campaign.isTextual() || !siren.isTextual() || !revision.isIntegralNumber() || !revision.canConvertToInt()) {
                unreadable.add(key);
                continue;
            }
            named.add(key);
            campaigns.add(campaign.asText());
            sirens.add(siren.asText());
            revisions.add(revision.intValue());
        }
        List<JsonNode> missing = new ArrayList<>(unreadable);
        if (!named.isEmpty()) {
            submissions.notHeld(campaigns, sirens, revisions).forEach(i -> missing.add(named.get(i)));
        }
        return missing;
    }

    /** A message as bound, or why it could not be. */
    private record Item(SubmissionMessage message, ProblemException unbound) {
    }

    private List<Outcome> take(List<Item> items, String spanName) {
        int n = items.size();
        Outcome[] outcomes = new Outcome[n];
        Span[] opened = new Span[n];
        Questionnaire[] forms = new Questionnaire[n];
        Map<String, ProblemException> unreadable = new HashMap<>();
        List<Integer> valid = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                Item item = items.get(i);
                SubmissionMessage m = item.message();
                opened[i] = spans.start(m == null ? null : m.traceparent(), spanName);
                try (Scope ignored = opened[i].makeCurrent()) {
                    if (item.unbound() != null) {
                        throw item.unbound();
                    }
                    check(m);
                    forms[i] = questionnaire(m, unreadable);
                    valid.add(i);
                } catch (ProblemException refused) {
                    outcomes[i] = new Outcome(null, refused);
                }
            }
            if (!valid.isEmpty()) {
                QuarkusTransaction.requiringNew().run(() -> record(items, valid, forms, opened, outcomes));
            }
        } catch (RuntimeException e) {
            for (Span span : opened) {
                if (span != null) {
                    Traces.end(span, e);
                }
            }
            throw e;
        }
        for (int i = 0; i < n; i++) {
            Traces.end(opened[i], outcomes[i].refusal());
        }
        return List.of(outcomes);
    }

    /** The message's questionnaire, read once per (campaign, version) and call; a 503 for every message of one that cannot be read. */
    private Questionnaire questionnaire(SubmissionMessage m, Map<String, ProblemException> unreadable) {
        String key = m.campaign() + "\u0000" + m.questionnaireVersion();
        ProblemException known = unreadable.get(key);
        if (known != null) {
            throw known;
        }
        try {
            return questionnaires.get(m.campaign(), m.questionnaireVersion());
        } catch (ProblemException e) {
            unreadable.put(key, e);
            throw e;
        }
    }

    /** An authority's record as the batch goes: what was received and assessed of it, before and within the batch. */
    private static final class Ledger {
        final Set<Integer> received = new HashSet<>();
        final Map<Integer, Integer> firstVersions = new HashMap<>();
        int newest;
        int lastVersion;
    }

    /**
     * The valid messages, in order, in one transaction: each is a redelivery (answered as the first
     * delivery was), superseded by a newer revision received before it (kept, not assessed), or a new
     * assessment with the authority's next version; messages of one authority are taken in the order given.
     * What was received is read first without a lock: a revision held is held for good, with its first
     * answer, so messages that are all redeliveries (a catch-up reading again what deliveries brought) cost
     * that read only. Only the authorities with a revision not held yet are locked, and read again under
     * their lock, before anything of them is written.
     */
    private void record(List<Item> items, List<Integer> valid, Questionnaire[] forms, Span[] opened, Outcome[] outcomes) {
        List<SubmissionMessage> messages = valid.stream().map(i -> items.get(i).message()).toList();
        Map<String, Ledger> ledgers = ledgers(messages);
        List<SubmissionMessage> changing = messages.stream()
                .filter(m -> !ledgers.get(AssessmentRepository.lockKey(m.campaign(), m.siren())).received.contains(m.revision()))
                .toList();
        if (!changing.isEmpty()) {
            assessments.lockAuthorities(changing.stream().map(m -> AssessmentRepository.lockKey(m.campaign(), m.siren())).toList());
            ledgers.putAll(ledgers(changing));   // what was received of them, now that no one else writes it
        }
        Map<String, String> modelIds = new HashMap<>();
        List<SubmissionRepository.NewSubmission> kept = new ArrayList<>();
        List<AssessmentService.Assessing> work = new ArrayList<>();
        for (int i : valid) {
            SubmissionMessage m = items.get(i).message();
            Ledger ledger = ledgers.get(AssessmentRepository.lockKey(m.campaign(), m.siren()));
            int revision = m.revision();
            Integer version;
            if (!ledger.received.add(revision)) {
                version = ledger.firstVersions.get(revision);   // a redelivery answers as the first delivery did
            } else {
                kept.add(new SubmissionRepository.NewSubmission(m.campaign(), m.siren(), revision, write(m)));
                if (revision < ledger.newest) {
                    version = null;   // a newer revision came first: kept, not assessed
                } else {
                    ledger.newest = revision;
                    version = ++ledger.lastVersion;
                    ledger.firstVersions.put(revision, version);
                    String modelId = modelIds.computeIfAbsent(m.campaign(), models::forCampaign);
                    ModelDefinition model = models.definition(modelId).orElseThrow();
                    work.add(new AssessmentService.Assessing(m, forms[i], modelId, model, version, Traces.traceparentOf(opened[i])));
                }
            }
            outcomes[i] = new Outcome(new IngestReceipt(m.campaign(), m.siren(), revision, version, version == null), null);
        }
        submissions.insertAll(kept);
        assessments.assessAll(work);
    }

    /** What was received and assessed of the messages' authorities, by {@link AssessmentRepository#lockKey}, in one query. */
    private Map<String, Ledger> ledgers(List<SubmissionMessage> messages) {
        Map<String, Ledger> ledgers = new LinkedHashMap<>();
        List<String> campaigns = new ArrayList<>();
        List<String> sirens = new ArrayList<>();
        for (SubmissionMessage m : messages) {
            if (ledgers.putIfAbsent(AssessmentRepository.lockKey(m.campaign(), m.siren()), new Ledger()) == null) {
                campaigns.add(m.campaign());
                sirens.add(m.siren());
            }
        }
        for (SubmissionRepository.ReceivedSoFar r : submissions.receivedSoFar(campaigns, sirens)) {
            Ledger ledger = ledgers.get(AssessmentRepository.lockKey(r.campaign(), r.siren()));
            ledger.received.addAll(r.revisions());
            ledger.newest = r.revisions().stream().mapToInt(Integer::intValue).max().orElse(0);
            for (int k = 0; k < r.assessedRevisions().size(); k++) {
                ledger.firstVersions.put(r.assessedRevisions().get(k), r.firstVersions().get(k));
            }
            ledger.lastVersion = r.lastVersion();
        }
        return ledgers;
    }

    /**
     * Refuses a message with a 422 listing every problem: its constraints broken (Bean Validation on
     * {@link SubmissionMessage}, each at its JSON path), then the maturity scale's rules broken by an
     * answer ({@link Answer#problem}, each naming its question).
     */
    private void check(SubmissionMessage m) {
        if (m == null) {
            throw ProblemException.badRequest("A submission message is required");
        }
        List<FieldError> errors = new ArrayList<>(validator.validate(m).stream()
                .map(v -> FieldError.ofField(ViolationPaths.of(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList());
        if (m.answers() != null) {
            m.answers().stream().filter(a -> a != null && a.question() != null)
                    .forEach(a -> a.problem().ifPresent(problem -> errors.add(FieldError.ofQuestion(a.question(), problem))));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The submission message has " + errors.size() + " problem(s)", errors);
        }
    }

    /** A kept submission, as it was received (rescoring's input). */
    public SubmissionMessage read(String payload) {
        try {
            return json.readValue(payload, SubmissionMessage.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A kept submission cannot be read", e);
        }
    }

    private String write(SubmissionMessage m) {
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
