package fr.barometre.reporting.fact;

import com.fasterxml.jackson.databind.JsonNode;
import fr.barometre.reporting.ingest.Arrivals;
import fr.barometre.reporting.ingest.Fact;
import fr.barometre.reporting.ingest.FactReader;
import fr.barometre.reporting.ingest.FactIntake;
import fr.barometre.reporting.ingest.IngestReceipt;
import fr.barometre.reporting.problem.FieldError;
import fr.barometre.reporting.problem.ProblemException;
import fr.barometre.reporting.problem.ViolationPaths;
import fr.barometre.reporting.observability.Traces;
import fr.barometre.reporting.questionnaire.Questionnaire;
import fr.barometre.reporting.questionnaire.QuestionnaireStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps, per (campaign, authority), the fact with the greatest assessmentVersion. Idempotent on
 * (campaign, SIREN, assessmentVersion); an older fact never overwrites a newer one. TEXT answers are
 * never kept.
 *
 * <p>A fact is checked twice over, and its problems answered together: the message's constraints
 * (Bean Validation, on {@link Fact}) and the barometer's rules here (theme codes, the maturity scale,
 * what an answer holds). A problem with an answer names its question.
 */
@ApplicationScoped
public class FactService implements FactIntake {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @Inject
    FactStore store;

    @Inject
    QuestionnaireStore questionnaires;

    @Inject
    Validator validator;

    @Inject
    MeterRegistry metrics;

    @Inject
    FactReader reader;

    @Inject
    Traces spans;

    /**
     * A fact delivered by scoring-service's relay. The questionnaire is read before the transaction:
     * when survey-service cannot answer, nothing is stored and the sender gets a 503 and retries.
     */
    @Override
    public IngestReceipt ingest(Fact delivered) {
        Fact fact = prepare(delivered);
        IngestReceipt receipt = QuarkusTransaction.requiringNew().call(() -> store.upsert(fact));
        count(List.of(receipt));
        return receipt;
    }

    @Override
    public Arrivals arrive(List<JsonNode> messages, String spanName) {
        Arrivals arrivals = new Arrivals();
        Map<String, ProblemException> unavailable = new HashMap<>();   // questionnaires survey-service could not give, this time
        for (JsonNode message : messages) {
            Span span = spans.start(Arrivals.traceparent(message), spanName);
            try (Scope ignored = span.makeCurrent()) {
                arrivals.ready(span, prepare(reader.read(message), f -> questionnaire(f, unavailable)));
            } catch (ProblemException e) {
                arrivals.refused(span, e);
            } catch (RuntimeException e) {
                span.end();
                arrivals.close();
                throw e;
            }
        }
        return arrivals;
    }

    @Override
    public void keep(Arrivals arrivals) {
        List<IngestReceipt> receipts = store.keepAll(arrivals.facts());
        arrivals.kept(receipts);
        count(receipts);
    }

    @Override
    public List<JsonNode> notHeld(List<JsonNode> keys) {
        List<JsonNode> missing = new ArrayList<>();
        List<JsonNode> named = new ArrayList<>(keys.size());
        List<String> campaigns = new ArrayList<>(keys.size());
        List<String> sirens = new ArrayList<>(keys.size());
        List<Integer> versions = new ArrayList<>(keys.size());
        for (JsonNode key : keys) {
            JsonNode campaign = key.path("campaign");
            JsonNode siren = key.path("siren");
            JsonNode version = key.path("assessmentVersion");
            if (!campaign.isTextual() || !siren.isTextual() || !version.isIntegralNumber() || !version.canConvertToInt()) {
                missing.add(key);
                continue;
            }
            named.add(key);
            campaigns.add(campaign.asText());
            sirens.add(siren.asText());
            versions.add(version.intValue());
        }
        if (!named.isEmpty()) {
            store.notHeld(campaigns, sirens, versions).forEach(i -> missing.add(named.get(i)));
        }
        return missing;
    }

    @Override
    public Arrivals ingestAll(List<JsonNode> messages, String spanName) {
        Arrivals arrivals = arrive(messages, spanName);
        try {
            QuarkusTransaction.requiringNew().run(() -> keep(arrivals));
            return arrivals;
        } catch (RuntimeException e) {
            arrivals.close();
            throw e;
        }
    }

    private void count(List<IngestReceipt> receipts) {
        long superseded = receipts.stream().filter(IngestReceipt::superseded).count();
        metrics.counter("reporting.facts.received", "outcome", "superseded").increment(superseded);
        metrics.counter("reporting.facts.received", "outcome", "current").increment(receipts.size() - superseded);
    }

    /** A fact's questionnaire; one survey-service could not give is not asked for again for the other facts of the same arrivals. */
    private Questionnaire questionnaire(Fact fact, Map<String, ProblemException> unavailable) {
        String key = fact.campaign() + '\u0000' + fact.questionnaireVersion();
        ProblemException known = unavailable.get(key);
        if (known != null) {
            throw known;
        }
        try {
            return questionnaires.get(fact.campaign(), fact.questionnaireVersion());
        } catch (ProblemException e) {
            if (e.status() == 503) {
                unavailable.put(key, e);
            }
            throw e;
        }
    }

    /** Checks and cleans a fact (TEXT answers dropped); 422 when it is not a fact, 503 when the questionnaire is out of reach. */
    @Override
    public Fact prepare(Fact fact) {
        return prepare(fact, f -> questionnaires.get(f.campaign(), f.questionnaireVersion()));
    }

    private Fact prepare(Fact fact, Function<Fact, Questionnaire> questionnaireOf) {
        if (fact == null) {
            throw ProblemException.invalid(FieldError.ofField("", "a fact is a JSON object"));
        }
        List<FieldError> errors = new ArrayList<>(constraints(fact));
        errors.addAll(rules(fact));
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The fact has " + errors.size() + " problem(s)", errors);
        }
        Questionnaire questionnaire = questionnaireOf.apply(fact);
        Set<String> text = questionnaire.textQuestions();
        return fact.withAnswers(fact.answers().stream().filter(a -> !text.contains(a.question())).toList());
    }

    /** Applies a prepared fact in the caller's transaction (the feed's catch-up). */
    @Override
    public IngestReceipt apply(Fact fact) {
        return store.upsert(fact);
    }

    /** The message's own constraints broken, each at its full JSON path, in path order. */
    private List<FieldError> constraints(Fact fact) {
        return validator.validate(fact).stream()
                .map(v -> FieldError.ofField(ViolationPaths.of(v), v.getMessage()))
                .distinct()
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
    }

    /** The barometer's rules a fact must follow; those its constraints already refuse are not said twice. */
    static List<FieldError> rules(Fact f) {
        List<FieldError> errors = new ArrayList<>();
        checkThemes(f, errors);
        for (int i = 0; i < f.answers().size(); i++) {
            Fact.Answer a = f.answers().get(i);
            if (a == null) {
                errors.add(FieldError.ofField("answers[" + i + "].question", "is required"));
                continue;
            }
            if (a.question() == null || a.question().isBlank()) {
                continue;   // a constraint of the message: nothing to name the answer by
            }
            if (a.level() != null && (a.level() < 0 || a.level() > Themes.MAX_LEVEL)) {
                errors.add(FieldError.ofQuestion(a.question(), "level must be 0 to " + Themes.MAX_LEVEL));
            }
            if (a.abstention() != null && !Themes.ABSTENTIONS.contains(a.abstention())) {
                errors.add(FieldError.ofQuestion(a.question(), "abstention must be NSP or NA"));
            }
            if (a.value() != null && (a.value().isObject() || (a.value().isArray() && !allScalar(a.value())))) {
                errors.add(FieldError.ofQuestion(a.question(), "value must be a code, a list of codes, a number or a boolean"));
            }
            if (a.level() == null && a.abstention() == null && (a.value() == null || a.value().isNull())) {
                errors.add(FieldError.ofQuestion(a.question(), "an answer has a level, an abstention or a value"));
            }
        }
        return errors;
    }

    private static void checkThemes(Fact f, List<FieldError> errors) {
        if (f.themes() == null) {
            return;   // a constraint of the message
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < f.themes().size(); i++) {
            Fact.ThemeFact t = f.themes().get(i);
            String at = "themes[" + i + "]";
            if (t == null || !Themes.CODES.contains(t.theme())) {
                errors.add(FieldError.ofField(at + ".theme", "must be one of " + Themes.CODES));
                continue;
            }
            if (seen.contains(t.theme())) {
                errors.add(FieldError.ofField(at + ".theme", "appears twice"));
            }
            seen.add(t.theme());
            if ((t.score() == null) != (t.level() == null)) {
                errors.add(FieldError.ofField(at, "score and level are both given or both null"));
            }
            if (t.level() != null && (t.level() < 0 || t.level() > Themes.MAX_LEVEL)) {
                errors.add(FieldError.ofField(at + ".level", "must be 0 to " + Themes.MAX_LEVEL));
            }
            if (Boolean.TRUE.equals(t.engaged()) && t.score() == null) {
                errors.add(FieldError.ofField(at + ".engaged", "a theme without a score is not engaged"));
            }
        }
    }

    private static boolean allScalar(JsonNode array) {
        for (JsonNode v : array) {
            if (!v.isValueNode() || v.isNull()) {
                return false;
            }
        }
        return true;
    }
}
