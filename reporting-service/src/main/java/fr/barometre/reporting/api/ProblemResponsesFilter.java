package fr.barometre.reporting.api;

import fr.barometre.reporting.problem.Problem;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.List;
import java.util.Map;

/**
 * Completes the OpenAPI document: every error response is an {@code application/problem+json}
 * Problem, and every secured operation documents 401 and 403, every operation with a body 400 and 415.
 */
public class ProblemResponsesFilter implements OASFilter {

    private static final String PROBLEM_REF = "#/components/schemas/Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("FieldError", OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("One problem: about a question of the questionnaire, or a field of the request")
                .addProperty("question", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).examples(List.of("DIA-PLAN-FORMATION")))
                .addProperty("field", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).examples(List.of("siren")))
                .addProperty("message", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).examples(List.of("is required"))));
        openAPI.getComponents().addSchema("Problem", OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details")
                .addProperty("type", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).format("uri"))
                .addProperty("title", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)))
                .addProperty("detail", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty("instance", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty("errors", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .items(OASFactory.createSchema().ref("#/components/schemas/FieldError"))));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            Map<org.eclipse.microprofile.openapi.models.PathItem.HttpMethod, Operation> operations = item.getOperations();
            if (operations == null) {
                return;
            }
            operations.values().forEach(operation -> complete(operation, openAPI));
        });
    }

    private static void complete(Operation operation, OpenAPI openAPI) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        boolean secured = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
        if (secured) {
            addIfAbsent(responses, "401", "Missing, expired or invalid access token (issuer, audience, signature)");
            addIfAbsent(responses, "403", "The caller's roles do not allow this operation");
        }
        if (operation.getRequestBody() != null) {
            addIfAbsent(responses, "400", "Malformed JSON, an unknown field or a value of the wrong type");
            addIfAbsent(responses, "415", "Content-Type not supported");
        }
        addIfAbsent(responses, "406", "The Accept header asks for a media type the service does not produce");
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                response.setContent(problemContent());
            }
        });
    }

    private static void addIfAbsent(APIResponses responses, String status, String description) {
        if (responses.getAPIResponse(status) == null) {
            APIResponse response = OASFactory.createAPIResponse().description(description);
            responses.addAPIResponse(status, response);
        }
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF)));
    }
}
