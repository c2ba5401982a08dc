package fr.barometre.reporting.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.reporting.problem.FieldError;
import fr.barometre.reporting.problem.JsonPaths;
import fr.barometre.reporting.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;

/**
 * JSON that should be a fact, read as the delivery endpoint reads its body (the service's Jackson
 * settings: an unknown field is refused): what cannot be read as a fact is a 422 naming the field,
 * like a fact that breaks a rule, so that its sender parks it or the catch-up skips it.
 */
@ApplicationScoped
public class FactReader {

    @Inject
    ObjectMapper json;

    /** An item of scoring-service's feed as a fact, or a 422. */
    public Fact read(JsonNode item) {
        if (item == null || !item.isObject()) {
            throw notAnObject();
        }
        try {
            return json.treeToValue(item, Fact.class);
        } catch (JsonMappingException e) {
            throw notAFact(e);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalid(FieldError.ofField("", "not a fact: " + e.getOriginalMessage()));
        }
    }

    static ProblemException notAnObject() {
        return ProblemException.invalid(FieldError.ofField("", "a fact is a JSON object"));
    }

    /** JSON Jackson cannot map to a fact: a value of the wrong type or format, or an unknown field. */
    static ProblemException notAFact(JsonMappingException e) {
        return ProblemException.invalid("Not a fact: " + e.getOriginalMessage(),
                List.of(FieldError.ofField(JsonPaths.of(e), "wrong type, format or unknown field")));
    }
}
