package fr.barometre.scoring.problem;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.core.Response;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bean Validation's refusals of a request body become the 422 problem with each offending value at its
 * JSON path, as RESTEasy Reactive throws them for a {@code @Valid} parameter; violations the caller did not
 * cause (a method's return value, an object the service built) are a 500. Validated here by the real
 * validator on a message shaped like an ingest message, without starting the service.
 */
class ConstraintViolationMappingTest {

    public record Message(
            @NotBlank String campaign,
            @NotNull @Pattern(regexp = "\\d{9}", message = "must be 9 digits") String siren,
            @JsonProperty("questionnaire_version") @NotBlank String questionnaireVersion,
            List<@Valid @NotNull Answer> answers,
            List<@NotBlank String> tags,
            Map<String, @Valid Answer> byTheme) {
    }

    public record Answer(@NotBlank String question, @Max(4) Integer level) {
    }

    /** Stands for a resource method taking a request body. */
    public static class Endpoint {
        public void deliver(@Valid @NotNull Message message) {
        }

        public @NotBlank String receipt() {
            return "";
        }
    }

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void validator() {
        factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    private static Message valid() {
        return new Message("BN-2025", "213100557", "v1",
                List.of(new Answer("Q1", 2), new Answer("Q2", null), new Answer("Q3", 4)),
                List.of("a", "b"), Map.of("DIA", new Answer("Q1", 1)));
    }

    private static Set<ConstraintViolation<Endpoint>> deliver(Message message) throws NoSuchMethodException {
        Method deliver = Endpoint.class.getMethod("deliver", Message.class);
        return validator.forExecutables().validateParameters(new Endpoint(), deliver, new Object[] {message});
    }

    private static Problem mapped(Set<? extends ConstraintViolation<?>> violations, int status) {
        Response response = new ProblemMapper().constraintViolation(new ConstraintViolationException(violations), null);
        assertEquals(status, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        return (Problem) response.getEntity();
    }

    @Test
    void aValidBodyHasNoViolation() throws Exception {
        assertTrue(deliver(valid()).isEmpty());
    }

    @Test
    void eachViolationOfABodyIsAFieldErrorAtItsJsonPath() throws Exception {
        Message m = valid();
        Message bad = new Message(" ", "12345", m.questionnaireVersion(),
                List.of(m.answers().get(0), m.answers().get(1), new Answer("", 7)), m.tags(), m.byTheme());

        Problem problem = mapped(deliver(bad), 422);

        assertEquals(ProblemTypes.VALIDATION, problem.type());
        assertEquals("Validation failed", problem.title());
        assertEquals(422, problem.status());
        assertEquals(List.of(
                FieldError.ofField("answers[2].level", "must be less than or equal to 4"),
                FieldError.ofField("answers[2].question", "must not be blank"),
                FieldError.ofField("campaign", "must not be blank"),
                FieldError.ofField("siren", "must be 9 digits")), problem.errors());
        assertEquals("The request body has 4 problem(s): answers[2].level, answers[2].question, campaign, siren", problem.detail());
    }

    @Test
    void aRenamedPropertyIsNamedAsInTheJson() throws Exception {
        Message m = valid();
        Message bad = new Message(m.campaign(), m.siren(), "", m.answers(), m.tags(), m.byTheme());

        assertEquals(List.of(FieldError.ofField("questionnaire_version", "must not be blank")), mapped(deliver(bad), 422).errors());
    }

    @Test
    void elementsOfListsAndEntriesOfMapsAreInThePath() throws Exception {
        Message m = valid();
        List<Answer> answers = new java.util.ArrayList<>(m.answers());
        answers.set(1, null);
        Message bad = new Message(m.campaign(), m.siren(), m.questionnaireVersion(), answers,
                List.of("a", ""), Map.of("DIA", new Answer(null, 1)));

        assertEquals(List.of(
                FieldError.ofField("answers[1]", "must not be null"),
                FieldError.ofField("byTheme.DIA.question", "must not be blank"),
                FieldError.ofField("tags[1]", "must not be blank")), mapped(deliver(bad), 422).errors());
    }

    @Test
    void aMissingBodyIsAViolationOfTheWholeBody() throws Exception {
        Problem problem = mapped(deliver(null), 422);

        assertEquals(List.of(FieldError.ofField("", "must not be null")), problem.errors());
        assertEquals("The request body has 1 problem(s): the body itself", problem.detail());
    }

    @Test
    void aViolationOnAReturnedValueIsTheServicesFailure() throws Exception {
        Method receipt = Endpoint.class.getMethod("receipt");
        Set<ConstraintViolation<Endpoint>> violations = validator.forExecutables().validateReturnValue(new Endpoint(), receipt, "");
        assertEquals(1, violations.size());

        Problem problem = mapped(violations, 500);

        assertEquals(ProblemTypes.INTERNAL, problem.type());
        assertNull(problem.errors());
    }

    @Test
    void aViolationOnAnObjectTheServiceBuiltIsTheServicesFailure() {
        Set<ConstraintViolation<Message>> violations = validator.validate(new Message("", "213100557", "v1", List.of(), List.of(), Map.of()));
        assertEquals(1, violations.size());

        assertEquals(ProblemTypes.INTERNAL, mapped(violations, 500).type());
    }
}
