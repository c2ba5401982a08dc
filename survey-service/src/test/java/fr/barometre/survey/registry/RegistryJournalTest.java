package fr.barometre.survey.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.barometre.survey.testing.EmbeddedPostgresResource;
import fr.barometre.survey.testing.JournalRows;
import fr.barometre.survey.testing.JournalRows.Row;
import fr.barometre.survey.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The journal of the registry: an authority created or edited, an import with its counts; nothing for a refusal. */
@QuarkusTest
@WithTestResource(EmbeddedPostgresResource.class)
@WithTestResource(OidcWiremockTestResource.class)
class RegistryJournalTest {

    /** Valid SIRENs that neither the shipped registry nor another test class holds. */
    private static final String CREATED = "999901002";
    private static final String IMPORTED = "999901010";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anAuthorityCreatedThenEditedIsJournaledOnceEach() {
        String target = "collectivity:" + CREATED;
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"siren\": \"" + CREATED + "\", \"name\": \"Syndicat test\", \"kind\": \"REGION\", \"region\": \"53\"}")
                .post("/collectivities").then().statusCode(201);
        given().auth().oauth2(Tokens.admin()).contentType("application/json")
                .body("{\"siren\": \"" + CREATED + "\", \"name\": \"Again\", \"kind\": \"REGION\", \"region\": \"53\"}")
                .post("/collectivities").then().statusCode(409);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"population\": -1}")
                .patch("/collectivities/" + CREATED).then().statusCode(422);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"population\": 1000}")
                .patch("/collectivities/999901028").then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).contentType("application/json").body("{\"population\": 1000}")
                .patch("/collectivities/" + CREATED).then().statusCode(200);

        List<Row> rows = JournalRows.of(target);
        assertEquals(List.of("collectivity.created", "collectivity.updated"), rows.stream().map(Row::action).toList());
        assertEquals("{\"fields\": [\"population\"]}", rows.get(1).detail());
        assertEquals("admin", rows.get(1).actorName());
        assertTrue(JournalRows.of("collectivity:999901028").isEmpty());
    }

    @Test
    void anImportIsJournaledWithItsCountsAndARefusedOneIsNot() throws Exception {
        String communes = """
                [{"code": "01997", "nom": "Commune journalisée", "type": "commune-actuelle", "departement": "01", "region": "84",
                  "siren": "%s", "population": 800}]""".formatted(IMPORTED);
        long before = JournalRows.lastId();
        given().auth().oauth2(Tokens.admin())
                .multiPart("communes", "communes.json", "[]".getBytes(StandardCharsets.UTF_8), "application/json")
                .post("/collectivities/import").then().statusCode(422);
        String request = "test-" + UUID.randomUUID();
        given().auth().oauth2(Tokens.admin()).header("X-Request-Id", request)
                .multiPart("communes", "communes.json", communes.getBytes(StandardCharsets.UTF_8), "application/json")
                .multiPart("epci", "epci.json", "[]".getBytes(StandardCharsets.UTF_8), "application/json")
                .post("/collectivities/import").then().statusCode(200);

        List<Row> imports = JournalRows.after(before).stream().filter(r -> r.action().equals("registry.imported")).toList();
        assertEquals(1, imports.size());
        Row row = imports.get(0);
        assertEquals("registry", row.target());
        assertEquals(request, row.requestId());
        assertEquals("admin", row.actorName());
        assertEquals(JSON.readTree("{\"added\": 1, \"updated\": 0, \"unchanged\": 0, \"skipped\": 0}"), JSON.readTree(row.detail()));
        given().auth().oauth2(Tokens.analyst()).get("/collectivities/" + IMPORTED).then().statusCode(200);
    }

    @Test
    void theRegistryShippedWithTheServiceIsJournaledOnceAsTheSystemsImport() throws Exception {
        List<Row> loaded = JournalRows.after(0).stream()
                .filter(r -> r.action().equals("registry.imported") && r.actorKind().equals("SYSTEM")).toList();
        assertEquals(1, loaded.size(), "the registry was empty once, at the first start");
        assertEquals("survey-service", loaded.get(0).actorName());
        assertEquals("registry empty at startup", loaded.get(0).actorTrigger());
        assertTrue(JSON.readTree(loaded.get(0).detail()).get("added").asInt() > 30000);
    }
}
