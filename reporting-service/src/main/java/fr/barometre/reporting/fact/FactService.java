package fr.barometre.reporting.fact;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.reporting.problem.FieldError;
import fr.barometre.reporting.problem.JsonPaths;
import fr.barometre.reporting.problem.ProblemException;
import fr.barometre.reporting.questionnaire.Questionnaire;
import fr.barometre.reporting.questionnaire.QuestionnaireStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps, per (campaign, authority), the fact with the greatest assessmentVersion. Idempotent on
 * (campaign, SIREN, assessmentVersion); an older fact never overwrites a newer one. TEXT answers are
 * never kept.
 */
@ApplicationScoped
public class FactService {

    private static final Pattern SIREN = Pattern.compile("\\d{9}");
    private static final Pattern STRATUM = Pattern.compile("S[1-6]");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    @Inject
    FactStore store;

    @Inject
    QuestionnaireStore questionnaires;

    @Inject
    ObjectMapper json;

    @Inject
    MeterRegistry metrics;

    /**
     * A fact delivered by scoring-service's relay. The questionnaire is read before the transaction:
     * when survey-service cannot answer, nothing is stored and the sender gets a 503 and retries.
     */
    public IngestReceipt ingest(JsonNode body) {
        Fact fact = prepare(body);
        IngestReceipt receipt = QuarkusTransaction.requiringNew().call(() -> store.upsert(fact));
        metrics.counter("reporting.facts.received", "outcome", receipt.superseded() ? "superseded" : "current").increment();
        return receipt;
    }

    /** Reads, checks and cleans a fact (TEXT answers dropped); 422 when it is not a fact, 503 when the questionnaire is out of reach. */
    public Fact prepare(JsonNode body) {
        Fact fact = read(body);
        check(fact);
        Questionnaire questionnaire = questionnaires.get(fact.campaign(), fact.questionnaireVersion());
        return fact.withAnswers(fact.answers().stream().filter(a -> !questionnaire.isText(a.question())).toList());
    }

    /** Applies a prepared fact in the caller's transaction (the feed's catch-up). */
    public IngestReceipt apply(Fact fact) {
        return store.upsert(fact);
    }

    private Fact read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid(FieldError.ofField("", "a fact is a JSON object"));
        }
        try {
            return json.treeToValue(body, Fact.class);
        } catch (JsonMappingException e) {
            throw ProblemException.invalid("Not a fact: " + e.getOriginalMessage(),
                    List.of(FieldError.ofField(JsonPaths.of(e), "wrong type, format or unknown field")));
        } catch (Exception e) {
            throw ProblemException.invalid(FieldError.ofField("", "not a fact: " + e.getMessage()));
        }
    }

    static void check(Fact f) {
        List<FieldError> errors = new ArrayList<>();
        if (f.campaign() == null || f.campaign().isBlank() || f.campaign().length() > 32) {
            errors.add(FieldError.ofField("campaign", "is required (at most 32 characters)"));
        }
        if (f.siren() == null || !SIREN.matcher(f.siren()).matches()) {
            errors.add(FieldError.ofField("siren", "must be 9 digits"));
        }
        if (f.revision() == null || f.revision() < 1) {
            errors.add(FieldError.ofField("revision", "must be 1 or more"));
        }
        if (f.assessmentVersion() == null || f.assessmentVersion() < 1) {
            errors.add(FieldError.ofField("assessmentVersion", "must be 1 or more"));
        }
        if (f.questionnaireVersion() == null || f.questionnaireVersion().isBlank()) {
            errors.add(FieldError.ofField("questionnaireVersion", "is required"));
        }
        if (f.model() == null || f.model().isBlank()) {
            errors.add(FieldError.ofField("model", "is required"));
        }
        if (f.index() != null && (f.index().signum() < 0 || f.index().compareTo(HUNDRED) > 0)) {
            errors.add(FieldError.ofField("index", "must be between 0 and 100"));
        }
        if (f.profile() == null) {
            errors.add(FieldError.ofField("profile", "is required"));
        } else if (f.profile().stratum() != null && !STRATUM.matcher(f.profile().stratum()).matches()) {
            errors.add(FieldError.ofField("profile.stratum", "must be S1 to S6"));
        }
        checkThemes(f, errors);
        for (int i = 0; i < f.answers().size(); i++) {
            Fact.Answer a = f.answers().get(i);
            String at = "answers[" + i + "]";
            if (a == null || a.question() == null || a.question().isBlank()) {
                errors.add(FieldError.ofField(at + ".question", "is required"));
                continue;
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
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The fact has " + errors.size() + " problem(s)", errors);
        }
    }

    private static void checkThemes(Fact f, List<FieldError> errors) {
        if (f.themes() == null) {
            errors.add(FieldError.ofField("themes", "is required"));
            return;
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
            if (t.engaged() == null) {
                errors.add(FieldError.ofField(at + ".engaged", "is required"));
            }
            if ((t.score() == null) != (t.level() == null)) {
                errors.add(FieldError.ofField(at, "score and level are both given or both null"));
            }
            if (t.score() != null && (t.score().signum() < 0 || t.score().compareTo(HUNDRED) > 0)) {
                errors.add(FieldError.ofField(at + ".score", "must be between 0 and 100"));
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
