package fr.barometre.survey.questionnaire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.problem.FieldError;
import fr.barometre.survey.problem.ProblemException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Reads, checks and writes questionnaire documents; holds the default barometer questionnaire. */
@ApplicationScoped
public class QuestionnaireDocuments {

    static final String DEFAULT_RESOURCE = "/questionnaire/default-questionnaire.json";

    @Inject
    ObjectMapper mapper;

    private ObjectMapper strict;
    private Questionnaire defaultQuestionnaire;

    @PostConstruct
    void init() {
        strict = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        try (InputStream in = QuestionnaireDocuments.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The default questionnaire " + DEFAULT_RESOURCE + " is missing");
            }
            defaultQuestionnaire = strict.readValue(in, Questionnaire.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<FieldError> errors = QuestionnaireRules.check(defaultQuestionnaire);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("The default questionnaire is invalid: " + errors);
        }
    }

    public Questionnaire defaultQuestionnaire() {
        return defaultQuestionnaire;
    }

    /** A document sent by an admin: every problem is a 422 listing them all. */
    public Questionnaire parseAndCheck(JsonNode document) {
        if (document == null || !document.isObject()) {
            throw ProblemException.invalid(FieldError.ofField("questionnaire", "must be a questionnaire document (a JSON object)"));
        }
        Questionnaire questionnaire;
        try {
            questionnaire = strict.treeToValue(document, Questionnaire.class);
        } catch (JsonMappingException e) {
            String path = fr.barometre.survey.problem.JsonPaths.of(e);
            throw ProblemException.invalid("The questionnaire is not of the expected shape",
                    List.of(FieldError.ofField(path.isEmpty() ? "questionnaire" : path, e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid(FieldError.ofField("questionnaire", e.getOriginalMessage()));
        }
        List<FieldError> errors = QuestionnaireRules.check(questionnaire);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The questionnaire has " + errors.size() + " problem(s)", errors);
        }
        return questionnaire;
    }

    /** A stored document (parsed once per campaign version: {@code CampaignService.questionnaireOf}). */
    public Questionnaire read(String json) {
        try {
            return mapper.readValue(json, Questionnaire.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored questionnaire cannot be read", e);
        }
    }

    public String write(Questionnaire questionnaire) {
        try {
            return mapper.writeValueAsString(questionnaire);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
